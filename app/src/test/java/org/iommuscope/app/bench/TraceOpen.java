package org.iommuscope.app.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.window.MainWindow;

/**
 * Opening a long trace in the app, as File → Open does once the app shows the seed: the time until the trace's
 * first frame is on screen (the first pulse after its window replaced the seed's), the time until every step
 * has been run, the heap after a full GC at both moments, the median time of a jump to a random step
 * (jump, CSS and layout on the FX thread, in the pulse that shows it), and of the jumps across the whole trace: End, Home, to the middle step. Prints one line of {@code key=value} figures for TraceScale's APP
 * target, after a readable one.
 *
 * <p>Run: {@code IOMMUSCOPE_MAIN=org.iommuscope.app.bench.TraceOpen ./iommuscope TRACE.yaml}, under Xvfb or
 * with Monocle ({@code IOMMUSCOPE_JAVA_OPTS="-Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw"}).
 */
public final class TraceOpen {
    private TraceOpen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: TraceOpen TRACE.yaml");
            System.exit(2);
        }
        Path trace = Path.of(args[0]).toAbsolutePath();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
        IommuscopeApp app = new IommuscopeApp();
        Stage[] stage = new Stage[1];
        onFx(() -> {
            stage[0] = new Stage();
            stage[0].setWidth(1600);
            stage[0].setHeight(1000);
            app.start(stage[0]);
        });
        waitFor(120, () -> stage[0].getScene().getRoot() instanceof MainWindow);
        Object seed = stage[0].getScene().getRoot();
        Thread.sleep(500);

        long t0 = System.nanoTime();
        onFx(() -> app.open(trace));
        waitFor(3600, () -> stage[0].getScene().getRoot() != seed && stage[0].getScene().getRoot() instanceof MainWindow);
        long firstFrame = nextPulse() - t0;
        MainWindow w = (MainWindow) stage[0].getScene().getRoot();
        long heapFirst = heapAfterGc();
        waitFor(3600, () -> !w.model().loading().get());
        long allSteps = System.nanoTime() - t0;
        long heapEnd = heapAfterGc();
        int steps = w.stepper().last();
        System.out.printf(Locale.ROOT, "%s: %d steps; first frame %.2f s, all steps %.2f s, heap after GC %d MB at the first frame,"
                + " %d MB at the end%n", trace.getFileName(), steps, firstFrame / 1e9, allSteps / 1e9, heapFirst >> 20, heapEnd >> 20);

        // Filtering the whole log by op, then by errno, then back: the FX thread's time for each.
        double[] filters = new double[4];
        int[] objectRows = new int[1];
        org.iommuscope.app.timeline.LogFilter[] asked = {
            new org.iommuscope.app.timeline.LogFilter(org.iommuscope.app.timeline.LogFilter.Kind.OP, "ioas_unmap"),
            new org.iommuscope.app.timeline.LogFilter(org.iommuscope.app.timeline.LogFilter.Kind.OUTCOME, "fault"),
            new org.iommuscope.app.timeline.LogFilter(org.iommuscope.app.timeline.LogFilter.Kind.OBJECT, "hwpt2"),
            org.iommuscope.app.timeline.LogFilter.NONE};
        for (int k = 0; k < asked.length; k++) {
            int i = k;
            onFx(() -> {
                long f0 = System.nanoTime();
                w.timeline().filterLog(asked[i]);
                w.applyCss();
                w.layout();
                filters[i] = (System.nanoTime() - f0) / 1e6;
                if (asked[i].kind() == org.iommuscope.app.timeline.LogFilter.Kind.OBJECT) {
                    objectRows[0] = w.timeline().log().getItems().size();
                }
            });
        }
        System.out.printf(Locale.ROOT, "log filter over %d rows: by op %.1f ms, by outcome %.1f ms, by object %.1f ms (%d rows), cleared %.1f ms%n",
                steps + 1, filters[0], filters[1], filters[2], objectRows[0], filters[3]);

        // Jumps to random steps, one per pulse, after a few to warm up. The picture is projected (or taken from
        // the cache) and the IOAS panel redrawn (a bounded number of nodes however many areas the step holds).
        java.util.Random r = new java.util.Random(1);
        double[] pictures = new double[12];
        double[] jumps = new double[Integer.getInteger("iommuscope.bench.jumps", 12)];
        for (int k = -3; k < pictures.length; k++) {
            int to = r.nextInt(steps + 1);
            long[] pic = new long[1];
            onFx(() -> {
                long p0 = System.nanoTime();
                w.stepper().frames().get(to).picture();
                pic[0] = System.nanoTime() - p0;
            });
            if (k >= 0) {
                pictures[k] = pic[0] / 1e6;
            }
        }
        // A long trace keeps every 256th state: the state of a random step between two is derived by running the
        // steps since the one kept before it again (the FX thread's time, as the inspector and IOAS panel ask it).
        double[] derives = new double[40];
        for (int k = -5; k < derives.length; k++) {
            int to = r.nextInt(steps + 1);
            if (w.stepper().frames().get(to).keepsState()) {
                k--;
                continue;
            }
            long[] ns = new long[1];
            onFx(() -> {
                long d0 = System.nanoTime();
                w.stepper().frames().get(to).state();
                ns[0] = System.nanoTime() - d0;
            });
            if (k >= 0) {
                derives[k] = ns[0] / 1e6;
            }
        }
        java.util.Arrays.sort(derives);
        System.out.printf(Locale.ROOT, "state of a random step not kept: %.2f ms median, %.2f ms max (%d)%n",
                derives[derives.length / 2], derives[derives.length - 1], derives.length);
        for (int k = jumps.length == 0 ? 0 : -3; k < jumps.length; k++) {
            int to = r.nextInt(steps + 1);
            jumps[Math.max(k, 0)] = timed(w, () -> w.stepper().jump(to));
            Thread.sleep(20);
        }
        // The jumps a user makes across the whole trace: End, Home, and to the middle step (as a click in the middle
        // of the sparkline does).
        double end = timed(w, () -> w.stepper().end());
        Thread.sleep(20);
        double home = timed(w, () -> w.stepper().first());
        Thread.sleep(20);
        double middle = timed(w, () -> w.stepper().jump(steps / 2));
        int at = w.stepper().index().get();
        // -Diommuscope.bench.shot=FILE.png: the window at the middle step, its IOAS bars fitted to the mappings, to look at.
        String shot = System.getProperty("iommuscope.bench.shot");
        if (shot != null) {
            onFx(() -> w.lookupAll(".ioas-bar").forEach(n -> ((org.iommuscope.app.ioas.IoasBar) n).fitToMappings()));
            Thread.sleep(300);
            onFx(() -> {
                try {
                    javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(stage[0].getScene().snapshot(null), null),
                            "png", Path.of(shot).toFile());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        System.out.printf(Locale.ROOT, "whole window: End %.1f ms, Home %.1f ms, middle %.1f ms (to step %d)%n",
                end, home, middle, at);
        // -Diommuscope.bench.whatif: a what-if step at the middle step (a map the trace never made), as a click on
        // the canvas runs it: the FX thread's time until the window shows it, and the heap after it.
        if (Boolean.getBoolean("iommuscope.bench.whatif")) {
            long heapBefore = heapAfterGc();
            org.iommuscope.engine.scenario.OpSpec map = new org.iommuscope.engine.scenario.OpSpec("ioas_map", new java.util.LinkedHashMap<>(java.util.Map.of(
                    "ioas", new org.iommuscope.engine.scenario.Arg.Obj(org.iommuscope.engine.scenario.Ref.handle("ioas1")),
                    "iova", org.iommuscope.engine.scenario.Arg.Num.of(0x700000000000L),
                    "length", org.iommuscope.engine.scenario.Arg.Num.of(0x1000),
                    "user_va", org.iommuscope.engine.scenario.Arg.Num.of(0x7e0000000000L))));
            double whatIf = timed(w, () -> app.shell().whatIf().run(map));
            double undo = timed(w, () -> app.shell().whatIf().undo());
            double redo = timed(w, () -> app.shell().whatIf().redo());
            long heapAfter = heapAfterGc();
            int stepsAfter = w.stepper().last();
            // The measurement's session leaves no journal behind (the app would offer to recover it).
            onFx(() -> app.shell().whatIf().session().close());
            System.out.printf(Locale.ROOT, "what-if undo %.0f ms, redo %.0f ms%n", undo, redo);
            System.out.printf(Locale.ROOT, "what-if at step %d: a map %.0f ms (jump, CSS, layout included), heap after GC %d MB → %d MB,"
                    + " branch of %d steps%n",
                    at, whatIf, heapBefore >> 20, heapAfter >> 20, stepsAfter);
        }
        java.util.Arrays.sort(jumps);
        java.util.Arrays.sort(pictures);
        double jump = jumps.length == 0 ? Double.NaN : jumps[jumps.length / 2];
        System.out.printf(Locale.ROOT, "jump to a random step: picture %.2f ms median (12); whole window (jump, CSS, layout) %s%n",
                pictures[pictures.length / 2], jumps.length == 0 ? "not timed (-Diommuscope.bench.jumps=N)"
                        : String.format(Locale.ROOT, "%.1f ms median, %.1f ms at the 90th percentile, %.1f ms max (%d); %d of %d within"
                                + " a 60 Hz frame (16.7 ms)", jump, jumps[(int) (jumps.length * 0.9)], jumps[jumps.length - 1], jumps.length,
                                java.util.Arrays.stream(jumps).filter(j -> j <= 1000.0 / 60).count(), jumps.length));
        System.out.printf(Locale.ROOT, "trace-open steps=%d first-frame-s=%.3f all-steps-s=%.3f heap-first-mb=%d heap-end-mb=%d"
                + " filter-ms=%.1f picture-ms=%.2f jump-ms=%.1f end-ms=%.1f home-ms=%.1f middle-ms=%.1f derive-ms=%.2f derive-max-ms=%.2f%n",
                steps, firstFrame / 1e9, allSteps / 1e9, heapFirst >> 20, heapEnd >> 20, Math.max(Math.max(filters[0], filters[1]), filters[2]),
                pictures[pictures.length / 2], jump, end, home, middle, derives[derives.length / 2], derives[derives.length - 1]);
        Platform.exit();
        System.exit(0);
    }

    /**
     * The FX thread's time for {@code jump} and the CSS and layout it causes, in ms, as a pulse does them: the jump runs
     * in a pulse's animation phase, and the time runs until that pulse's layout is done (its scene's post-layout
     * listener). The pulse restyles only what the jump made dirty; {@code Node.applyCss()} on the window would restyle
     * every node of it (about 2 ms here on a window with nothing to restyle).
     */
    private static double timed(MainWindow w, Runnable jump) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        long[] at = new long[2];
        Runnable[] laidOut = new Runnable[1];
        Platform.runLater(() -> {
            javafx.scene.Scene scene = w.getScene();
            laidOut[0] = () -> {
                at[1] = System.nanoTime();
                scene.removePostLayoutPulseListener(laidOut[0]);
                done.countDown();
            };
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    scene.addPostLayoutPulseListener(laidOut[0]);
                    at[0] = System.nanoTime();
                    jump.run();
                }
            }.start();
        });
        done.await();
        return (at[1] - at[0]) / 1e6;
    }

    /** The time of the next pulse: the first frame drawn after now. */
    private static long nextPulse() throws InterruptedException {
        CountDownLatch pulse = new CountDownLatch(1);
        AtomicLong at = new AtomicLong();
        Platform.runLater(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                at.set(System.nanoTime());
                stop();
                pulse.countDown();
            }
        }.start());
        pulse.await();
        return at.get();
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void waitFor(int seconds, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            boolean[] ok = new boolean[1];
            onFx(() -> ok[0] = condition.getAsBoolean());
            if (ok[0]) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("timed out");
    }

    private static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        done.await();
    }
}
