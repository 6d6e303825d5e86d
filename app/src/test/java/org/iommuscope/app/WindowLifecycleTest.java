package org.iommuscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.iommuscope.app.whatif.Session;
import org.iommuscope.app.window.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One window's lifetime: opening a scenario deactivates the one it replaces, so a key acts on the shown one
 * only, and nothing keeps a replaced window or its session alive.
 */
@ExtendWith(ApplicationExtension.class)
class WindowLifecycleTest {
    private AppUnderTest ui;

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
    }

    /** Opens a file in the app and waits until its window is the one shown. */
    private MainWindow open(FxRobot robot, String file) throws Exception {
        Object before = ui.stage().getScene().getRoot();
        robot.interact(() -> ui.app().open(Path.of("scenarios", file)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> ui.stage().getScene().getRoot() != before);
        WaitForAsyncUtils.waitForFxEvents();
        return (MainWindow) ui.stage().getScene().getRoot();
    }

    @Test
    void afterThreeScenariosOpenedInTurnAKeyMovesOnlyTheShownOne(FxRobot robot) throws Exception {
        MainWindow seed = ui.window();
        MainWindow v2 = open(robot, "seed-thread-v2.yaml");
        MainWindow third = open(robot, "reserved-msi.yaml");
        robot.type(KeyCode.RIGHT);
        assertEquals(1, third.stepper().index().get(), "the shown window steps");
        assertEquals(0, v2.stepper().index().get(), "the window it replaced does not");
        assertEquals(0, seed.stepper().index().get(), "nor the first one");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        robot.type(KeyCode.END);
        assertEquals(third.stepper().last(), third.stepper().index().get());
        assertEquals(0, v2.stepper().index().get());
        assertEquals(0, seed.stepper().index().get());
    }

    @Test
    void replacedWindowsAndTheirSessionsBecomeUnreachable(FxRobot robot) throws Exception {
        List<WeakReference<Object>> gone = new ArrayList<>();
        gone.add(new WeakReference<>(ui.window()));
        gone.add(new WeakReference<>(session()));
        // Stepped and played with, as a user would, before it is replaced.
        robot.type(KeyCode.RIGHT);
        robot.type(KeyCode.RIGHT);
        MainWindow v2 = open(robot, "seed-thread-v2.yaml");
        gone.add(new WeakReference<>(v2));
        gone.add(new WeakReference<>(session()));
        robot.type(KeyCode.P);
        v2 = null;
        open(robot, "reserved-msi.yaml");
        robot.type(KeyCode.RIGHT);
        // The test robot logs every event fired in the stage, each with its target: its log, not the app's.
        robot.interact(WindowLifecycleTest::clearTheRobotsEventLog);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            System.gc();
            WaitForAsyncUtils.waitForFxEvents();
            return gone.stream().allMatch(r -> r.get() == null);
        });
        for (WeakReference<Object> r : gone) {
            assertNull(r.get(), "still reachable: " + r.get());
        }
        assertEquals(1, ui.window().stepper().index().get(), "the shown one is alive and stepped");
    }

    /** TestFX's context keeps its log of fired events private, and hands it out unmodifiable. */
    private static void clearTheRobotsEventLog() {
        try {
            java.lang.reflect.Field log = org.testfx.api.FxToolkitContext.class.getDeclaredField("firedEvents");
            log.setAccessible(true);
            ((org.testfx.service.support.FiredEvents) log.get(FxToolkit.toolkitContext())).clearEvents();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("TestFX keeps its event log elsewhere now", e);
        }
    }

    private Session session() {
        return ui.app().shell().whatIf().session();
    }
}
