package org.iommuscope.app.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.iommuscope.app.Screenshots;
import org.iommuscope.app.cli.CliRun;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A device added to an existing iommu_group from the group box's menu, on the seed scenario (group 26 holds
 * 0000:06:0d.0 and .1, both bound as idev 1 and 2 at step 2 and 3). The device is on the machine from boot.
 */
@ExtendWith(ApplicationExtension.class)
class AddDeviceToGroupTest {
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

    /** Right-click group 26's title strip, choose the item, fill in the form and confirm. */
    private void addToGroup26(FxRobot robot, String bdf, String driver) throws Exception {
        addToGroup26(robot, bdf, driver, null);
    }

    private void addToGroup26(FxRobot robot, String bdf, String driver, String shot) throws Exception {
        robot.rightClickOn(robot.point(ui.node(robot, "group-26")).atPosition(Pos.TOP_LEFT).atOffset(new Point2D(30, 8)));
        if (shot != null) {
            Screenshots.saveWithWindows(ui.scene(), shot + "-menu", w -> true);
        }
        robot.clickOn("#menu-add-device-to-group");
        WaitForAsyncUtils.waitForFxEvents();
        if (shot != null) {
            assertEquals("0000:06:0d.2", robot.lookup("#form-bdf").queryAs(TextField.class).getText(), "the next free function is offered");
        }
        robot.interact(() -> {
            robot.lookup("#form-bdf").queryAs(TextField.class).setText(bdf);
            robot.lookup("#form-driver").queryAs(TextField.class).setText(driver);
        });
        if (shot != null) {
            Screenshots.saveWithWindows(ui.scene(), shot + "-form", w -> true);
        }
        robot.clickOn("OK");
        ui.settle();
    }

    private Map<String, Point2D> positions() {
        Map<String, Point2D> out = new LinkedHashMap<>();
        for (javafx.scene.Node n : ui.window().canvas().lookupAll(".node")) {
            if (n.getId() != null) {
                out.put(n.getId(), new Point2D(n.getLayoutX(), n.getLayoutY()));
            }
        }
        return out;
    }

    private List<PciDevice> group26() {
        return ui.whatIf().session().tree().topology().group(26).orElseThrow().devices();
    }

    private static boolean contains(Bounds outer, Bounds inner) {
        return outer.contains(inner.getMinX(), inner.getMinY()) && outer.contains(inner.getMaxX(), inner.getMaxY());
    }

