package org.iommuscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.LogFilter;
import org.iommuscope.app.window.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A trace of tens of thousands of steps opened in the app: its first frame shows while the rest still runs,
 * with the progress said; End reaches the last step once all have run; the log filters by op, errno and
 * object; the sparkline draws the IOAS filling up; a second file opened meanwhile is the only one shown.
 */
@ExtendWith(ApplicationExtension.class)
class LongTraceTest {
    private static final int STEPS = 30_000;
    private AppUnderTest ui;
    @TempDir
    Path dir;

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
    }

    /** Opens the trace and returns its window as it first appears, with what it said at that moment. */
    private MainWindow openLong(FxRobot robot, Path trace, AtomicBoolean loadingAtFirst, AtomicInteger framesAtFirst,
                                AtomicReference<String> progressAtFirst) throws Exception {
        Parent seed = ui.window();
        robot.interact(() -> ui.app().open(trace));
        // Asked on the FX thread as soon as the window is there (a 30,000-step run takes seconds more).
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            Parent[] root = new Parent[1];
            robot.interact(() -> {
                root[0] = ui.stage().getScene().getRoot();
                if (root[0] != seed && root[0] instanceof MainWindow w) {
                    loadingAtFirst.set(w.model().loading().get());
                    framesAtFirst.set(w.stepper().frames().size());
                    progressAtFirst.set(w.model().progress().get());
                }
            });
            return root[0] != seed;
        });
        return (MainWindow) ui.stage().getScene().getRoot();
    }

    private static void waitLoaded(MainWindow w) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !w.model().loading().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theFirstFrameShowsWhileTheRestRunsAndEndReachesTheLastStep(FxRobot robot) throws Exception {
        Path trace = dir.resolve("long.yaml");
        LongTraces.write(trace, STEPS);
        AtomicBoolean loading = new AtomicBoolean();
        AtomicInteger frames = new AtomicInteger();
        AtomicReference<String> progress = new AtomicReference<>();
        MainWindow w = openLong(robot, trace, loading, frames, progress);
        assertTrue(loading.get(), "the window came up while steps were still running (" + frames.get() + " frames)");
        assertTrue(frames.get() < STEPS + 1, "it came up with " + frames.get() + " frames, not all " + (STEPS + 1));
        assertTrue(progress.get().startsWith("running steps "), progress.get());
        assertTrue(robot.lookup("#load-progress-text").queryAs(Label.class) != null);
        waitLoaded(w);
        assertEquals(STEPS + 1, w.stepper().frames().size(), "frame 0 and one per step");
        assertFalse(robot.lookup("#load-progress").query().getParent().isVisible(), "the progress goes once every step has run");
        robot.interact(() -> w.requestFocus());
        robot.type(KeyCode.END);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(STEPS, w.stepper().index().get());
        assertTrue(w.timeline().status().getText().startsWith("Step " + STEPS + " / " + STEPS), w.timeline().status().getText());
        double font = w.timeline().status().getFont().getSize();
        assertTrue(w.timeline().log().getColumns().get(0).getPrefWidth() > font * 4.5,
                "the number column widens for 5-digit step numbers: " + w.timeline().log().getColumns().get(0).getPrefWidth());
        assertTrue(ui.app().shell().whatIf() != null, "once all steps ran, what-if works on the trace as on any scenario");
        assertTrue(ui.app().shell().whatIfPending() == null, "the right-click notice that what-if is coming is gone");
    }

    @Test
    void theLogFiltersByOpByErrnoAndByObject(FxRobot robot) throws Exception {
        Path trace = dir.resolve("long.yaml");
        LongTraces t = LongTraces.write(trace, STEPS);
        MainWindow w = openLong(robot, trace, new AtomicBoolean(), new AtomicInteger(), new AtomicReference<>());
        waitLoaded(w);
        var log = w.timeline().log();

        robot.interact(() -> w.timeline().filterLog(new LogFilter(LogFilter.Kind.OP, "ioas_map")));
        assertEquals(t.maps(), log.getItems().size());
        assertTrue(log.getItems().stream().allMatch(f -> f.op().startsWith("ioas_map:")));

        robot.interact(() -> w.timeline().filterLog(new LogFilter(LogFilter.Kind.OUTCOME, "ENOENT")));
        assertEquals(t.enoent(), log.getItems().size());
        assertTrue(log.getItems().stream().allMatch(f -> f.outcome().equals("ENOENT") && f.op().startsWith("ioas_unmap")));

        // hwpt2 by its handle: made by hwpt_alloc, then attached to or detached from by every replace.
        robot.interact(() -> w.timeline().filterLog(new LogFilter(LogFilter.Kind.OBJECT, "hwpt2")));
        Set<String> ops = log.getItems().stream().map(f -> f.op().substring(0, f.op().indexOf(':'))).collect(Collectors.toSet());
        assertEquals(Set.of("hwpt_alloc", "replace"), ops);
        assertEquals(1 + t.replaces(), log.getItems().size());

        // The field itself: typing filters, and the count says how many rows are left.
        robot.interact(() -> w.timeline().filterLog(LogFilter.NONE));
        assertEquals(STEPS + 1, log.getItems().size());
        @SuppressWarnings("unchecked")
        javafx.scene.control.ChoiceBox<LogFilter.Kind> kind = robot.lookup("#log-filter-kind").queryAs(javafx.scene.control.ChoiceBox.class);
        robot.interact(() -> kind.setValue(LogFilter.Kind.OUTCOME));
        robot.clickOn("#log-filter").write("enoent");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(t.enoent(), log.getItems().size());
        assertEquals(String.format(java.util.Locale.ROOT, "%,d of %,d steps", t.enoent(), STEPS + 1),
                robot.lookup("#log-filter-count").queryAs(Label.class).getText());
    }

    @Test
    void theSparklineDrawsTheIoasFillingUpAndMarksTheCurrentStep(FxRobot robot) throws Exception {
        Path trace = dir.resolve("long.yaml");
        LongTraces.write(trace, STEPS);
        MainWindow w = openLong(robot, trace, new AtomicBoolean(), new AtomicInteger(), new AtomicReference<>());
        waitLoaded(w);
        robot.interact(() -> w.stepper().jump(STEPS / 2));
        var spark = w.timeline().sparkline();
        assertTrue(spark.isVisible());
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = spark.snapshot(null, null));
        PixelReader px = img[0].getPixelReader();
        int width = (int) img[0].getWidth();
        int height = (int) img[0].getHeight();
        assertTrue(width > 200, "the sparkline is as wide as the slider: " + width);
        // The fill line is the theme's accent (blue); its height in a column is the IOAS fill there.
        int early = topmost(px, (int) (width * 0.08), height, LongTraceTest::blue);
        int late = topmost(px, (int) (width * 0.6), height, LongTraceTest::blue);
        assertTrue(early >= 0 && late >= 0, "the fill line is drawn at " + early + ", " + late);
        assertTrue(late < early - 5, "the fill rises while the trace maps: y " + early + " at 8 %, " + late + " at 60 %");
        int end = topmost(px, width - 10, height, LongTraceTest::blue);
        assertTrue(end > late, "and falls where it unmaps: y " + late + " at 60 %, " + end + " at the end");
        // The current step: a red line at the middle.
        int red = 0;
        for (int x = width / 2 - 3; x <= width / 2 + 3; x++) {
            for (int y = 0; y < height; y++) {
                Color c = px.getColor(x, y);
                if (c.getRed() > 0.6 && c.getGreen() < 0.4 && c.getBlue() < 0.4) {
                    red++;
                }
            }
        }
        assertTrue(red >= height / 2, "the current step is marked at the middle (" + red + " red pixels)");
        assertTrue(w.timeline().sparklineText(STEPS / 2).startsWith("step 15,000: IOAS fill "), w.timeline().sparklineText(STEPS / 2));
    }

    @Test
    void openingAnotherFileWhileALongTraceRunsShowsOnlyTheOther(FxRobot robot) throws Exception {
        Path trace = dir.resolve("long.yaml");
        LongTraces.write(trace, 120_000);
        MainWindow longOne = openLong(robot, trace, new AtomicBoolean(), new AtomicInteger(), new AtomicReference<>());
        assertTrue(longOne.model().loading().get(), "still running when the other file is opened");
        Path seed = Path.of("scenarios", "seed-thread-v2.yaml").toAbsolutePath();
        robot.interact(() -> ui.app().open(seed));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ui.stage().getScene().getRoot() != longOne);
        MainWindow shown = (MainWindow) ui.stage().getScene().getRoot();
        int framesThen = longOne.stepper().frames().size();
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(shown, ui.stage().getScene().getRoot(), "the long trace's later chunks do not come back");
        assertNotSame(longOne, shown);
        assertTrue(ui.stage().getTitle().contains("v2-patch"), ui.stage().getTitle());
        assertEquals(framesThen, longOne.stepper().frames().size(), "its run stopped");
        assertTrue(longOne.stepper().frames().size() < 120_001);
    }

    private static boolean blue(Color c) {
        return c.getBlue() > 0.6 && c.getBlue() - c.getRed() > 0.3;
    }

    /** The first row from the top whose pixel in column {@code x} matches, or -1. */
    private static int topmost(PixelReader px, int x, int height, java.util.function.Predicate<Color> match) {
        for (int y = 0; y < height; y++) {
            if (match.test(px.getColor(x, y))) {
                return y;
            }
        }
        return -1;
    }
}
