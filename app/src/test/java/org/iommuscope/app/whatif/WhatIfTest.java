package org.iommuscope.app.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import org.iommuscope.app.timeline.StepLog;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import org.iommuscope.app.Screenshots;
import org.iommuscope.app.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What-if by clicking, on the seed scenario (v6.15): idev 1, 2 share group 26; ioas 3, 4; hwpt1 = 5 (ioas 3),
 * hwpt2 = 6 (ioas 4). At the last step both idevs are bound and detached, the group on the blocking domain.
 */
@ExtendWith(ApplicationExtension.class)
class WhatIfTest {
    @TempDir
    static Path journalDir;
    private WhatIfOnSeed ui;

    @Start
    void start(Stage s) throws Exception {
        ui = WhatIfOnSeed.show(s, journalDir);
    }

    @AfterEach
    void close() {
        ui.close();
    }

    private Path shot(String name) throws Exception {
        Path png = Screenshots.save(ui.scene(), name);
        assertTrue(Screenshots.distinctColours(png) > 20, png + " looks blank");
        return png;
    }

    @Test
    void draggingAnIdevOntoAHwptAttachesIt(FxRobot robot) throws Exception {
        ui.toEnd(robot);
        int frames = ui.window().stepper().frames().size();
        assertEquals("blocking-26", ui.window().canvas().edgeTarget("gd-26"));
        robot.drag("#idev-2").moveTo("#hwpt-6");
        assertTrue(ui.node(robot, "hwpt-6").getStyleClass().contains("drop-ok"), "the kernel would accept hwpt2");
        assertTrue(ui.window().canvas().hint().getText().startsWith("attach → ok"), ui.window().canvas().hint().getText());
        assertTrue(robot.lookup("#drag-line").query().isVisible(), "a rubber band follows the pointer");
        shot("whatif-drag-accepting");
        robot.drop();
        ui.settle();
        assertEquals(frames + 1, ui.window().stepper().frames().size(), "one step more");
        assertEquals("attach: {dev: idev2, pt: hwpt2}", ui.last().op());
        assertEquals("ok", ui.last().outcome());
        assertEquals(frames, ui.window().stepper().index().get(), "the new step is shown");
        assertEquals("hwpt-6", ui.window().canvas().edgeTarget("gd-26"), "group 26 moved to hwpt2");
        assertFalse(ui.node(robot, "hwpt-6").getStyleClass().contains("drop-ok"), "the marks go when the drag ends");
        assertEquals(1, ui.whatIf().session().tree().branches().size(), "at the last step nothing forks");
    }

    @Test
    void aRefusedDropShowsTheErrnoRecordsAFailedStepAndChangesNothing(FxRobot robot) throws Exception {
        ui.toEnd(robot);
        robot.drag("#idev-2").dropTo("#hwpt-6");
        ui.settle();
        int frames = ui.window().stepper().frames().size();
        var before = ui.window().stepper().current().state();
        robot.drag("#idev-1").moveTo("#hwpt-5");
        assertTrue(ui.node(robot, "hwpt-5").getStyleClass().contains("drop-refused"),
                "group 26 is on hwpt2: idev1 cannot attach elsewhere, known before the drop");
        assertTrue(ui.node(robot, "hwpt-6").getStyleClass().contains("drop-ok"));
        assertTrue(ui.window().canvas().hint().getText().startsWith("attach → EINVAL"), ui.window().canvas().hint().getText());
        shot("whatif-drag-refusing");
        robot.drop();
        ui.settle();
        assertEquals(frames + 1, ui.window().stepper().frames().size(), "the refusal is a step of the log");
        assertEquals("EINVAL", ui.last().outcome());
        assertTrue(ui.whatIf().message().get().contains("attach refused: EINVAL (-22)"), ui.whatIf().message().get());
        assertEquals(before.objects(), ui.last().state().objects(), "nothing changed");
        assertEquals(before.groups(), ui.last().state().groups());
        assertEquals("hwpt-6", ui.window().canvas().edgeTarget("gd-26"));
        StepLog.Row row = robot.lookup(".table-row-cell").match(r -> r instanceof StepLog.Row t && t.getItem() == ui.last())
                .queryAs(StepLog.Row.class);
        assertTrue(row.getStyleClass().contains("errno-step"), "the log row is marked refused: " + row.getStyleClass());
        assertTrue(robot.lookup(".notification-bar .title").tryQuery().isPresent()
                || robot.lookup(".notification-bar").tryQuery().isPresent(), "a notification shows the refusal");
        Screenshots.saveWithWindows(ui.scene(), "whatif-refused-notification", PopupWindow.class::isInstance);
    }

