package org.iommuscope.app.ioas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Unsigned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An IOAS holding 50,000 areas, as a long trace's does: the bar stays a bounded number of nodes, draws the areas
 * merged per pixel column, finds the area under the pointer and goes back to one box per area when zoomed in.
 */
@ExtendWith(ApplicationExtension.class)
class ManyAreasIoasBarTest {
    /** Every other 4 KiB page from here is mapped; every 100th area is read-only. */
    static final long FIRST = 0x100000000L;
    static final int AREAS = 50_000;

    private static State many;
    private static int ioasId;
    private IoasPanel panel;

    private static synchronized State state() {
        if (many == null) {
            IoasMachine m = new IoasMachine();
            State s = m.state;
            for (int i = 0; i < AREAS; i++) {
                var step = Kernel.apply(s, new Op.IoasMap(m.ioas, 0x1000, FIRST + 2L * i * 0x1000, i % 100 == 0 ? Prot.R : Prot.RW, null));
                assertTrue(step.result().ok(), step.result().reason());
                s = step.after();
            }
            many = s;
            ioasId = m.ioas;
        }
        return many;
    }

    static long iova(int area) {
        return FIRST + 2L * area * 0x1000;
    }

    @Start
    void start(Stage stage) {
        panel = new IoasPanel();
        panel.show(IoasProjection.of(state()));
        Scene scene = new Scene(panel, 1280, 420);
        scene.getStylesheets().add(IoasPanel.class.getResource("/org/iommuscope/app/assets/iommuscope.css").toExternalForm());
        stage.setScene(scene);
        // The stage takes this scene's size, whatever a test class before this one left it at.
        stage.sizeToScene();
        stage.show();
    }

    private IoasBar bar() {
        return panel.bar(ioasId);
    }

    /** The middle of the mapping lane, in track coordinates. */
    private double laneMiddle() {
        return bar().track().getHeight() - 2 - IoasBar.BAND_PAD - IoasBar.LANE_H / 2;
    }

    private double middleOf(int area) {
        return (bar().xOf(iova(area)) + bar().window().endX(iova(area) + 0xfff, bar().track().getWidth())) / 2;
    }

    @Test
    void fiftyThousandAreasAreABoundedNumberOfNodesAtEveryZoom(FxRobot robot) {
        assertEquals("ioas " + ioasId + " · " + (AREAS + 3) + " areas · iova_alignment 0x1000",
                robot.lookup("#ioas-bar-" + ioasId + "-title").queryAs(javafx.scene.control.Label.class).getText());
        assertTrue(bar().isMerged(), "all 50,003 areas are in view at 2^64");
        assertTrue(bar().trackNodeCount() <= 40, "nodes on the track: " + bar().trackNodeCount());
        assertTrue(bar().segments().isEmpty(), "no box per range");
        robot.interact(() -> bar().fitToMappings());
        assertTrue(bar().isMerged());
        assertTrue(bar().trackNodeCount() <= 40, "nodes on the track: " + bar().trackNodeCount());
        double width = bar().track().getWidth();
        for (javafx.scene.shape.Path p : bar().mergedShapes()) {
            // One rectangle (move, 3 lines, close) per run of pixel columns at most.
            assertTrue(p.getElements().size() / 5 <= width + 2, p.getId() + ": " + p.getElements().size() / 5 + " rectangles");
        }
        assertTrue(bar().mergedShapes().stream().anyMatch(p -> p.getStyleClass().contains("perm-r")), "read-only areas keep their look");
        assertTrue(bar().mergedShapes().stream().anyMatch(p -> p.getStyleClass().contains("perm-rw")));
    }