    @Test
    void aDeviceAddedToGroup26SitsInItsGrownBoxAndOnlyTheGroupBelowMoves(FxRobot robot) throws Exception {
        ui.toEnd(robot);
        // A second group, placed below group 26: the one box that has to make room.
        robot.interact(() -> ui.whatIf().addGroup("40", "0000:40:00.0"));
        ui.settle();
        Map<String, Point2D> before = positions();
        double height26 = ui.node(robot, "group-26").getHeight();
        double y40 = ui.node(robot, "group-40").getLayoutY();
        int frames = ui.window().stepper().frames().size();
        addToGroup26(robot, "0000:06:0D.2", "vfio-pci", "whatif-add-to-group");
        Region dev = ui.node(robot, "dev-0000-06-0d-2");
        assertNotNull(dev, "the new device is drawn");
        assertTrue(dev.isVisible());
        assertTrue(contains(ui.node(robot, "group-26").getBoundsInParent(), dev.getBoundsInParent()),
                "inside group 26's box: " + dev.getBoundsInParent() + " in " + ui.node(robot, "group-26").getBoundsInParent());
        assertTrue(ui.node(robot, "group-26").getHeight() > height26, "the box grew");
        assertTrue(ui.node(robot, "group-40").getLayoutY() > y40, "the group below made room");
        assertFalse(ui.node(robot, "group-26").getBoundsInParent().intersects(ui.node(robot, "group-40").getBoundsInParent()),
                "the boxes do not overlap");
        assertTrue(contains(ui.node(robot, "group-40").getBoundsInParent(), ui.node(robot, "dev-0000-40-00-0").getBoundsInParent()),
                "group 40's device moved with it");
        Map<String, Point2D> after = positions();
        before.forEach((id, at) -> {
            if (!id.equals("group-40") && !id.equals("dev-0000-40-00-0")) {
                assertEquals(at, after.get(id), id + " did not move");
            }
        });
        assertEquals(frames, ui.window().stepper().frames().size(), "a machine edit is no step");
        assertEquals(List.of("0000:06:0d.0", "0000:06:0d.1", "0000:06:0d.2"), group26().stream().map(PciDevice::name).toList());
        assertEquals(ResvType.MSI, group26().get(2).reserved().get(0).type(), "the siblings' MSI window");
        assertTrue(ui.whatIf().message().get().contains("0000:06:0d.2 (vfio-pci) added to iommu_group 26 from boot; no recorded step changed"),
                ui.whatIf().message().get());
        robot.interact(ui.window().canvas()::fit);
        Screenshots.save(ui.scene(), "whatif-device-added-to-group");

        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.Z).release(javafx.scene.input.KeyCode.Z, javafx.scene.input.KeyCode.CONTROL);
        ui.settle();
        assertEquals(2, group26().size(), "undo removes the device");
        assertFalse(ui.node(robot, "dev-0000-06-0d-2").isVisible());
        assertTrue(ui.node(robot, "dev-0000-40-00-0").isVisible(), "the group added before stays");
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.Y).release(javafx.scene.input.KeyCode.Y, javafx.scene.input.KeyCode.CONTROL);
        ui.settle();
        assertEquals(3, group26().size(), "redo restores it");
        assertTrue(ui.node(robot, "dev-0000-06-0d-2").isVisible());
        assertEquals(after.get("dev-0000-06-0d-2"), new Point2D(ui.node(robot, "dev-0000-06-0d-2").getLayoutX(), ui.node(robot, "dev-0000-06-0d-2").getLayoutY()),
                "in the same place");
    }

    @Test
    void theSavedScenarioHasTheDeviceInItsGroupAndPassesCheck(FxRobot robot, @TempDir Path dir) throws Exception {
        ui.toEnd(robot);
        addToGroup26(robot, "0000:06:0d.2", "vfio-pci");
        // Bind it too: a step that only the new machine can run.
        robot.rightClickOn("#dev-0000-06-0d-2");
        robot.clickOn("#menu-bind");
        ui.settle();
        assertEquals("ok", ui.last().outcome(), ui.last().op());
        Path saved = dir.resolve("grown.yaml");
        robot.interact(() -> assertTrue(ui.whatIf().saveTo(saved)));
        CliRun check = CliRun.of("check", saved.toString());
        assertEquals(0, check.code(), check.out() + check.err() + "\n" + Files.readString(saved));
        Scenario back = ScenarioLoader.load(saved);
        assertEquals(List.of("0000:06:0d.0", "0000:06:0d.1", "0000:06:0d.2"),
                back.topology().group(26).orElseThrow().devices().stream().map(PciDevice::name).toList());
        assertTrue(ScenarioRunner.run(back).outcomes().stream().allMatch(o -> o.passed()));
    }

    @Test
    void aBadOrTakenAddressRecordsNothingAndSaysWhy(FxRobot robot) throws Exception {
        ui.toEnd(robot);
        addToGroup26(robot, "0000:06:0d", "vfio-pci");
        assertEquals(2, group26().size(), "nothing added");
        assertFalse(ui.whatIf().session().canUndo(), "nothing recorded");
        assertTrue(ui.whatIf().message().get().contains("device not added — '0000:06:0d' is not a PCI address DDDD:BB:DD.F"),
                ui.whatIf().message().get());
        addToGroup26(robot, "0000:06:0d.1", "vfio-pci");
        assertEquals(2, group26().size());
        assertFalse(ui.whatIf().session().canUndo());
        assertTrue(ui.whatIf().message().get().contains("0000:06:0d.1 is already in the machine"), ui.whatIf().message().get());
        addToGroup26(robot, "0000:06:0d.2", "not a driver");
        assertFalse(ui.whatIf().session().canUndo());
        assertTrue(ui.whatIf().message().get().contains("'not a driver' is not a driver name"), ui.whatIf().message().get());
    }

    @Test
    void aKernelDriverSiblingMakesTheGroupNotViableFromBoot(FxRobot robot) throws Exception {
        ui.toEnd(robot);
        addToGroup26(robot, "0000:06:0d.2", "lpc_ich");
        // From boot: the recorded binds are refused now, and the log and the notice say so.
        String msg = ui.whatIf().message().get();
        assertTrue(msg.contains("0000:06:0d.2 (lpc_ich) added to iommu_group 26 from boot"), msg);
        assertTrue(msg.contains("step 2: bind: {device: \"0000:06:0d.0\", as: idev1} — ok → EPERM"), msg);
        robot.interact(ui.window().canvas()::fit);
        Screenshots.save(ui.scene(), "whatif-kernel-driver-sibling");
        Frame bind = ui.window().stepper().frames().get(2);
        assertTrue(bind.outcome().startsWith("EPERM"), bind.outcome());
        // A fresh bind of a vfio-pci function of the group: iommu_device_claim_dma_owner finds owner_cnt > 0, owner NULL.
        robot.interact(ui.window().stepper()::end);
        robot.rightClickOn("#dev-0000-06-0d-0");
        robot.clickOn("#menu-bind");
        ui.settle();
        assertEquals("bind: {device: \"0000:06:0d.0\"}", ui.last().op().replaceAll(", as: \\w+", ""));
        assertTrue(ui.last().outcome().startsWith("EPERM"), ui.last().outcome());
        assertEquals(1, Errno.EPERM.number());
        assertTrue(ui.whatIf().message().get().startsWith("bind refused: EPERM (-1)"), ui.whatIf().message().get());
        // Saved as it is, the file keeps the steps that cannot run, and the status row says check will not pass.
        Path saved = journalDir.resolve("not-viable.yaml");
        robot.interact(() -> assertTrue(ui.whatIf().saveTo(saved)));
        assertTrue(ui.whatIf().message().get().matches("saved to .* — \\d+ steps do not pass check on this machine \\(see the log\\)"),
                ui.whatIf().message().get());
        assertTrue(Files.readString(saved).contains("  - bind: {device: \"0000:06:0d.0\", as: idev1}\n    expect: EPERM"),
                Files.readString(saved));
        CliRun check = CliRun.of("check", saved.toString());
        assertEquals(1, check.code(), check.out() + check.err());
        // Undo gives the machine back, and the binds their old outcome.
        robot.interact(ui.whatIf().session()::undo);
        robot.interact(ui.whatIf().session()::undo);
        ui.settle();
        assertFalse(ui.whatIf().session().canUndo());
        assertEquals(2, group26().size());
        assertEquals("ok", ui.window().stepper().frames().get(2).outcome().substring(0, 2));
    }
}
