package org.iommuscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.iommuscope.app.whatif.WhatIfPending;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A long trace still running has no what-if session yet: a right-click on its canvas, on an object or the
 * background, shows one greyed item saying so and how far the run is; once the session comes, the notice goes.
 */
@ExtendWith(ApplicationExtension.class)
class WhatIfPendingTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void aRightClickWhileStepsRunSaysWhatIfComesOnceTheyHaveRun(FxRobot robot) {
        MainWindow w = WindowOnStage.show(robot, stage, SeedFrames.frames(Profile.V6_15));
        WhatIfPending[] pending = new WhatIfPending[1];
        robot.interact(() -> {
            w.model().loadingProgress("running steps 2,000 / ~100,000", 0.02);
            w.stepper().jump(SeedFrames.AFTER_REPLACE);
            pending[0] = WhatIfPending.install(w);
        });
        WaitForAsyncUtils.waitForFxEvents();

        robot.rightClickOn(robot.point(w.canvas()).atPosition(Pos.TOP_LEFT).atOffset(new Point2D(8, 8)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(pending[0].menu().isShowing(), "the notice on the background");
        MenuItem item = pending[0].menu().getItems().get(0);
        assertTrue(item.isDisable(), "greyed: nothing to do yet");
        assertEquals("What-if opens once every step has run — running steps 2,000 / ~100,000", item.getText());
        robot.interact(() -> w.model().loadingProgress("running steps 61,000 / ~100,000", 0.61));
        assertEquals("What-if opens once every step has run — running steps 61,000 / ~100,000", item.getText(), "it follows the run");
        robot.interact(() -> pending[0].menu().hide());

        robot.rightClickOn("#idev-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(pending[0].menu().isShowing(), "the notice on an object too");
        robot.interact(() -> pending[0].menu().hide());

        robot.interact(() -> pending[0].remove());
        robot.rightClickOn("#idev-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(pending[0].menu().isShowing(), "the session's menus take over");
    }

    @Test
    void aFileWithErrorsPastItsFirstStepsSaysNoWhatIfWillCome(FxRobot robot) {
        MainWindow w = WindowOnStage.show(robot, stage, SeedFrames.frames(Profile.V6_15));
        WhatIfPending[] pending = new WhatIfPending[1];
        robot.interact(() -> {
            pending[0] = WhatIfPending.install(w);
            pending[0].never("No what-if on this file: it has errors from step 12 (fix them and open it again)");
        });
        robot.rightClickOn(robot.point(w.canvas()).atPosition(Pos.TOP_LEFT).atOffset(new Point2D(8, 8)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(pending[0].menu().isShowing());
        assertEquals("No what-if on this file: it has errors from step 12 (fix them and open it again)",
                pending[0].menu().getItems().get(0).getText());
    }
}
