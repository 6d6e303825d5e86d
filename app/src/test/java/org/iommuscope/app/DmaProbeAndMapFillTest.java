package org.iommuscope.app;

import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.iommuscope.app.graph.DmaProbe;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A DMA probe draws its path to the page or to the fault; a map fills the IOAS bar in. */
@ExtendWith(ApplicationExtension.class)
class DmaProbeAndMapFillTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Preferences.setReducedMotion(false);
    }

    private MainWindow open(FxRobot robot, List<Frame> frames) {
        return WindowOnStage.show(robot, stage, frames);
    }

    @Test
    void aFaultingProbeStopsAtTheDomainThatRefusedItAndMarksTheIovaRed(FxRobot robot) throws Exception {
        // Seed step 12: idev 2 probes 0x100000000 while group 26 is on hwpt 6, whose ioas 4 maps nothing there.
        MainWindow w = open(robot, SeedFrames.frames(Profile.V6_15));
        robot.interact(() -> w.stepper().jump(12));
        List<DmaProbe> probes = w.canvas().probes();
        assertEquals(1, probes.size());
        assertTrue(probes.get(0).fault());
        assertEquals(List.of("dev-0000-06-0d-1", "group-26", "hwpt-6"), probes.get(0).nodes());
        assertTrue(robot.lookup("#dma-marker").queryAs(Label.class).getText().contains("faulted"));
        assertEquals(0x100000000L, w.ioasPanel().bar(4).probeIova());
        assertNull(w.ioasPanel().bar(3).probeIova(), "ioas 3 is not where the group's domain is");
        Screenshots.save(w.getScene(), "dma-probe-fault");
        robot.interact(() -> w.stepper().jump(11));
        assertTrue(w.canvas().probes().isEmpty(), "the probe belongs to its step only");
        assertTrue(robot.lookup("#dma-path").queryAll().isEmpty());
        assertNull(w.ioasPanel().bar(4).probeIova());
    }

    @Test
    void aTranslatedProbeDrawsItselfFromTheDeviceToTheIoasThenShowsThePhysicalAddress(FxRobot robot) throws Exception {
        List<Frame> frames = ScenarioFrames.load(Path.of("scenarios", "seed-thread.yaml")).frames();
        int at = -1;
        for (Frame f : frames) {
            if (at < 0 && f.events().stream().anyMatch(e -> e instanceof Event.DmaTranslated)) {
                at = f.number();
            }
        }
        assertTrue(at > 0, "the seed has a DMA that translates");
        int step = at;
        MainWindow w = open(robot, frames);
        robot.interact(() -> w.stepper().jump(step - 1));
        boolean[] drawing = new boolean[2];
        robot.interact(() -> {
            w.stepper().next();
            // Read in the same FX turn as the step: no animation frame has run yet, whatever the machine's load.
            drawing[0] = !((Polyline) w.lookup("#dma-path")).getStrokeDashArray().isEmpty();
            drawing[1] = w.lookup("#dma-marker").getOpacity() < 1;
        });
        assertTrue(drawing[0], "the path starts by drawing itself");
        assertTrue(drawing[1], "the marker waits for the path");
        DmaProbe p = w.canvas().probes().get(0);
        assertFalse(p.fault());
        assertTrue(p.end().startsWith("ioas-"), p.nodes().toString());
        assertTrue(p.text().contains("→ pa 0x"), p.text());
        Polyline path = robot.lookup("#dma-path").queryAs(Polyline.class);
        Label marker = robot.lookup("#dma-marker").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> path.getStrokeDashArray().isEmpty() && marker.getOpacity() == 1.0);
        assertTrue(Screenshots.distinctColours(Screenshots.save(w.getScene(), "dma-probe-translated")) > 20);
    }

    @Test
    void aMapFillsTheIoasBarInWhenSteppedForwardAndAppearsWholeWhenJumpedTo(FxRobot robot) throws Exception {
        MainWindow w = open(robot, SeedFrames.frames(Profile.V6_15));
        robot.interact(() -> w.stepper().jump(9));
        boolean[] filling = new boolean[1];
        robot.interact(() -> {
            w.stepper().next();
            Rectangle a = (Rectangle) w.lookup("#area-3-0x100000000");
            filling[0] = a.getClip() instanceof Rectangle clip && clip.getWidth() < a.getWidth();
        });
        assertTrue(filling[0], "the new area starts empty and fills in");
        Rectangle area = robot.lookup("#area-3-0x100000000").queryAs(Rectangle.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> area.getClip() == null);
        robot.interact(() -> w.stepper().jump(8));
        robot.interact(() -> w.stepper().jump(10));
        assertNull(robot.lookup("#area-3-0x100000000").queryAs(Rectangle.class).getClip(), "a jump shows the result at once");
    }
}
