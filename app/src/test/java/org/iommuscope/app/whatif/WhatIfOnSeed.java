package org.iommuscope.app.whatif;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.timeline.Frame;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The what-if window on the seed scenario, shown on a test's stage with the app's style and keys. */
record WhatIfOnSeed(WhatIf whatIf, Scene scene, Stage stage) {
    /** Opens a session on the seed, journalled in {@code journalDir}; call from a TestFX {@code @Start} method. */
    static WhatIfOnSeed show(Stage stage, Path journalDir) throws Exception {
        WhatIf whatIf = WhatIf.open(SessionTest.seed(Journal.create(journalDir)));
        Scene scene = new Scene(whatIf.window(), 1400, 880);
        scene.getStylesheets().add(IommuscopeApp.stylesheet());
        whatIf.window().install(scene, whatIf.actions());
        stage.setScene(scene);
        stage.show();
        return new WhatIfOnSeed(whatIf, scene, stage);
    }

    /** Hides a menu left open, then closes the session (and its journal). */
    void close() {
        Platform.runLater(() -> {
            if (whatIf.openMenu() != null) {
                whatIf.openMenu().hide();
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        whatIf.session().close();
    }

    Region node(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Region.class);
    }

    /** The last step of the shown branch. */
    Frame last() {
        List<Frame> f = whatIf.window().stepper().frames();
        return f.get(f.size() - 1);
    }

    /** Waits until the canvas has finished animating to the shown step. */
    void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !whatIf.window().canvas().animating());
    }

    /** Shows the last step, the whole graph in view. */
    void toEnd(FxRobot robot) {
        robot.interact(whatIf.window().stepper()::end);
        robot.interact(whatIf.window().canvas()::fit);
    }
}
