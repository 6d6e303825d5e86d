package org.iommuscope.app;

import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.iommuscope.engine.sysfs.FakeSysfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** File → Import machine…, past its choosers: a capture becomes a saved scenario, opened, with what was skipped listed. */
@ExtendWith(ApplicationExtension.class)
class ImportMachineTest {
    private AppUnderTest ui;

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
    }

    @AfterEach
    void closeOtherWindows(FxRobot robot) {
        robot.interact(ui::closeOtherWindows);
    }

    @Test
    void aBrokenCaptureOpensAsTheMachineWithWhatWasSkippedListed(FxRobot robot, @TempDir Path dir) throws Exception {
        ui.window();
        Object seed = ui.stage().getScene().getRoot();
        Path sys = dir.resolve("sys");
        FakeSysfs f = FakeSysfs.server(sys);
        f.group(50, "DMA", FakeSysfs.X86_MSI);
        FakeSysfs.link(sys.resolve("kernel/iommu_groups/50/devices/0000:50:00.0"), sys.resolve("devices/pci0000:50/0000:50:00.0"));
        Files.writeString(sys.resolve("kernel/iommu_groups/28/reserved_regions"), "not a region\n" + FakeSysfs.X86_MSI);
        Path capture = f.tar(dir.resolve("capture.tar"));
        Path saved = dir.resolve("machine.yaml");

        robot.interact(() -> ui.app().importMachine(capture, saved));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#import-warnings").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        String warnings = robot.lookup("#import-warnings").queryAs(TextArea.class).getText();
        assertTrue(warnings.contains("0000:50:00.0: its device directory is not in the capture"), warnings);
        assertTrue(warnings.contains("group 28: reserved_regions line 1 'not a region' is not 'start end type': skipped"), warnings);

        assertTrue(ui.stage().getScene().getRoot() != seed);
        assertTrue(ui.stage().getTitle().startsWith("Machine imported from capture.tar"), ui.stage().getTitle());
        assertTrue(Files.readString(saved).contains("name: \"0000:06:0d.1\"\n          driver: e1000e"));
        assertEquals(saved.toAbsolutePath().normalize().toString(), Preferences.recentFiles().get(0));
        MainWindow w = (MainWindow) ui.stage().getScene().getRoot();
        assertTrue(w.canvas().nodeFor("group-26").getStyleClass().contains("kernel-owned"), "e1000e holds group 26's DMA");
        assertFalse(w.canvas().nodeFor("group-28").getStyleClass().contains("kernel-owned"), "the GPU's group is all vfio-pci");
        String caption = robot.lookup("#caption").queryAs(Label.class).getText();
        assertTrue(caption.contains("group 26 (0000:06:0d.1 on e1000e)"), caption);
        assertTrue(ui.app().explore() == null, "a small machine opens on the canvas alone");
        Screenshots.save(ui.stage().getScene(), "import-server");
    }

    @Test
    void aLargeMachineOpensInExploreAndItsGroupsGoToTheCanvasFromThere(FxRobot robot, @TempDir Path dir) throws Exception {
        ui.window();
        Object seed = ui.stage().getScene().getRoot();
        FakeSysfs.sriov(dir.resolve("sys"), 40);
        robot.interact(() -> ui.app().importMachine(dir.resolve("sys"), dir.resolve("vfs.yaml")));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> ui.app().explore() != null && ui.app().explore().stage().isShowing());
        assertEquals(164, ui.app().explore().view().model().topology().devices().size());
        assertEquals(seed, ui.stage().getScene().getRoot(), "the canvas keeps what it had");
        assertEquals("Explore — Machine imported from sys", ui.app().explore().stage().getTitle());
        assertEquals(dir.resolve("vfs.yaml").toAbsolutePath().normalize().toString(), Preferences.recentFiles().get(0));
        robot.interact(() -> ui.app().explore().view().find("0000:3c:00.0"));
        robot.interact(() -> robot.lookup("#explore-send").queryButton().fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ui.stage().getTitle().startsWith("Machine imported from sys: group 1 "));
        MainWindow w = (MainWindow) ui.stage().getScene().getRoot();
        assertEquals("dev-0000-3c-00-0", w.canvas().selected());
    }

    @Test
    void somethingThatIsNoCaptureLeavesTheScenarioOpenAndSaysWhy(FxRobot robot, @TempDir Path dir) throws Exception {
        ui.window();
        Object before = ui.stage().getScene().getRoot();
        robot.interact(() -> ui.app().importMachine(dir, dir.resolve("out.yaml")));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        String text = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getContentText();
        assertTrue(text.endsWith("no kernel/iommu_groups in it (give /sys, a copy of it, or a capture .tar)"), text);
        assertEquals(before, ui.stage().getScene().getRoot());
        assertFalse(Files.exists(dir.resolve("out.yaml")));
    }
}
