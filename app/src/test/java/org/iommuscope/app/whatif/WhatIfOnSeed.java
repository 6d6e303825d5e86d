package org.iommuscope.app.whatif;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.iommuscope.app.dialog.FxDialogs;
import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.window.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The what-if window on the seed scenario, shown on a test's stage with the app's style and keys. */
record WhatIfOnSeed(WhatIf whatIf, WhatIfView view, Scene scene, Stage stage) {
    /** Opens a session on the seed, journalled in {@code journalDir}; call from a TestFX {@code @Start} method. */
    static WhatIfOnSeed show(Stage stage, Path journalDir) throws Exception {
        return show(stage, SessionTest.seed(Journal.create(journalDir)));
    }

    /** Shows {@code session} in a what-if window on {@code stage}, active on its keys. */
    static WhatIfOnSeed show(Stage stage, Session session) {
        WhatIf whatIf = WhatIf.open(session, new FxDialogs(() -> stage));
        MainWindow window = new MainWindow(whatIf.scenario(), null);
        WhatIfView view = WhatIfView.attach(whatIf, window);
        Scene scene = new Scene(window, 1400, 880);
        scene.getStylesheets().add(IommuscopeApp.stylesheet());
        stage.setScene(scene);
        // The stage takes this scene's size, whatever a test class before this one left it at.
        stage.sizeToScene();
        window.activate();
        stage.show();
        return new WhatIfOnSeed(whatIf, view, scene, stage);
    }

    MainWindow window() {
        return view.window();
    }

    /** Hides a menu left open, then closes the session (and its journal). */
    void close() {
        Platform.runLater(view::close);
        WaitForAsyncUtils.waitForFxEvents();
        whatIf.session().close();
    }

    Region node(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Region.class);
    }

    /** The last step of the shown branch. */
    Frame last() {
        List<Frame> f = window().stepper().frames();
        return f.get(f.size() - 1);
    }

    /** Waits until the canvas has finished animating to the shown step. */
    void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !window().canvas().animating());
    }

    /** Shows the last step, the whole graph in view. */
    void toEnd(FxRobot robot) {
        robot.interact(window().stepper()::end);
        robot.interact(window().canvas()::fit);
    }
}
