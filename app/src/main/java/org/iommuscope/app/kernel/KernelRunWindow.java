package org.iommuscope.app.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.iommuscope.app.timeline.KernelMark;
import org.iommuscope.app.timeline.TimelineView;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.vm.KernelCheck;
import org.iommuscope.vm.VmException;
import org.iommuscope.vm.compare.ComparisonReport;
import org.iommuscope.vm.compare.KnownDifferences;
import org.iommuscope.vm.compare.StepComparison;

/**
 * File → Run on a kernel…: the open scenario through the same service as {@code ./iommuscope kernel}, off the FX
 * thread; this window shows its progress and then its report, and the timeline marks what the kernel said.
 */
public final class KernelRunWindow {
    /** The real-kernel service; tests give a canned one. */
    @FunctionalInterface
    public interface Service {
        KernelCheck.Run run(List<Scenario> scenarios, KernelCheck.Options options, KernelCheck.Progress progress) throws VmException;
    }

    private final Stage stage = new Stage();
    private final Label status = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();
    private final TextArea report = new TextArea();

    private KernelRunWindow(Window owner, String title) {
        stage.initOwner(owner);
        stage.setTitle("Run on a kernel — " + title);
        status.setId("kernel-status");
        status.setWrapText(true);
        busy.setMaxSize(28, 28);
        report.setId("kernel-report");
        report.setEditable(false);
        report.getStyleClass().add("kernel-report");
        Button close = new Button("Close");
        close.setOnAction(e -> stage.hide());
        HBox top = new HBox(10, busy, status);
        top.setPadding(new Insets(8));
        BorderPane root = new BorderPane(report, top, null, new HBox(close), null);
        BorderPane.setMargin(report, new Insets(0, 8, 0, 8));
        ((HBox) root.getBottom()).setPadding(new Insets(8));
        Scene scene = new Scene(root, 980, 620);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
    }

    /** Runs {@code scenario} on {@code kernel} and shows the outcome here and on {@code timeline}. */
    public static KernelRunWindow start(Window owner, Scenario scenario, Path kernel, TimelineView timeline, Service service) {
        KernelRunWindow w = new KernelRunWindow(owner, scenario.title());
        w.status.setText("booting " + kernel + " in QEMU (TCG): about half a minute");
        timeline.setKernelMarks(Map.of());
        Task<KernelCheck.Run> task = new Task<>() {
            @Override
            protected KernelCheck.Run call() throws Exception {
                KernelCheck.Options o = new KernelCheck.Options(kernel, null, Duration.ofSeconds(300), KnownDifferences.bundled());
                return service.run(List.of(scenario), o, line -> Platform.runLater(() -> w.report.appendText(line + "\n")));
            }
        };
        task.setOnSucceeded(e -> w.show(task.getValue(), timeline));
        task.setOnFailed(e -> {
            w.busy.setVisible(false);
            Throwable t = task.getException();
            w.status.setText("The run could not be done; the scenario is as it was.");
            w.report.appendText("\n" + (t instanceof VmException ? t.getMessage() : String.valueOf(t)) + "\n");
        });
        Thread t = new Thread(task, "kernel-run");
        t.setDaemon(true);
        t.start();
        w.stage.show();
        return w;
    }

    private void show(KernelCheck.Run run, TimelineView timeline) {
        busy.setVisible(false);
        StringBuilder text = new StringBuilder();
        for (KernelCheck.FileResult f : run.files()) {
            if (f instanceof KernelCheck.Compared c) {
                ComparisonReport.lines(c.comparison()).forEach(l -> text.append(l).append('\n'));
                timeline.setKernelMarks(marks(c.comparison().steps()));
                long disagree = c.comparison().count(org.iommuscope.vm.compare.Verdict.DISAGREE);
                status.setText(disagree == 0 ? "The kernel (" + c.comparison().release() + ") and the engine agree on every step they can both show."
                        : disagree + " step(s) where the kernel (" + c.comparison().release() + ") answered otherwise: marked on the timeline and in the log.");
            } else if (f instanceof KernelCheck.NotHostable n) {
                status.setText("The VM cannot host this scenario.");
                n.reasons().forEach(r -> text.append("not hostable: ").append(r).append('\n'));
            } else if (f instanceof KernelCheck.Failed x) {
                status.setText("The VM could not run this scenario.");
                text.append(x.message()).append('\n');
            }
        }
        for (KernelCheck.Boot b : run.boots()) {
            text.append(String.format(java.util.Locale.ROOT, "boot of %s: /init after %.2f s (guest), QEMU ran %.2f s%n", b.release(),
                    b.initUptime(), b.wallSeconds()));
        }
        report.setText(text.toString());
    }

    /** Each compared step's mark, by frame number (a frame's number is its step's). */
    static Map<Integer, KernelMark> marks(List<StepComparison> steps) {
        Map<Integer, KernelMark> out = new HashMap<>();
        for (StepComparison s : steps) {
            switch (s.verdict()) {
                case AGREE -> out.put(s.step(), new KernelMark(KernelMark.Kind.AGREE, "agree"));
                case DISAGREE -> out.put(s.step(), new KernelMark(KernelMark.Kind.DISAGREE, "DISAGREE: kernel " + s.kernel() + " | engine " + s.engine()));
                case KNOWN -> out.put(s.step(), new KernelMark(KernelMark.Kind.KNOWN, "known difference: kernel " + s.kernel()));
                case NOT_OBSERVABLE -> out.put(s.step(), new KernelMark(KernelMark.Kind.NOT_OBSERVABLE, "not observable"));
                case NOT_RUN -> out.put(s.step(), new KernelMark(KernelMark.Kind.NOT_OBSERVABLE, "not run on either side"));
                default -> {
                }
            }
        }
        return out;
    }

    public Stage stage() {
        return stage;
    }
}
