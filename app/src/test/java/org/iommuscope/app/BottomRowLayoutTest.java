package org.iommuscope.app;

import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The step-changes panel keeps its width whatever the status line says: it must not jump as one steps. */
@ExtendWith(ApplicationExtension.class)
class BottomRowLayoutTest {
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        window = new MainWindow(ScenarioFrames.load(Path.of("scenarios/seed-thread.yaml")).frames());
        Scene scene = new Scene(window, 1400, 880);
        scene.getStylesheets().add(IommuscopeApp.stylesheet());
        stage.setScene(scene);
        // The stage takes this scene's size, whatever a test class before this one left it at.
        stage.sizeToScene();
        stage.show();
    }

    @Test
    void theDiffPanelKeepsItsWidthAtEveryStepEvenWhenTheStatusLineIsLong(FxRobot robot) {
        int last = window.stepper().last();
        double first = window.diff().getWidth();
        assertEquals(420, first, 1, "the panel's own width");
        for (int i = 0; i <= last; i++) {
            int step = i;
            robot.interact(() -> window.stepper().jump(step));
            assertEquals(first, window.diff().getWidth(), 0.5,
                    "step " + step + " (" + window.timeline().status().getText().length() + " characters of status)");
        }
    }
}