    @Test
    void theMergedAreasArePaintedInTheirColour(FxRobot robot) {
        // 500 pages in view: 250 areas (two read-only) with a free page between each, about 2.5 px a page.
        robot.interact(() -> bar().zoomTo(iova(1000), iova(1250) - 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(bar().isMerged(), "250 areas in view");
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = bar().track().snapshot(null, null));
        Color c = shot[0].getPixelReader().getColor((int) middleOf(1051), (int) laneMiddle());
        assertEquals(Color.web("#1f9e89"), c, "a rw area's pixels");
        Color r = shot[0].getPixelReader().getColor((int) middleOf(1100), (int) laneMiddle());
        assertEquals(Color.web("#8fd3c4"), r, "the read-only area's pixels");
    }

    @Test
    void theRangeUnderThePointerIsFoundByItsPixel(FxRobot robot) {
        robot.interact(() -> bar().zoomTo(iova(20_000), iova(20_400) - 1));
        assertTrue(bar().isMerged());
        for (int area : new int[] {20_000, 20_123, 20_200, 20_399}) {
            IoasModel.Range hit = bar().rangeAt(middleOf(area), laneMiddle());
            assertNotNull(hit, "area " + area);
            assertEquals("area-" + ioasId + "-" + Unsigned.hex(iova(area)), hit.id());
            assertTrue(hit.tip().startsWith("area [" + Unsigned.hex(iova(area)) + ", " + Unsigned.hex(iova(area) + 0xfff) + "]"), hit.tip());
        }
        assertNull(bar().rangeAt(middleOf(20_123), 1), "above the lane");
    }

    @Test
    void hoveringTheMergedBarShowsTheExactRange(FxRobot robot) throws Exception {
        robot.interact(() -> bar().zoomTo(iova(30_000), iova(30_300) - 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(bar().isMerged());
        Point2D at = bar().track().localToScreen(middleOf(30_150), laneMiddle());
        robot.moveTo(at);
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> bar().hoverTooltip().isShowing());
        assertTrue(bar().hoverTooltip().getText().startsWith("area [" + Unsigned.hex(iova(30_150)) + ", "), bar().hoverTooltip().getText());
    }

    @Test
    void zoomedInToAFewAreasTheyAreBoxesAgainWithTheirIds(FxRobot robot) {
        robot.interact(() -> bar().zoomTo(iova(40_000), iova(40_010) - 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(bar().isMerged());
        assertTrue(bar().mergedShapes().isEmpty());
        Rectangle box = robot.lookup("#area-" + ioasId + "-" + Unsigned.hex(iova(40_005))).queryAs(Rectangle.class);
        assertNotNull(box);
        assertTrue(box.isVisible() && box.getWidth() > 50, "a 4 KiB area in a 80 KiB window: " + box.getWidth());
        assertTrue(IoasBar.tooltipOf(box).getText().contains("[" + Unsigned.hex(iova(40_005)) + ", "));
        assertTrue(bar().segments().size() <= 20, "boxes only for the ranges in view: " + bar().segments().size());
        assertTrue(bar().trackNodeCount() <= 60, "nodes on the track: " + bar().trackNodeCount());
        robot.interact(() -> bar().reset());
        assertTrue(bar().isMerged());
        assertTrue(robot.lookup("#area-" + ioasId + "-" + Unsigned.hex(iova(40_005))).tryQuery().isEmpty());
    }

    @Test
    void aStepShownPlacesTheBarOnceAndMakesNoRangePerArea(FxRobot robot) {
        IoasModel model = IoasProjection.of(state()).stream().filter(m -> m.ioasId() == ioasId).findFirst().orElseThrow();
        assertTrue(model.ranges().stream().noneMatch(r -> r.id().startsWith("area-")), "the areas stay in the state's tree");
        assertEquals(AREAS + 3, model.areas().size());
        int[] placed = new int[1];
        robot.interact(() -> {
            placed[0] = bar().placements();
            panel.show(List.of(model));
            panel.applyCss();
            panel.layout();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, bar().placements() - placed[0], "placings of the bar for one step shown, layout pass included");
        assertTrue(bar().isMerged());
        assertEquals(0, model.areas().rangesMade(), "ranges made of 50,003 areas drawn merged at 2^64");
    }

    /** The pixel column byte v of the window falls in, as the bar's x says: the reference's own arithmetic. */
    private static int column(IovaWindow w, double width, long v) {
        return (int) Math.min(Math.max(Math.floor(w.x(v, width)), 0), Math.ceil(width) - 1);
    }

    /** The reference: every area of the state, one by one in IOVA order, each column going to the first with a byte in it. */
    private static org.iommuscope.engine.iopt.Area[] firstAreaOfEachColumn(IovaWindow w, double width, int[] inWindow) {
        org.iommuscope.engine.iopt.Area[] owner = new org.iommuscope.engine.iopt.Area[(int) Math.ceil(width)];
        for (org.iommuscope.engine.iopt.Area a : ((org.iommuscope.engine.iommufd.Ioas) state().object(ioasId)).iopt().areas().values()) {
            if (w.intersects(a.iova(), a.last())) {
                inWindow[0]++;
                for (int c = column(w, width, Unsigned.max(a.iova(), w.lo())); c <= column(w, width, Unsigned.min(a.last(), w.last())); c++) {
                    if (owner[c] == null) {
                        owner[c] = a;
                    }
                }
            }
        }
        return owner;
    }

    @Test
    void theMergedDrawingIsEachPixelColumnInTheColourOfItsFirstArea(FxRobot robot) {
        // The window starts inside area 7,000 and ends inside area 9,000: both are drawn, as the kernel's interval tree
        // finds the areas intersecting a range (iopt_area_iter_first()). About 3.3 areas to a column.
        long lo = iova(7_000) + 0x800;
        long hi = iova(9_000) + 0x7ff;
        robot.interact(() -> bar().zoomTo(lo, hi));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(bar().isMerged());
        IovaWindow w = bar().window();
        double width = bar().track().getWidth();
        double laneY = bar().track().getHeight() - 2 - IoasBar.BAND_PAD - IoasBar.LANE_H;
        int[] inWindow = {0};
        org.iommuscope.engine.iopt.Area[] owner = firstAreaOfEachColumn(w, width, inWindow);
        assertEquals(2_001, inWindow[0], "areas 7,000 to 9,000");
        java.util.Map<String, PixelRuns> expected = new java.util.LinkedHashMap<>();
        for (int c = 0; c < owner.length; c++) {
            if (owner[c] != null) {
                expected.computeIfAbsent("perm-" + owner[c].prot(), k -> new PixelRuns(laneY, laneY + IoasBar.LANE_H)).add(c, c + 1);
            }
        }
        assertEquals(java.util.Set.of("perm-rw", "perm-r"), expected.keySet(), "some columns show a read-only area first");
        for (java.util.Map.Entry<String, PixelRuns> e : expected.entrySet()) {
            javafx.scene.shape.Path drawn = bar().mergedShapes().stream().filter(p -> p.getStyleClass().contains(e.getKey()))
                    .findFirst().orElseThrow(() -> new AssertionError("no path for " + e.getKey()));
            assertEquals(String.valueOf(e.getValue().elements()), String.valueOf(drawn.getElements()), e.getKey());
        }
        // The pointer names the area whose colour it is over, and nothing over a column no area reaches.
        for (int c = 0; c < owner.length; c++) {
            IoasModel.Range hit = bar().rangeAt(c + 0.5, laneMiddle());
            assertEquals(owner[c] == null ? null : "area-" + ioasId + "-" + Unsigned.hex(owner[c].iova()), hit == null ? null : hit.id(),
                    "column " + c);
        }
    }

    @Test
    void aWalkOfTheMergedBarVisitsAnAreaPerPixelColumnAtMost(FxRobot robot) {
        // 50,003 areas in view at 2^64 (all in a few columns), then 2,001 over the whole track: each column is reached once.
        for (long[] window : new long[][] {{0, Unsigned.MAX}, {iova(7_000), iova(9_000) + 0xfff}}) {
            int[] visited = new int[1];
            robot.interact(() -> {
                bar().zoomTo(iova(1), iova(2));
                visited[0] = bar().areas().areasVisited();
                bar().zoomTo(window[0], window[1]);
                visited[0] = bar().areas().areasVisited() - visited[0];
            });
            assertTrue(bar().isMerged());
            double width = bar().track().getWidth();
            assertTrue(visited[0] > 0 && visited[0] <= Math.ceil(width), "areas visited for one drawing: " + visited[0]);
            int[] inWindow = {0};
            firstAreaOfEachColumn(bar().window(), width, inWindow);
            String said = robot.lookup("#ioas-bar-" + ioasId + "-squeezed").queryAs(javafx.scene.control.Label.class).getText();
            assertTrue(said.startsWith(String.format(java.util.Locale.ROOT, "%,d areas in view, merged per pixel column",
                    inWindow[0])), said);
        }
    }

    @Test
    void anAreaStraddlingTheWindowsLeftEdgeIsABox(FxRobot robot) {
        robot.interact(() -> bar().zoomTo(iova(40_000) + 0x800, iova(40_004) - 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(bar().isMerged());
        Rectangle box = robot.lookup("#area-" + ioasId + "-" + Unsigned.hex(iova(40_000))).queryAs(Rectangle.class);
        assertNotNull(box, "the area holding the window's first IOVA");
        assertTrue(box.isVisible() && box.getX() <= 0 && box.getWidth() > 10, box.getX() + " " + box.getWidth());
    }
}
