package org.iommuscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.iommuscope.app.export.SvgExport;
import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.window.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Captions and picture speak the same names: the seed calls its objects idev1, ioas1, hwpt2…; the kernel
 * numbers them 1, 3, 6 (idevs 1 and 2, IOASes 3 and 4, hwpts 5 and 6, in the order the seed allocates them).
 * The box, the inspector and the log say both.
 */
@ExtendWith(ApplicationExtension.class)
class HandleNamesTest {
    /** attach: {dev: idev1, pt: hwpt2}: idev 1 replaces its group onto hwpt 6. */
    private static final int REPLACE = 12;
    private MainWindow window;
    private ScenarioFrames.Loaded seed;

    @Start
    void start(Stage stage) throws Exception {
        seed = ScenarioFrames.load(Path.of("scenarios", "seed-thread.yaml"));
        window = new MainWindow(seed.frames());
        Scene scene = new Scene(window, 1400, 880);
        scene.getStylesheets().add(IommuscopeApp.stylesheet());
        stage.setScene(scene);
        // The stage takes this scene's size, whatever a test class before this one left it at.
        stage.sizeToScene();
        window.activate();
        stage.show();
    }

    private String text(FxRobot robot, String node, String part) {
        return ((Label) window.canvas().nodeFor(node).lookup(part)).getText();
    }

    @Test
    void eachBoxNamesTheKernelObjectAndTheScenariosHandle(FxRobot robot) {
        robot.interact(() -> window.stepper().jump(REPLACE));
        assertEquals("hwpt_paging 6", text(robot, "hwpt-6", ".node-title"));
        assertEquals(" · hwpt2", text(robot, "hwpt-6", ".node-handle"));
        assertEquals("hwpt_paging 6 · hwpt2", window.stepper().current().graph().nodes().get("hwpt-6").label());
        assertEquals(" · hwpt1", text(robot, "hwpt-5", ".node-handle"));
        assertEquals(" · idev2", text(robot, "idev-2", ".node-handle"));
        assertEquals(" · ioas1", text(robot, "ioas-3", ".node-handle"));
        assertTrue(window.canvas().nodeFor("hwpt-6").lookup(".node-handle").isVisible());
        robot.interact(() -> window.stepper().jump(0));
        assertTrue(window.stepper().current().graph().nodes().values().stream().allMatch(n -> n.handle().isEmpty()),
                "at boot nothing is bound");
    }

    @Test
    void theInspectorNamesTheHandle(FxRobot robot) {
        robot.interact(() -> window.stepper().jump(REPLACE));
        robot.clickOn("#hwpt-6");
        assertEquals("hwpt-6 · hwpt2", robot.lookup("#inspector-title").queryAs(Label.class).getText());
        assertTrue(window.inspector().sheet().getItems().stream()
                .anyMatch(i -> i.getName().equals("handle") && i.getValue().equals("hwpt2")));
    }

    @Test
    void theLogsOpColumnSaysWhichObjectEachHandleIs(FxRobot robot) throws Exception {
        assertEquals("hwpt_alloc: {dev: idev 1 · idev1, pt: ioas 3 · ioas1, as: hwpt_paging 5 · hwpt1}", seed.frames().get(7).opNamed());
        assertEquals("attach: {dev: idev1, pt: hwpt2}", seed.frames().get(REPLACE).op(), "the op as written stays");
        robot.interact(() -> window.stepper().jump(REPLACE));
        String shown = "attach: {dev: idev 1 · idev1, pt: hwpt_paging 6 · hwpt2}";
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup(".table-cell")
                .match((Label c) -> shown.equals(c.getText())).tryQuery().isPresent());
    }

    @Test
    void anExportedSvgNamesTheHandleOnTheBoxToo() {
        String svg = SvgExport.withAppStyle().write(seed.title(), seed.frames().get(REPLACE), window.canvas().graphLayout(), false);
        assertTrue(svg.contains("hwpt_paging 6<tspan class=\"node-handle\"> · hwpt2</tspan>"), svg);
    }
}
