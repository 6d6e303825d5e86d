package org.iommuscope.app;

import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.window.MainWindow;
import org.testfx.api.FxRobot;

/** A scenario window on a test's stage, as the app shows it (its style sheet, activated), at a fixed size. */
final class WindowOnStage {
    private WindowOnStage() {
    }

    static MainWindow show(FxRobot robot, Stage stage, List<Frame> frames) {
        MainWindow[] w = new MainWindow[1];
        robot.interact(() -> {
            w[0] = new MainWindow(frames);
            Scene scene = new Scene(w[0], 1400, 880);
            scene.getStylesheets().add(IommuscopeApp.stylesheet());
            stage.setScene(scene);
            // The stage takes this scene's size, whatever a test class before this one left it at.
            stage.sizeToScene();
            w[0].activate();
            stage.show();
        });
        return w[0];
    }
}
