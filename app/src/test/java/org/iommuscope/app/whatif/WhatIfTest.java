package org.iommuscope.app.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.iommuscope.app.IommuscopeApp;
import org.iommuscope.app.cli.Main;
import org.iommuscope.app.timeline.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import picocli.CommandLine;

/**
 * What-if by clicking, on the seed scenario (v6.15): idev 1, 2 share group 26; ioas 3, 4; hwpt1 = 5 (ioas 3),
 * hwpt2 = 6 (ioas 4). At the last step both idevs are bound and detached, the group on the blocking domain.
 */
@ExtendWith(ApplicationExtension.class)
class WhatIfTest {
    @TempDir
    static Path journalDir;
    private WhatIf whatIf;
    private Scene scene;
    private Stage stage;

    @Start
    void start(Stage s) throws Exception {
        stage = s;
        whatIf = WhatIf.open(SessionTest.seed(Journal.create(journalDir)));
        scene = new Scene(whatIf.window(), 1400, 880);
        scene.getStylesheets().add(IommuscopeApp.stylesheet());
        whatIf.window().install(scene, whatIf.actions());
        s.setScene(scene);
        s.show();
    }

    @AfterEach
    void closeSession() {
        whatIf.session().close();
    }

    private Region node(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Region.class);
    }

    private Frame last() {
        List<Frame> f = whatIf.window().stepper().frames();
        return f.get(f.size() - 1);
    }

    private void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !whatIf.window().canvas().animating());
    }

    private void toEnd(FxRobot robot) {
        robot.interact(whatIf.window().stepper()::end);
        robot.interact(whatIf.window().canvas()::fit);
    }

    private Path shot(String name) throws Exception {
        Path png = org.iommuscope.app.Screenshots.save(scene, name);
        assertTrue(org.iommuscope.app.Screenshots.distinctColours(png) > 20, png + " looks blank");
        return png;
    }

    /** The scene with the popups open over it (a context menu and its submenu are windows of their own). */
    private void shotWithPopups(String name) throws Exception {
        java.awt.image.BufferedImage out = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
            java.awt.image.BufferedImage img = javafx.embed.swing.SwingFXUtils.fromFXImage(scene.snapshot(null), null);
            java.awt.Graphics2D g = img.createGraphics();
            for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
                if (w instanceof javafx.stage.PopupWindow && w.isShowing()) {
                    var pic = javafx.embed.swing.SwingFXUtils.fromFXImage(w.getScene().snapshot(null), null);
                    g.drawImage(pic, (int) (w.getX() - stage.getX() - scene.getX()), (int) (w.getY() - stage.getY() - scene.getY()), null);
                }
            }
            g.dispose();
            return img;
        }).get();
        Path dir = Path.of("app", "target", "screenshots");
        Files.createDirectories(dir);
        javax.imageio.ImageIO.write(out, "png", dir.resolve(name + ".png").toFile());
    }

    @AfterEach
    void closeMenus() {
        javafx.application.Platform.runLater(() -> {
            if (whatIf.openMenu() != null) {
                whatIf.openMenu().hide();
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void draggingAnIdevOntoAHwptAttachesIt(FxRobot robot) throws Exception {
        toEnd(robot);
        int frames = whatIf.window().stepper().frames().size();
        assertEquals("blocking-26", whatIf.window().canvas().edgeTarget("gd-26"));
        robot.drag("#idev-2").moveTo("#hwpt-6");
        assertTrue(node(robot, "hwpt-6").getStyleClass().contains("drop-ok"), "the kernel would accept hwpt2");
        assertTrue(whatIf.window().canvas().hint().getText().startsWith("attach → ok"), whatIf.window().canvas().hint().getText());
        assertTrue(robot.lookup("#drag-line").query().isVisible(), "a rubber band follows the pointer");
        shot("whatif-drag-accepting");
        robot.drop();
        settle();
        assertEquals(frames + 1, whatIf.window().stepper().frames().size(), "one step more");
        assertEquals("attach: {dev: idev2, pt: hwpt2}", last().op());
        assertEquals("ok", last().outcome());
        assertEquals(frames, whatIf.window().stepper().index().get(), "the new step is shown");
        assertEquals("hwpt-6", whatIf.window().canvas().edgeTarget("gd-26"), "group 26 moved to hwpt2");
        assertFalse(node(robot, "hwpt-6").getStyleClass().contains("drop-ok"), "the marks go when the drag ends");
        assertEquals(1, whatIf.session().tree().branches().size(), "at the last step nothing forks");
    }

    @Test
    void aRefusedDropShowsTheErrnoRecordsAFailedStepAndChangesNothing(FxRobot robot) throws Exception {
        toEnd(robot);
        robot.drag("#idev-2").dropTo("#hwpt-6");
        settle();
        int frames = whatIf.window().stepper().frames().size();
        var before = whatIf.window().stepper().current().state();
        robot.drag("#idev-1").moveTo("#hwpt-5");
        assertTrue(node(robot, "hwpt-5").getStyleClass().contains("drop-refused"),
                "group 26 is on hwpt2: idev1 cannot attach elsewhere, known before the drop");
        assertTrue(node(robot, "hwpt-6").getStyleClass().contains("drop-ok"));
        assertTrue(whatIf.window().canvas().hint().getText().startsWith("attach → EINVAL"), whatIf.window().canvas().hint().getText());
        shot("whatif-drag-refusing");
        robot.drop();
        settle();
        assertEquals(frames + 1, whatIf.window().stepper().frames().size(), "the refusal is a step of the log");
        assertEquals("EINVAL", last().outcome());
        assertTrue(whatIf.message().getText().contains("attach refused: EINVAL (-22)"), whatIf.message().getText());
        assertEquals(before.objects(), last().state().objects(), "nothing changed");
        assertEquals(before.groups(), last().state().groups());
        assertEquals("hwpt-6", whatIf.window().canvas().edgeTarget("gd-26"));
        TableRow<?> row = robot.lookup(".table-row-cell").match(r -> r instanceof TableRow<?> t && t.getItem() == last())
                .queryAs(TableRow.class);
        assertTrue(row.getStyleClass().contains("errno-step"), "the log row is marked refused: " + row.getStyleClass());
        assertTrue(robot.lookup(".notification-bar .title").tryQuery().isPresent()
                || robot.lookup(".notification-bar").tryQuery().isPresent(), "a notification shows the refusal");
        shotWithPopups("whatif-refused-notification");
    }

    @Test
    void replaceFromTheIdevMenuForksABranchAtTheViewedStep(FxRobot robot) throws Exception {
        robot.interact(() -> whatIf.window().stepper().jump(SessionTest.BOTH_ON_HWPT1));
        robot.interact(whatIf.window().canvas()::fit);
        settle();
        robot.rightClickOn("#idev-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(whatIf.openMenu(), "a right click opens the idev's menu");
        robot.moveTo("#menu-replace");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#menu-replace-hwpt-6").tryQuery().isPresent());
        shotWithPopups("whatif-context-menu");
        // Straight across into the submenu: a diagonal would cross "Detach" and close it.
        robot.moveBy(140, 0);
        robot.clickOn("#menu-replace-hwpt-6");
        settle();
        assertEquals("replace: {dev: idev1, pt: hwpt2}", last().op());
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 1, whatIf.window().stepper().index().get());
        assertEquals("hwpt-6", whatIf.window().canvas().edgeTarget("gd-26"), "the whole group moved");
        assertEquals(2, whatIf.session().tree().branches().size(), "a branch at step 10; the old future is kept");
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), whatIf.window().timeline().forks());
    }

    @Test
    void branchesAreMarkedOnTheTimelineAndCanBeSwitched(FxRobot robot) throws Exception {
        int mainFrames = whatIf.window().stepper().frames().size();
        robot.interact(() -> whatIf.window().stepper().jump(SessionTest.BOTH_ON_HWPT1));
        robot.interact(whatIf.window().canvas()::fit);
        robot.rightClickOn("#idev-2");
        robot.clickOn("#menu-detach");
        settle();
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 2, whatIf.window().stepper().frames().size());
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), whatIf.window().timeline().forks());
        assertTrue(whatIf.message().getText().startsWith("branch 2 forked at step 10"), whatIf.message().getText());
        assertTrue(whatIf.branchSwitcher().isVisible());
        assertTrue(whatIf.branchSwitcher().getValue().startsWith("branch 2 — from step 11: detach"), whatIf.branchSwitcher().getValue());
        shot("whatif-fork-marker");
        robot.clickOn("#branch-switcher");
        robot.clickOn(whatIf.session().describe(0));
        settle();
        assertEquals(mainFrames, whatIf.window().stepper().frames().size(), "the old future is back");
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), whatIf.window().timeline().forks());
        robot.interact(() -> whatIf.branchSwitcher().getSelectionModel().select(1));
        settle();
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 2, whatIf.window().stepper().frames().size());
        assertTrue(last().op().startsWith("detach"));
    }

    @Test
    void ctrlZUndoesAClickedStepAndCtrlYRedoesIt(FxRobot robot) throws Exception {
        toEnd(robot);
        int frames = whatIf.window().stepper().frames().size();
        robot.drag("#idev-2").dropTo("#hwpt-6");
        settle();
        assertEquals(frames + 1, whatIf.window().stepper().frames().size());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        settle();
        assertEquals(frames, whatIf.window().stepper().frames().size(), "the step is gone");
        assertEquals("blocking-26", whatIf.window().canvas().edgeTarget("gd-26"));
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        settle();
        assertEquals(frames + 1, whatIf.window().stepper().frames().size(), "and back");
        assertEquals("hwpt-6", whatIf.window().canvas().edgeTarget("gd-26"));
    }

    @Test
    void aSavedSessionWithACaptionAndAnAddedDevicePassesCheck(FxRobot robot, @TempDir Path dir) throws Exception {
        toEnd(robot);
        robot.drag("#idev-2").dropTo("#hwpt-6");
        settle();
        int n = whatIf.window().stepper().frames().size() - 1;
        // Caption by double-clicking the step's row in the log.
        robot.doubleClickOn(robot.lookup(".table-row-cell").match(r -> r instanceof TableRow<?> t && t.getItem() == last())
                .queryAs(TableRow.class));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#caption-dialog .text-field").queryAs(javafx.scene.control.TextField.class)
                .setText("idev2 alone moves the group"));
        robot.clickOn("OK");
        settle();
        assertEquals("idev2 alone moves the group", whatIf.window().stepper().frames().get(n).caption());
        // A device in a new group, from the canvas menu.
        robot.interact(() -> whatIf.addGroup("40", "0000:40:00.0"));
        settle();
        Region dev = node(robot, "dev-0000-40-00-0");
        assertNotNull(dev, "the new device is drawn");
        assertTrue(dev.isVisible());
        robot.interact(whatIf.window().canvas()::fit);
        shot("whatif-added-device");
        Path saved = dir.resolve("saved.yaml");
        robot.interact(() -> assertTrue(whatIf.saveTo(saved)));
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("check", saved.toString()), out.toString());
        String text = Files.readString(saved);
        assertTrue(text.contains("  - attach: {dev: idev2, pt: hwpt2}\n    say: \"idev2 alone moves the group\""), text);
        assertTrue(text.contains("    - id: 40"), text);
        assertTrue(text.contains("\"0000:40:00.0\""), text);
    }

    private void mapFromTheMenu(FxRobot robot, String iova, String length) {
        robot.rightClickOn("#ioas-3");
        robot.clickOn("#menu-map");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            robot.lookup("#form-iova").queryAs(javafx.scene.control.TextField.class).setText(iova);
            robot.lookup("#form-length").queryAs(javafx.scene.control.TextField.class).setText(length);
        });
        robot.clickOn("OK");
    }

    @Test
    void mapAsksForItsValuesAndABadValueRecordsNothing(FxRobot robot) throws Exception {
        toEnd(robot);
        int frames = whatIf.window().stepper().frames().size();
        mapFromTheMenu(robot, "0x200000000", "12Q");
        settle();
        assertEquals(frames, whatIf.window().stepper().frames().size(), "nothing recorded");
        assertTrue(whatIf.message().getText().contains("length: '12Q' is not a number"), whatIf.message().getText());
        mapFromTheMenu(robot, "0x200000000", "4K");
        settle();
        assertEquals(frames + 1, whatIf.window().stepper().frames().size());
        assertEquals("ioas_map: {ioas: ioas1, iova: 0x200000000, length: 4K, perm: rw}", last().op());
        assertEquals("ok", last().outcome());
        assertEquals(2, last().state().objects().get(3) instanceof org.iommuscope.engine.iommufd.Ioas io ? io.iopt().areas().size() : -1,
                "a second area in ioas 3");
    }

    @Test
    void aNewObjectIsPlacedNearItsPeersWithoutMovingAnything(FxRobot robot) throws Exception {
        toEnd(robot);
        Region ioas3 = node(robot, "ioas-3");
        Region ioas4 = node(robot, "ioas-4");
        double x3 = ioas3.getLayoutX();
        double y3 = ioas3.getLayoutY();
        double y4 = ioas4.getLayoutY();
        Region idev1 = node(robot, "idev-1");
        double ix = idev1.getLayoutX();
        double iy = idev1.getLayoutY();
        robot.rightClickOn(robot.point(whatIf.window().canvas()).atPosition(javafx.geometry.Pos.TOP_LEFT)
                .atOffset(new javafx.geometry.Point2D(15, 15)));
        robot.clickOn("#menu-ioas-alloc");
        settle();
        assertEquals("ioas_alloc: {as: ioas7}", last().op());
        Region ioas7 = node(robot, "ioas-7");
        assertNotNull(ioas7);
        assertTrue(ioas7.isVisible());
        assertEquals(x3, ioas3.getLayoutX());
        assertEquals(y3, ioas3.getLayoutY());
        assertEquals(y4, ioas4.getLayoutY());
        assertEquals(ix, idev1.getLayoutX(), "nothing else moved");
        assertEquals(iy, idev1.getLayoutY());
        assertEquals(x3, ioas7.getLayoutX(), "in the IOAS column");
        assertTrue(ioas7.getLayoutY() >= Math.max(y3, y4) + ioas3.getHeight(), "below the other IOASes");
        shot("whatif-new-ioas");
    }

    @Test
    void aSessionRecoveredFromItsJournalShowsItsBranchesAndSteps(FxRobot robot, @TempDir Path dir) throws Exception {
        Journal j = Journal.create(dir);
        Session s = SessionTest.seed(j);
        s.view(SessionTest.BOTH_ON_HWPT1);
        s.apply(SessionTest.op("detach", "dev", s.ref(2)));
        s.caption(SessionTest.BOTH_ON_HWPT1 + 1, "what if idev2 leaves first?");
        Session back = Journal.resume(j.file(), null);
        robot.interact(() -> {
            WhatIf w = WhatIf.open(back);
            Stage st = new Stage();
            st.setScene(new Scene(w.window(), 1200, 800));
            st.show();
            whatIf.session().close();
            whatIf = w;
        });
        settle();
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 2, whatIf.window().stepper().frames().size());
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 1, whatIf.window().stepper().index().get(), "at the step being viewed");
        assertEquals("what if idev2 leaves first?", last().caption());
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), whatIf.window().timeline().forks());
        assertEquals(2, whatIf.branchSwitcher().getItems().size());
    }
}
