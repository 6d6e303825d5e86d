package org.iommuscope.app.timeline;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.iommuscope.app.shell.IommuscopeApp;
import org.testfx.api.FxRobot;

/**
 * A stage of a test's own, showing one node in the app's style: the shared stage the next test class is given keeps
 * the size it had. Made on the FX thread (a TestFX {@code @Start} method); closed after each test.
 */
final class OwnStage {
    private final Stage stage = new Stage();

    OwnStage(Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(IommuscopeApp.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    void close(FxRobot robot) {
        robot.interact(stage::close);
    }
}
