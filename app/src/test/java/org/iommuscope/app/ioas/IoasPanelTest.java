package org.iommuscope.app.ioas;

import static org.iommuscope.app.ioas.IoasMachine.APERTURE_LAST;
import static org.iommuscope.app.ioas.IoasMachine.BIG;
import static org.iommuscope.app.ioas.IoasMachine.HIGH;
import static org.iommuscope.app.ioas.IoasMachine.MSI_LAST;
import static org.iommuscope.app.ioas.IoasMachine.MSI_START;
import static org.iommuscope.app.ioas.IoasMachine.NONE_START;
import static org.iommuscope.app.ioas.IoasMachine.TINY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.hw.Unsigned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class IoasPanelTest {
    private final IoasMachine m = new IoasMachine();
    private IoasPanel panel;
    private Scene scene;

    @Start
    void start(Stage stage) {
        panel = new IoasPanel();
        panel.show(IoasProjection.of(m.state));
        scene = new Scene(panel, 1280, 420);
        scene.getStylesheets().add(IoasPanel.class.getResource("/org/iommuscope/app/assets/iommuscope.css").toExternalForm());
        stage.setScene(scene);
        // The stage takes this scene's size, whatever a test class before this one left it at.
        stage.sizeToScene();
        stage.show();
    }

    private Rectangle seg(FxRobot robot, String id) {
        Rectangle r = robot.lookup("#" + id).queryAs(Rectangle.class);
        assertNotNull(r, "no segment #" + id);
        return r;
    }

    private String tip(FxRobot robot, String id) {
        return IoasBar.tooltipOf(seg(robot, id)).getText();
    }

    private IoasBar bar() {
        return panel.bar(m.ioas);
    }

    private double widthOnScreen(FxRobot robot, String id) {
        return seg(robot, id).getBoundsInParent().getWidth();
    }

    @Test
    void oneBarPerIoasWithItsTitle(FxRobot robot) {
        assertEquals(List.of(m.ioas, m.ioas2), panel.bars().stream().map(IoasBar::ioasId).toList());
        assertNotNull(robot.lookup("#ioas-bar-" + m.ioas).query());
        assertNotNull(robot.lookup("#ioas-bar-" + m.ioas2).query());
        assertEquals("ioas " + m.ioas + " · 3 areas · iova_alignment 0x1000",
                robot.lookup("#ioas-bar-" + m.ioas + "-title").queryAs(Label.class).getText());
        assertEquals("ioas " + m.ioas2 + " · 1 area · iova_alignment 0x1",
                robot.lookup("#ioas-bar-" + m.ioas2 + "-title").queryAs(Label.class).getText());
        assertNotNull(robot.lookup("#ioas-legend").query());
    }

    @Test
    void everyAreaAndReservedRangeIsASegmentWithItsClassesAndExactTooltip(FxRobot robot) {
        int i = m.ioas;
        for (long iova : new long[] {BIG, TINY, HIGH}) {
            Rectangle r = seg(robot, "area-" + i + "-" + Unsigned.hex(iova));
            assertTrue(r.getStyleClass().containsAll(List.of("segment", "area")), r.getStyleClass().toString());
        }
        assertTrue(seg(robot, "area-" + i + "-0x100000").getStyleClass().contains("perm-rw"));
        assertTrue(seg(robot, "area-" + i + "-0x40000000").getStyleClass().contains("perm-r"));
        String big = tip(robot, "area-" + i + "-0x100000");
        assertTrue(big.contains("[0x100000, 0x100fffff]"), big);
        assertTrue(big.contains("length 0x10000000 (256 MiB)"), big);
        assertTrue(big.contains("perm rw"), big);
        String tiny = tip(robot, "area-" + i + "-0x40000000");
        assertTrue(tiny.contains("[0x40000000, 0x40000fff]") && tiny.contains("length 0x1000 (4 KiB)") && tiny.contains("perm r"), tiny);

        Rectangle msi = seg(robot, "reserved-" + i + "-" + Unsigned.hex(MSI_START));
        assertTrue(msi.getStyleClass().containsAll(List.of("segment", "reserved", "owner-device")), msi.getStyleClass().toString());
        String msiTip = tip(robot, msi.getId());
        assertTrue(msiTip.contains("[" + Unsigned.hex(MSI_START) + ", " + Unsigned.hex(MSI_LAST) + "]"), msiTip);
        assertTrue(msiTip.contains("owner device " + IoasMachine.DEV + " (msi region)"), msiTip);

        Rectangle dom = seg(robot, "reserved-" + i + "-" + Unsigned.hex(APERTURE_LAST + 1));
        assertTrue(dom.getStyleClass().containsAll(List.of("reserved", "owner-domain")), dom.getStyleClass().toString());
        String domTip = tip(robot, dom.getId());
        assertTrue(domTip.contains("[0x1000000000000, 0xffffffffffffffff]"), domTip);
        assertTrue(domTip.contains("outside its aperture [0x0, 0xffffffffffff]"), domTip);
        assertEquals(5, bar().segments().stream().filter(n -> n.getStyleClass().contains("area")
                || n.getStyleClass().contains("reserved")).count(), "3 areas + MSI + aperture complement");
        Rectangle aperture = robot.lookup(".aperture").match(n -> n.getId() != null && n.getId().startsWith("aperture-" + i + "-"))
                .queryAs(Rectangle.class);
        assertTrue(IoasBar.tooltipOf(aperture).getText().contains("[0x0, 0xffffffffffff]"));

        int j = m.ioas2;
        Rectangle none = seg(robot, "reserved-" + j + "-" + Unsigned.hex(NONE_START));
        assertTrue(none.getStyleClass().containsAll(List.of("reserved", "owner-none")));
        assertTrue(tip(robot, none.getId()).contains("[0x10000000, 0x100fffff]"));
        Rectangle allowed = seg(robot, "allowed-" + j + "-0x1000");
        assertTrue(allowed.getStyleClass().contains("allowed"));
        assertTrue(tip(robot, allowed.getId()).contains("[0x1000, 0xfffffff]"));
        assertTrue(seg(robot, "allowed-" + j + "-0x20000000").getStyleClass().contains("allowed"));
        assertEquals(1, robot.lookup(".area").match(n -> n.getId() != null && n.getId().startsWith("area-" + j + "-")).queryAll().size());
    }

    @Test
    void hoveringASegmentShowsItsTooltipAndTheCursorIova(FxRobot robot) throws Exception {
        robot.interact(() -> bar().zoomTo(MSI_START - 0x100000, MSI_LAST + 0x100000));
        Rectangle msi = seg(robot, "reserved-" + m.ioas + "-" + Unsigned.hex(MSI_START));
        robot.moveTo(msi);
        javafx.scene.control.Tooltip tip = IoasBar.tooltipOf(msi);
        WaitForAsyncUtils.waitFor(3, java.util.concurrent.TimeUnit.SECONDS, tip::isShowing);
        assertTrue(tip.getText().startsWith("reserved [0xfee00000, 0xfeefffff]"), tip.getText());
        String at = robot.lookup("#ioas-bar-" + m.ioas + "-cursor").queryAs(Label.class).getText();
        long under = Long.parseUnsignedLong(at.substring(at.indexOf("0x") + 2), 16);
        assertTrue(Unsigned.ge(under, MSI_START) && Unsigned.le(under, MSI_LAST), at);
    }

    @Test
    void aTinyMappingIsVisibleAtFullScaleAndGrowsWhenZoomedTo(FxRobot robot) {
        String tiny = "area-" + m.ioas + "-" + Unsigned.hex(TINY);
        assertTrue(bar().window().isFull());
        assertTrue(seg(robot, tiny).isVisible());
        assertEquals(IoasBar.MIN_SEGMENT_PX, widthOnScreen(robot, tiny), 1e-9);
        robot.interact(() -> bar().zoomTo(TINY - 0x8000, TINY + 0x8fff));
        WaitForAsyncUtils.waitForFxEvents();
        double trackWidth = bar().track().getWidth();
        assertTrue(widthOnScreen(robot, tiny) > trackWidth / 20, "4 KiB of a 68 KiB window: " + widthOnScreen(robot, tiny));
        assertTrue(widthOnScreen(robot, tiny) > 50);
        assertFalse(seg(robot, "area-" + m.ioas + "-" + Unsigned.hex(HIGH)).isVisible(), "outside the window");
        robot.interact(() -> bar().reset());
        assertTrue(bar().window().isFull());
        assertEquals(IoasBar.MIN_SEGMENT_PX, widthOnScreen(robot, tiny), 1e-9);
    }

    @Test
    void theWheelZoomsAroundTheCursorDragPansAndDoubleClickResets(FxRobot robot) {
        Node track = bar().track();
        Bounds b = track.localToScreen(track.getBoundsInLocal());
        robot.moveTo(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() - 8);
        robot.scroll(3, VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        if (bar().window().isFull()) {
            robot.scroll(3, VerticalDirection.DOWN); // wheel direction conventions differ between platforms
            WaitForAsyncUtils.waitForFxEvents();
        }
        IovaWindow zoomed = bar().window();
        assertFalse(zoomed.isFull(), "the wheel zoomed in");
        assertTrue(zoomed.span().compareTo(IovaWindow.TWO_64) < 0);
        long centre = zoomed.valueAt(bar().track().getWidth() / 2, bar().track().getWidth());
        assertTrue(Math.abs(IovaWindow.toDouble(centre) / 18446744073709551616.0 - 0.5) < 0.01, "zoomed around the cursor");

        robot.drag(MouseButton.PRIMARY).moveBy(-200, 0).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        IovaWindow panned = bar().window();
        assertEquals(zoomed.span(), panned.span(), "panning keeps the zoom");
        assertTrue(Unsigned.gt(panned.lo(), zoomed.lo()), "dragging left shows higher IOVAs");

        robot.moveTo(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() - 8);
        robot.doubleClickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(IovaWindow.FULL, bar().window());
    }

    @Test
    void fitFramesTheMappingsAndDeviceRangesAndResetReturnsTo2To64(FxRobot robot) {
        robot.clickOn("#ioas-bar-" + m.ioas + "-fit");
        IovaWindow w = bar().window();
        assertFalse(w.isFull());
        assertTrue(w.intersects(BIG, BIG) && Unsigned.le(w.lo(), BIG) && Unsigned.ge(w.last(), MSI_LAST), w.toString());
        assertTrue(Unsigned.lt(w.last(), APERTURE_LAST), "the domain's aperture complement is not a mapping: " + w);
        assertTrue(widthOnScreen(robot, "reserved-" + m.ioas + "-" + Unsigned.hex(MSI_START)) >= IoasBar.MIN_SEGMENT_PX);
        assertTrue(bar().xOf(HIGH) > bar().xOf(BIG));
        robot.clickOn("#ioas-bar-" + m.ioas + "-reset");
        assertEquals(IovaWindow.FULL, bar().window());
    }

    @Test
    void showKeepsTheZoomOfSurvivingBarsAndDropsDestroyedIoases(FxRobot robot) {
        robot.interact(() -> bar().zoomTo(0, 0xffffffffL));
        IovaWindow before = bar().window();
        var step = Kernel.apply(m.state, new Op.Destroy(m.ioas2));
        assertTrue(step.result().ok(), step.result().reason());
        var unmap = Kernel.apply(step.after(), new Op.IoasUnmap(m.ioas, BIG, IoasMachine.BIG_LENGTH));
        assertTrue(unmap.result().ok(), unmap.result().reason());
        robot.interact(() -> panel.show(IoasProjection.of(unmap.after())));
        assertNull(panel.bar(m.ioas2));
        assertTrue(robot.lookup("#ioas-bar-" + m.ioas2).tryQuery().isEmpty());
        assertEquals(before, bar().window());
        assertTrue(robot.lookup("#area-" + m.ioas + "-0x100000").tryQuery().isEmpty(), "the unmapped area is gone");
        assertEquals("ioas " + m.ioas + " · 2 areas · iova_alignment 0x1000",
                robot.lookup("#ioas-bar-" + m.ioas + "-title").queryAs(Label.class).getText());
        robot.interact(() -> panel.show(IoasProjection.of(null)));
        assertTrue(panel.bars().isEmpty());
        assertNotNull(robot.lookup("#ioas-panel-empty").query());
    }

    @Test
    void screenshot(FxRobot robot) throws Exception {
        robot.interact(() -> {
            panel.bar(m.ioas).fitToMappings();
            panel.bar(m.ioas2).fitToMappings();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path out = save("ioas-bar");
        assertTrue(Files.size(out) > 0);
        robot.interact(() -> {
            panel.bar(m.ioas).zoomTo(TINY - 0x8000, TINY + 0x8fff);
            panel.bar(m.ioas2).zoomTo(0, 0x3fffffffL);
        });
        WaitForAsyncUtils.waitForFxEvents();
        save("ioas-bar-zoomed");
        robot.interact(() -> panel.bar(m.ioas).zoomTo(0xfe000000L, 0xffffffffL));
        WaitForAsyncUtils.waitForFxEvents();
        save("ioas-bar-msi");
        robot.interact(() -> {
            panel.bar(m.ioas).reset();
            panel.bar(m.ioas2).reset();
        });
        WaitForAsyncUtils.waitForFxEvents();
        save("ioas-bar-full");
    }

    /** Saves what the scene draws to target/screenshots of the app module, for a person to look at. */
    private Path save(String name) throws IOException {
        WritableImage img;
        try {
            img = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IOException(e);
        }
        Path dir = Files.isDirectory(Path.of("app")) ? Path.of("app", "target", "screenshots") : Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
        return out;
    }
}