    @Test
    void replaceFromTheIdevMenuForksABranchAtTheViewedStep(FxRobot robot) throws Exception {
        robot.interact(() -> ui.window().stepper().jump(SessionTest.BOTH_ON_HWPT1));
        robot.interact(ui.window().canvas()::fit);
        ui.settle();
        robot.rightClickOn("#idev-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(ui.view().openMenu(), "a right click opens the idev's menu");
        robot.moveTo("#menu-replace");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#menu-replace-hwpt-6").tryQuery().isPresent());
        Screenshots.saveWithWindows(ui.scene(), "whatif-context-menu", PopupWindow.class::isInstance);
        // Straight across into the submenu: a diagonal would cross "Detach" and close it.
        robot.moveBy(140, 0);
        robot.clickOn("#menu-replace-hwpt-6");
        ui.settle();
        assertEquals("replace: {dev: idev1, pt: hwpt2}", ui.last().op());
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 1, ui.window().stepper().index().get());
        assertEquals("hwpt-6", ui.window().canvas().edgeTarget("gd-26"), "the whole group moved");
        assertEquals(2, ui.whatIf().session().tree().branches().size(), "a branch at step 10; the old future is kept");
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), ui.window().timeline().forks());
    }

    @Test
    void branchesAreMarkedOnTheTimelineAndCanBeSwitched(FxRobot robot) throws Exception {
        int mainFrames = ui.window().stepper().frames().size();
        robot.interact(() -> ui.window().stepper().jump(SessionTest.BOTH_ON_HWPT1));
        robot.interact(ui.window().canvas()::fit);
        robot.rightClickOn("#idev-2");
        robot.clickOn("#menu-detach");
        ui.settle();
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 2, ui.window().stepper().frames().size());
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), ui.window().timeline().forks());
        assertTrue(ui.whatIf().message().get().startsWith("branch 2 forked at step 10"), ui.whatIf().message().get());
        assertTrue(ui.view().branchSwitcher().isVisible());
        assertTrue(ui.view().branchSwitcher().getValue().startsWith("branch 2 — from step 11: detach"), ui.view().branchSwitcher().getValue());
        shot("whatif-fork-marker");
        robot.clickOn("#branch-switcher");
        robot.clickOn(ui.whatIf().session().describe(0));
        ui.settle();
        assertEquals(mainFrames, ui.window().stepper().frames().size(), "the old future is back");
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), ui.window().timeline().forks());
        robot.interact(() -> ui.view().branchSwitcher().getSelectionModel().select(1));
        ui.settle();
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 2, ui.window().stepper().frames().size());
        assertTrue(ui.last().op().startsWith("detach"));
    }

    @Test
    void ctrlZUndoesAClickedStepAndCtrlYRedoesIt(FxRobot robot) throws Exception {
        ui.toEnd(robot);
        int frames = ui.window().stepper().frames().size();
        robot.drag("#idev-2").dropTo("#hwpt-6");
        ui.settle();
        assertEquals(frames + 1, ui.window().stepper().frames().size());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        ui.settle();
        assertEquals(frames, ui.window().stepper().frames().size(), "the step is gone");
        assertEquals("blocking-26", ui.window().canvas().edgeTarget("gd-26"));
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        ui.settle();
        assertEquals(frames + 1, ui.window().stepper().frames().size(), "and back");
        assertEquals("hwpt-6", ui.window().canvas().edgeTarget("gd-26"));
    }

    @Test
    void aSavedSessionWithACaptionAndAnAddedDevicePassesCheck(FxRobot robot, @TempDir Path dir) throws Exception {
        ui.toEnd(robot);
        robot.drag("#idev-2").dropTo("#hwpt-6");
        ui.settle();
        int n = ui.window().stepper().frames().size() - 1;
        // Caption by double-clicking the step's row in the log.
        robot.doubleClickOn(robot.lookup(".table-row-cell").match(r -> r instanceof StepLog.Row t && t.getItem() == ui.last())
                .queryAs(StepLog.Row.class));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#caption-dialog .text-field").queryAs(javafx.scene.control.TextField.class)
                .setText("idev2 alone moves the group"));
        robot.clickOn("OK");
        ui.settle();
        assertEquals("idev2 alone moves the group", ui.window().stepper().frames().get(n).caption());
        // A device in a new group, from the canvas menu.
        robot.interact(() -> ui.whatIf().addGroup("40", "0000:40:00.0"));
        ui.settle();
        Region dev = ui.node(robot, "dev-0000-40-00-0");
        assertNotNull(dev, "the new device is drawn");
        assertTrue(dev.isVisible());
        robot.interact(ui.window().canvas()::fit);
        shot("whatif-added-device");
        Path saved = dir.resolve("saved.yaml");
        robot.interact(() -> assertTrue(ui.whatIf().saveTo(saved)));
        CliRun check = CliRun.of("check", saved.toString());
        assertEquals(0, check.code(), check.out() + check.err());
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
        ui.toEnd(robot);
        int frames = ui.window().stepper().frames().size();
        mapFromTheMenu(robot, "0x200000000", "12Q");
        ui.settle();
        assertEquals(frames, ui.window().stepper().frames().size(), "nothing recorded");
        assertTrue(ui.whatIf().message().get().contains("length: '12Q' is not a number"), ui.whatIf().message().get());
        mapFromTheMenu(robot, "0x200000000", "4K");
        ui.settle();
        assertEquals(frames + 1, ui.window().stepper().frames().size());
        assertEquals("ioas_map: {ioas: ioas1, iova: 0x200000000, length: 4K, perm: rw}", ui.last().op());
        assertEquals("ok", ui.last().outcome());
        assertEquals(2, ui.last().state().objects().get(3) instanceof org.iommuscope.engine.iommufd.Ioas io ? io.iopt().areas().size() : -1,
                "a second area in ioas 3");
    }

    @Test
    void aNewObjectIsPlacedNearItsPeersWithoutMovingAnything(FxRobot robot) throws Exception {
        ui.toEnd(robot);
        Region ioas3 = ui.node(robot, "ioas-3");
        Region ioas4 = ui.node(robot, "ioas-4");
        double x3 = ioas3.getLayoutX();
        double y3 = ioas3.getLayoutY();
        double y4 = ioas4.getLayoutY();
        Region idev1 = ui.node(robot, "idev-1");
        double ix = idev1.getLayoutX();
        double iy = idev1.getLayoutY();
        robot.rightClickOn(robot.point(ui.window().canvas()).atPosition(javafx.geometry.Pos.TOP_LEFT)
                .atOffset(new javafx.geometry.Point2D(15, 15)));
        robot.clickOn("#menu-ioas-alloc");
        ui.settle();
        assertEquals("ioas_alloc: {as: ioas7}", ui.last().op());
        Region ioas7 = ui.node(robot, "ioas-7");
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
            ui.whatIf().session().close();
            ui = WhatIfOnSeed.show(new Stage(), back);
        });
        ui.settle();
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 2, ui.window().stepper().frames().size());
        assertEquals(SessionTest.BOTH_ON_HWPT1 + 1, ui.window().stepper().index().get(), "at the step being viewed");
        assertEquals("what if idev2 leaves first?", ui.last().caption());
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), ui.window().timeline().forks());
        assertEquals(2, ui.view().branchSwitcher().getItems().size());
    }
}
