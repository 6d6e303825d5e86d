package org.iommuscope.app;

import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.graphstream.graph.Graph;
import org.iommuscope.app.explore.ExploreView;
import org.iommuscope.engine.sysfs.FakeSysfs;
import org.iommuscope.engine.sysfs.SysfsImport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** View → Explore… on an imported machine: search a BDF, collapse its group, open the group on the main canvas. */
@ExtendWith(ApplicationExtension.class)
class ExploreTest {
    private AppUnderTest ui;
    private final List<ExploreView> views = new ArrayList<>();

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
    }

    @AfterEach
    void closeViewers(FxRobot robot) {
        robot.interact(() -> {
            views.forEach(ExploreView::close);
            ui.closeOtherWindows();
        });
    }

    private void importServer(FxRobot robot, Path dir) throws Exception {
        ui.window();
        FakeSysfs.server(dir.resolve("sys"));
        robot.interact(() -> ui.app().importMachine(dir.resolve("sys"), dir.resolve("server.yaml")));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> ui.stage().getTitle().startsWith("Machine imported"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void searchABdfCollapseItsGroupAndOpenTheGroupOnTheMainCanvas(FxRobot robot, @TempDir Path dir) throws Exception {
        importServer(robot, dir);
        robot.clickOn("View");
        robot.clickOn("#menu-explore");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ui.app().explore() != null && ui.app().explore().stage().isShowing());
        ExploreView v = ui.app().explore().view();
        Graph g = v.model().graph();
        assertEquals(3 + 4 + 10, g.getNodeCount(), "3 IOMMU units, 4 groups, 10 devices");

        robot.clickOn("#explore-search").write("06:0d.1").type(KeyCode.ENTER);
        assertEquals(Set.of("dev-0000-06-0d-1"), v.selection());
        String status = robot.lookup("#explore-status").queryAs(Label.class).getText();
        assertTrue(status.contains("not viable: group 26 (0000:06:0d.1 on e1000e)"), status);
        assertTrue(g.getNode("dev-0000-06-0d-1").hasAttribute("ui.selected"));

        robot.clickOn("#explore-collapse");
        assertNull(g.getNode("dev-0000-06-0d-1"), "a collapsed group's devices leave the graph");
        assertNull(g.getNode("dev-0000-00-1e-0"));
        assertEquals("group_collapsed_notviable", g.getNode("group-26").getAttribute("ui.class"));
        assertEquals("group 26 · 3 dev · not viable", g.getNode("group-26").getAttribute("ui.label"));
        assertEquals(Set.of("group-26"), v.selection(), "the device's group stands in for it");
        WaitForAsyncUtils.sleep(1200, TimeUnit.MILLISECONDS);
        Path shot = Screenshots.save(ui.app().explore().stage().getScene(), "explore-server");
        assertTrue(Screenshots.distinctColours(shot) > 8, "the collapsed group is still in view");

        robot.clickOn("#explore-send");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ui.stage().getTitle().contains(": group 26"));
        WaitForAsyncUtils.waitForFxEvents();
        MainWindow w = (MainWindow) ui.stage().getScene().getRoot();
        assertEquals("group-26", w.canvas().selected());
        assertTrue(w.canvas().nodeFor("dev-0000-06-0d-1") != null);
        assertNull(w.canvas().nodeFor("group-28"), "only the chosen group is on the canvas");
        assertTrue(robot.lookup("#caption").queryAs(Label.class).getText().contains("Not viable: group 26 (0000:06:0d.1 on e1000e)"));

        robot.interact(() -> ui.app().explore().stage().toFront());
        robot.interact(() -> v.toggleCollapse(List.of("group-26")));
        assertTrue(g.getNode("dev-0000-06-0d-1") != null, "expanded again");
        robot.clickOn("#explore-search").eraseText(7).write("ivhd2").type(KeyCode.ENTER);
        robot.clickOn("#explore-collapse");
        assertNull(g.getNode("group-40"), "a collapsed unit hides its groups");
        assertEquals("ivhd2 · 1 groups", g.getNode("iommu-ivhd2").getAttribute("ui.label"));
        robot.clickOn("#explore-search").eraseText(5).write("0000:81:00.3").type(KeyCode.ENTER);
        assertTrue(g.getNode("dev-0000-81-00-3") != null, "a search opens what hides its answer");
    }

    @Test
    void clickingANodeSelectsItAndDoubleClickingAGroupCollapsesIt(FxRobot robot, @TempDir Path dir) throws Exception {
        importServer(robot, dir);
        robot.interact(ui.app()::openExplore);
        ExploreView v = ui.app().explore().view();
        // The panel is below a tool bar: without its own StackPane, GraphStream would hit-test the wrong place.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, v::layoutSettled);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        javafx.geometry.Point2D at = WaitForAsyncUtils.asyncFx(() -> v.screenPositionOf("group-28").orElseThrow()).get();
        robot.clickOn(at);
        assertEquals(Set.of("group-28"), v.selection());
        javafx.geometry.Point2D dev = WaitForAsyncUtils.asyncFx(() -> v.screenPositionOf("dev-0000-41-00-1").orElseThrow()).get();
        robot.press(KeyCode.SHIFT).clickOn(dev).release(KeyCode.SHIFT);
        assertEquals(Set.of("group-28", "dev-0000-41-00-1"), v.selection(), "Shift adds to the selection");
        robot.doubleClickOn(at);
        assertTrue(v.model().groupCollapsed(28));
        assertNull(v.model().graph().getNode("dev-0000-41-00-0"));
    }

    @Test
    void aThousandVfMachineDrawsAndFindsAVf(FxRobot robot, @TempDir Path dir) throws Exception {
        FakeSysfs.sriov(dir.resolve("sys"), 256);
        SysfsImport.Result r = SysfsImport.read(dir.resolve("sys"), SysfsImport.Progress.NONE);
        Stage[] holder = new Stage[1];
        robot.interact(() -> {
            ExploreView v = new ExploreView(new org.iommuscope.app.explore.ExploreGraph(r.topology()), groups -> { });
            views.add(v);
            holder[0] = new Stage();
            holder[0].setScene(new Scene(v, 1400, 900));
            holder[0].show();
        });
        ExploreView v = views.get(0);
        assertEquals(4 + 1028 + 1028, v.model().graph().getNodeCount());
        robot.interact(() -> v.find("0000:d9:1f.7"));
        assertEquals(Set.of("dev-0000-d9-1f-7"), v.selection());
        assertTrue(robot.lookup("#explore-status").queryAs(Label.class).getText().contains("not viable: group"), "an iavf VF");
        WaitForAsyncUtils.sleep(1500, TimeUnit.MILLISECONDS);
        Path shot = Screenshots.save(holder[0].getScene(), "explore-1000-vfs");
        assertTrue(Screenshots.distinctColours(shot) > 8, "the graph is drawn");
        robot.interact(() -> v.model().collapseAllGroups(true));
        assertEquals(4 + 1028, v.model().graph().getNodeCount());
    }
}
