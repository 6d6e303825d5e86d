package org.iommuscope.app.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.iommuscope.app.AppHandle;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.app.timeline.KernelMark;
import org.iommuscope.vm.KernelCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File → Run on a kernel… on a real kernel: only where IOMMUSCOPE_KERNEL names a kernel image (and QEMU, a static
 * busybox and gcc are installed); `mvn -B verify` alone skips it. The seed thread on the 6.12.118 image agrees.
 */
@ExtendWith(ApplicationExtension.class)
class RunOnRealKernelTest {
    private AppHandle ui;

    @Start
    void start(Stage s) {
        ui = AppHandle.start(s);
    }

    @AfterEach
    void closeOtherWindows(FxRobot robot) {
        robot.interact(ui::closeOtherWindows);
    }

    @Test
    void theSeedThreadRunsOnTheKernelAndEveryOpStepAgrees(FxRobot robot) throws Exception {
        String image = System.getenv("IOMMUSCOPE_KERNEL");
        Assumptions.assumeTrue(image != null && Files.isRegularFile(Path.of(image)), "IOMMUSCOPE_KERNEL names no kernel image");
        MainWindow w = ui.window();
        robot.interact(() -> ui.app().runOnKernel(Path.of(image), KernelCheck::run));
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> !w.timeline().kernelMarks().isEmpty()
                || robot.lookup("#kernel-status").queryLabeled().getText().startsWith("The"));
        WaitForAsyncUtils.waitForFxEvents();
        String report = robot.lookup("#kernel-report").queryAs(TextArea.class).getText();
        assertTrue(report.contains("17 agree, 0 disagree"), report);
        assertEquals(KernelMark.Kind.AGREE, w.timeline().kernelMarks().get(16).kind(), "the DMA after the covert move faults on both");
        org.iommuscope.app.Screenshots.save(ui.stage().getScene(), "run-on-real-kernel");
        org.iommuscope.app.Screenshots.save(robot.lookup("#kernel-report").query().getScene(), "run-on-real-kernel-report");
    }
}
