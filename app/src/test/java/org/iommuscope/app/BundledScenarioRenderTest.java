package org.iommuscope.app;

import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Every bundled scenario opens in the real window, and its final step renders to a PNG that is not blank. */
@ExtendWith(ApplicationExtension.class)
class BundledScenarioRenderTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        this.stage = s;
        s.show();
    }

    @TestFactory
    Stream<DynamicTest> finalStepOfEveryBundledScenarioRenders() throws Exception {
        List<Path> files = BundledScenarios.files();
        assertTrue(files.size() >= 19);
        FxRobot robot = new FxRobot();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ScenarioFrames.Loaded loaded = ScenarioFrames.load(f);
            assertTrue(loaded.frames().stream().allMatch(fr -> fr.passed()), f + " has a failing step");
            Scene[] scene = new Scene[1];
            robot.interact(() -> {
                MainWindow w = new MainWindow(loaded.frames());
                scene[0] = new Scene(w, 1400, 880);
                scene[0].getStylesheets().add(IommuscopeApp.stylesheet());
                stage.setScene(scene[0]);
                stage.sizeToScene();
                w.stepper().end();
                w.canvas().fit();
            });
            WaitForAsyncUtils.waitForFxEvents();
            Path png = Screenshots.save(scene[0], "final-" + f.getFileName().toString().replace(".yaml", ""));
            assertTrue(Screenshots.distinctColours(png) > 20, png + " looks blank");
        }));
    }
}
