package org.iommuscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.iommuscope.app.export.FramePicture;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.app.ioas.IoasBar;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.window.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the pictures of the iommufd of 2024-2026 look like, read back from their pixels: the viommu diagram with
 * nothing cut off at its right edge, the PASID edge's colour between the idev and its PASID's hwpt, dirty pages lit
 * on the IOAS bar and gone once read, a tombstoned ID greyed in the inspector, an RMRR refusal's kernel warning in
 * the step's changes.
 */
@ExtendWith(ApplicationExtension.class)
class ModernUapiScreenshotTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        // Steps are jumped to, never played: nothing animates, and no preference needs setting.
        this.stage = stage;
    }

    private static List<Frame> frames(String name) throws Exception {
        return ScenarioFrames.load(java.nio.file.Path.of("scenarios", name + ".yaml")).frames();
    }

    private MainWindow open(FxRobot robot, List<Frame> frames) {
        return WindowOnStage.show(robot, stage, frames);
    }

    private static java.nio.file.Path save(WritableImage img, String name) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("app", "target", "screenshots");
        Files.createDirectories(dir);
        java.nio.file.Path out = dir.resolve(name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
        return out;
    }

    private static boolean near(Color c, Color want, double tolerance) {
        return Math.abs(c.getRed() - want.getRed()) <= tolerance && Math.abs(c.getGreen() - want.getGreen()) <= tolerance
                && Math.abs(c.getBlue() - want.getBlue()) <= tolerance;
    }

    @Test
    void theViommuDiagramsDmaStepHasNothingCutOffAtItsRightEdge(FxRobot robot) throws Exception {
        // Step 23, the two-stage DMA: its marker sits on the rightmost box (the IOAS) and once ran off the picture.
        List<Frame> frames = frames("viommu-object-diagram");
        WritableImage[] img = new WritableImage[1];
        double[] graph = new double[2];
        robot.interact(() -> {
            FramePicture pic = new FramePicture(frames, null);
            img[0] = pic.snapshot(frames.get(23), false, 1);
            graph[0] = pic.height();
        });
        save(img[0], "viommu-object-diagram-023");
        PixelReader px = img[0].getPixelReader();
        int w = (int) img[0].getWidth();
        int h = (int) img[0].getHeight();
        Color bg = Color.web("#fbfbfd");
        int rightmost = -1;
        // Below the caption bar (dark) and above the legend: the canvas's rows.
        for (int y = 90; y < h - 60; y++) {
            for (int x = w - 1; x > rightmost; x--) {
                if (!near(px.getColor(x, y), bg, 0.02)) {
                    rightmost = x;
                    break;
                }
            }
        }
        assertTrue(rightmost > w / 2, "the picture has content: " + rightmost);
        assertTrue(rightmost < w - 2, "the rightmost drawn column " + rightmost + " is inside the " + w + " px picture");
        Color markerGreen = Color.web("#137a47");
        boolean marker = false;
        for (int y = 90; y < h - 60 && !marker; y++) {
            for (int x = w / 2; x < w; x++) {
                marker |= near(px.getColor(x, y), markerGreen, 0.03);
            }
        }
        assertTrue(marker, "the end marker is drawn");
    }

    @Test
    void aPasidEdgeIsDrawnInItsOwnColourBetweenTheIdevAndItsHwpt(FxRobot robot) throws Exception {
        // pasid-shared-device step 16: idev 1 on hwpt_guest (6) at the RID and hwpt_proc (5) at PASID 5.
        List<Frame> frames = frames("pasid-shared-device");
        WritableImage[] img = new WritableImage[2];
        GraphLayout[] layout = new GraphLayout[1];
        robot.interact(() -> {
            FramePicture pic = new FramePicture(frames, null);
            img[0] = pic.snapshot(frames.get(16), false, 1);
            img[1] = pic.snapshot(frames.get(14), false, 1);
            layout[0] = GraphLayout.of(frames.stream().map(Frame::graph).toList());
        });
        save(img[0], "pasid-shared-device-016");
        double from = layout[0].box("idev-1").x() + layout[0].box("idev-1").w();
        double to = layout[0].box("hwpt-5").x();
        Color pasid = Color.web("#0b7285");
        assertTrue(count(img[0], from, to, pasid) > 20, "the PASID edge's colour between idev 1 and hwpt 5");
        assertEquals(0, count(img[1], from, to, pasid), "step 14: PASID 5 is not attached yet (step 15 attaches it)");
    }

    private static int count(WritableImage img, double x0, double x1, Color want) {
        PixelReader px = img.getPixelReader();
        int n = 0;
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = (int) x0 + 1; x < (int) x1; x++) {
                if (near(px.getColor(x, y), want, 0.04)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void dirtyPagesLightTheIoasBarUntilADirtyBitmapReadClearsThem(FxRobot robot) throws Exception {
        // live-migration-dirty-tracking step 17 checks `dirty: {hwpt: [[0x200000, 0x3fffff], [0x3fe00000, 0x3fffffff]]}`;
        // step 18's get_dirty_bitmap reads and clears them (step 19 checks `dirty: {hwpt: []}`).
        MainWindow w = open(robot, frames("live-migration-dirty-tracking"));
        robot.interact(() -> {
            w.stepper().jump(17);
            w.ioasPanel().bar(2).zoomTo(0, 0x7fffff);
        });
        WaitForAsyncUtils.waitForFxEvents();
        IoasBar bar = w.ioasPanel().bar(2);
        javafx.scene.shape.Path dirty = bar.dirtyShape();
        assertFalse(dirty.getElements().isEmpty(), "the dirty run is drawn");
        Color lit = colourAt(robot, w, bar, 0x300000L);
        Color clean = colourAt(robot, w, bar, 0x600000L);
        Screenshots.save(w.getScene(), "dirty-pages-lit");
        assertTrue(lit.getRed() > lit.getGreen() + 0.3, "the dirty colour at 0x300000: " + lit);
        assertTrue(clean.getGreen() > clean.getRed(), "a clean page of the area keeps the area's colour: " + clean);
        robot.interact(() -> w.stepper().jump(18));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(bar.dirtyShape().getElements().isEmpty() || !bar.track().getChildrenUnmodifiable().contains(bar.dirtyShape()));
        Color read = colourAt(robot, w, bar, 0x300000L);
        Screenshots.save(w.getScene(), "dirty-pages-read");
        assertTrue(read.getGreen() > read.getRed(), "read and cleared: the area's colour again: " + read);
    }

    private static Color colourAt(FxRobot robot, MainWindow w, IoasBar bar, long iova) throws Exception {
        Color[] out = new Color[1];
        robot.interact(() -> {
            WritableImage img = w.getScene().snapshot(null);
            double x = bar.xOf(iova);
            Node track = bar.track();
            // The middle of the mapping lane: the track's lower part (aperture lanes sit above it).
            Point2D p = track.localToScene(x, track.getLayoutBounds().getHeight() - 22);
            out[0] = img.getPixelReader().getColor((int) p.getX(), (int) p.getY());
        });
        return out[0];
    }

    @Test
    void aTombstonedIdIsGreyedOnTheViommusPage(FxRobot robot) throws Exception {
        // viommu-object-diagram step 37 checks `tombstoned: [vdev]` (vdevice 5) on viommu 4.
        MainWindow w = open(robot, frames("viommu-object-diagram"));
        robot.interact(() -> {
            w.stepper().jump(37);
            w.model().select(NodeId.viommu(4));
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> greyed = List.copyOf(robot.from(w.inspector()).lookup(".tombstone").queryAll());
        assertEquals(1, greyed.size(), "one tombstoned row");
        assertTrue(greyed.get(0).getOpacity() < 1, "greyed");
        robot.interact(() -> robot.from(w.inspector()).lookup(".titled-pane").queryAll()
                .stream().map(n -> (javafx.scene.control.TitledPane) n).filter(t -> t.getText().equals("tombstones")).forEach(t -> {
                    t.setAnimated(false);
                    t.setExpanded(true);
                }));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(w.getScene(), "viommu-tombstone-inspector");
        robot.interact(() -> w.stepper().jump(34));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.from(w.inspector()).lookup(".tombstone").queryAll().isEmpty(), "step 34: the device is still bound");
    }

    @Test
    void anRmrrRefusalShowsTheKernelsWarningBesideItsErrno(FxRobot robot) throws Exception {
        // rmrr-not-assignable step 2: `bind: {device: "0000:02:00.0"}` expects EINVAL with the dev_warn().
        MainWindow w = open(robot, frames("rmrr-not-assignable"));
        robot.interact(() -> w.stepper().jump(2));
        WaitForAsyncUtils.waitForFxEvents();
        String status = w.timeline().status().getText();
        assertTrue(status.contains("EINVAL"), status);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<String> changes = robot.lookup("#diff-list").queryAs(javafx.scene.control.ListView.class);
        assertTrue(changes.getItems().stream().anyMatch(l -> l.startsWith("✗ EINVAL")
                && l.contains("Firmware has requested this device have a 1:1 IOMMU mapping")), changes.getItems().toString());
        assertTrue(robot.lookup("#group-17-mark").tryQuery().isPresent(), "the group box is marked");
        Screenshots.save(w.getScene(), "rmrr-group");
    }
}
