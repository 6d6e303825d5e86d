package org.iommuscope.app.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.iommuscope.app.AppHandle;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.app.timeline.StepLog;
import org.iommuscope.app.timeline.KernelMark;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.vm.KernelCheck;
import org.iommuscope.vm.compare.ScenarioComparison;
import org.iommuscope.vm.compare.StepComparison;
import org.iommuscope.vm.compare.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File → Run on a kernel… past its file chooser, with the real-kernel service replaced by a canned run in which the
 * kernel answers EINVAL to the sibling's attach (step 10): the report window, the log's kernel column, the
 * disagreeing row and its mark under the tick.
 */
@ExtendWith(ApplicationExtension.class)
class RunOnKernelTest {
    private AppHandle ui;

    @Start
    void start(Stage s) {
        ui = AppHandle.start(s);
    }

    @AfterEach
    void closeOtherWindows(FxRobot robot) {
        robot.interact(ui::closeOtherWindows);
    }

    /** What the service says: every op step agrees but step 10; the checks are not observable. */
    static KernelCheck.Run canned(Scenario s) {
        List<StepComparison> steps = new ArrayList<>();
        for (int i = 0; i < s.steps().size(); i++) {
            var step = s.steps().get(i);
            String text = step.isOp() ? step.op().text(step.as()) : "check";
            Verdict v = step.isCaption() ? Verdict.CAPTION : step.isCheck() ? Verdict.NOT_OBSERVABLE : i + 1 == 10 ? Verdict.DISAGREE : Verdict.AGREE;
            steps.add(new StepComparison(i + 1, step.line(), text, v, v == Verdict.DISAGREE ? "EINVAL" : "ok",
                    v == Verdict.DISAGREE ? "ok {pt_id: 5}" : "ok", ""));
        }
        ScenarioComparison c = new ScenarioComparison(s.file(), s.title(), "6.12.118", "v6.15", List.of(), List.of("group 26 = iommu_group 1"),
                steps, List.of(), 0.3);
        return new KernelCheck.Run(List.of(new KernelCheck.Compared(c)), List.of(new KernelCheck.Boot(List.of(s.file()), "6.12.118", 2.0, 6.0)));
    }

    private static long differsPixels(Canvas ticks) throws Exception {
        var img = WaitForAsyncUtils.asyncFx(() -> SwingFXUtils.fromFXImage(ticks.snapshot(null, null), null)).get();
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                // -scope-differs, #e8590c, the light theme's "parts here" colour
                if (Math.abs(((rgb >> 16) & 0xff) - 0xe8) < 24 && Math.abs(((rgb >> 8) & 0xff) - 0x59) < 24 && Math.abs((rgb & 0xff) - 0x0c) < 24) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aDisagreementIsMarkedInTheLogAndUnderItsTickAndTheReportSaysSo(FxRobot robot) throws Exception {
        MainWindow w = ui.window();
        Canvas ticks = robot.lookup("#timeline-ticks").queryAs(Canvas.class);
        assertEquals(0, differsPixels(ticks), "no mark before a run");
        Path[] used = new Path[1];
        robot.interact(() -> ui.app().runOnKernel(Path.of("bzImage-under-test"), (scenarios, options, progress) -> {
            used[0] = options.kernel();
            progress.said("booting bzImage-under-test");
            return canned(scenarios.get(0));
        }));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#kernel-report").tryQuery()
                .map(n -> ((TextArea) n).getText().contains("DISAGREE")).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Path.of("bzImage-under-test"), used[0]);
        String report = robot.lookup("#kernel-report").queryAs(TextArea.class).getText();
        assertTrue(report.contains("kernel EINVAL  |  engine ok {pt_id: 5}"), report);
        assertTrue(robot.lookup("#kernel-status").queryLabeled().getText().startsWith("1 step(s) where the kernel (6.12.118) answered otherwise"));

        assertEquals(KernelMark.Kind.DISAGREE, w.timeline().kernelMarks().get(10).kind());
        assertEquals(KernelMark.Kind.NOT_OBSERVABLE, w.timeline().kernelMarks().get(4).kind());
        assertTrue(w.timeline().log().getColumns().stream().anyMatch(c -> "kernel".equals(c.getText())));
        robot.interact(() -> w.stepper().jump(10));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> classes = robot.lookup(".table-row-cell").queryAllAs(StepLog.Row.class).stream()
                .filter(r -> r.getItem() != null && r.getItem().number() == 10).findFirst().orElseThrow().getStyleClass();
        assertTrue(classes.contains("kernel-disagree-step"), classes.toString());
        assertTrue(differsPixels(ticks) > 20, "a block under step 10's tick");
        org.iommuscope.app.Screenshots.save(ui.stage().getScene(), "run-on-kernel-marks");
        org.iommuscope.app.Screenshots.save(robot.lookup("#kernel-report").query().getScene(), "run-on-kernel-report");
        assertFalse(robot.lookup("#kernel-report").queryAs(TextArea.class).isEditable());
    }
}
