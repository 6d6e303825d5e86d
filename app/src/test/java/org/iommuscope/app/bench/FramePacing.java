package org.iommuscope.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.Frames;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;

/**
 * Frame-pacing benchmark of the canvas: median and p95 frame intervals while every group's domain edge
 * travels (a replace of every group at once), at ~300 and ~2,000 nodes; and the time to jump to a far
 * step of a 10,000-step timeline. Prints figures; run it as the README says (under Xvfb or Monocle).
 */
public final class FramePacing {
    private FramePacing() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        // Each measurement closes its window: without this the toolkit would exit after the first one.
        Platform.setImplicitExit(false);
        // ~300 and ~2,000 nodes: 5 nodes per two-function group (box, 2 devices, 2 idevs) plus hwpts and the IOAS.
        if (args.length > 0 && args[0].equals("floor")) {
            measureFloor();
            Platform.exit();
            return;
        }
        if (args.length > 0 && args[0].equals("jump")) {
            measureJump(10_000);
            Platform.exit();
            return;
        }
        if (args.length > 0) {
            measureReplace(Integer.parseInt(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 1);
            Platform.exit();
            return;
        }
        for (int groups : new int[] {60, 400}) {
            measureReplace(groups, 1);
        }
        measureReplace(60, 60);
        measureJump(10_000);
        Platform.exit();
    }

    /**
     * {@code groups} two-function groups, every function bound and attached to hwpt A, then every group
     * replaced to hwpt B: frame n has all groups on A, frame n+1 all on B, so showing n+1 animates them all.
     */
    private static void measureReplace(int groups, int moving) throws Exception {
        List<GroupSpec> specs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            specs.add(new GroupSpec(100 + g, "dmar0", DomainType.DMA, List.of(
                    new PciDevice(String.format("0000:%02x:%02x.0", g / 32, g % 32), 100 + g, "vfio-pci", List.of(), Set.of()),
                    new PciDevice(String.format("0000:%02x:%02x.1", g / 32, g % 32), 100 + g, "vfio-pci", List.of(), Set.of()))));
        }
        Topology t = new Topology(4096, List.of(Iommu.defaults("dmar0")), specs);
        State s = Kernel.boot(t, Profile.V6_15);
        List<Op> ops = new ArrayList<>();
        for (GroupSpec g : specs) {
            for (PciDevice d : g.devices()) {
                ops.add(new Op.Bind(d.name()));
            }
        }
        int idevs = groups * 2;
        ops.add(new Op.IoasAlloc());
        int ioas = idevs + 1;
        ops.add(new Op.HwptAlloc(1, ioas, Set.of()));
        ops.add(new Op.HwptAlloc(1, ioas, Set.of()));
        int hwptA = idevs + 2;
        int hwptB = idevs + 3;
        for (int i = 1; i <= idevs; i++) {
            ops.add(new Op.Attach(i, hwptA));
        }
        // Which groups move: the first ones (top left, in view as a window opens at 1:1) or, with
        // -Diommuscope.bench.middle=true, those in the middle of the picture (in view once it is fitted).
        int first = Boolean.getBoolean("iommuscope.bench.middle") ? 2 * (groups / 2) + 1 : 1;
        for (int i = first; i < first + 2 * moving; i += 2) {
            ops.add(new Op.Attach(i, hwptB));
        }
        List<Frame> all = Frames.replay(s, ops);
        Frame before = all.get(all.size() - 1 - moving);
        Frame after = all.get(all.size() - 1);
        List<Frame> two = List.of(renumber(before, 0), renumber(after, 1));
        int nodes = after.graph().nodes().size();
        double[] intervals = onStage(two, window -> window.stepper().next(), 2.0);
        report("replace, " + nodes + " nodes, " + moving + " group edge(s) travelling: the step change's frame", lastFirsts);
        report("replace, " + nodes + " nodes, " + moving + " group edge(s) travelling: frames in flight", intervals);
        report("  the step itself on the FX thread (every view updated)", lastStepMs);
        System.out.printf("  FX + render threads' CPU during one 650 ms animation: %.0f ms%n", lastCpuMs);
    }

    /**
     * The pipeline's floor: the same window size with nothing in it but one line travelling across it,
     * so the canvas figures can be read against what this machine's pipeline does at best.
     */
    private static void measureFloor() throws Exception {
        List<Long> stamps = java.util.Collections.synchronizedList(new ArrayList<>());
        Stage[] stage = new Stage[1];
        javafx.scene.shape.Line line = new javafx.scene.shape.Line(100, 100, 1400, 300);
        line.setStrokeWidth(3.2);
        onFx(() -> {
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new javafx.scene.Group(line), 1600, 1000));
            stage[0].show();
        });
        Thread.sleep(1000);
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                stamps.add(System.nanoTime());
                line.setEndY(300 + (stamps.size() % 60) * 10);
            }
        };
        onFx(timer::start);
        Thread.sleep(2000);
        onFx(() -> {
            timer.stop();
            stage[0].close();
        });
        List<Long> all = new ArrayList<>(stamps);
        double[] ms = new double[all.size() - 1];
        for (int i = 1; i < all.size(); i++) {
            ms[i - 1] = (all.get(i) - all.get(i - 1)) / 1e6;
        }
        report("floor: one line moving in an empty 1600x1000 window", ms);
    }

    private static Frame renumber(Frame f, int n) {
        return new Frame(n, f.op(), f.outcome(), f.reason(), f.passed(), f.caption(), f.events(), f.state(), f.graph(), f.line());
    }

    /** A 10,000-step timeline (map/unmap alternating): the time for one jump from the first to a far step. */
    private static void measureJump(int steps) throws Exception {
        Topology t = new Topology(4096, List.of(Iommu.defaults("dmar0")), List.of(new GroupSpec(26, "dmar0", DomainType.DMA,
                List.of(new PciDevice("0000:06:0d.0", 26, "vfio-pci", List.of(), Set.of())))));
        List<Op> ops = new ArrayList<>();
        ops.add(new Op.Bind("0000:06:0d.0"));
        ops.add(new Op.IoasAlloc());
        ops.add(new Op.Attach(1, 2));
        while (ops.size() < steps) {
            ops.add(new Op.IoasMap(2, 0x1000, 0x100000L + (ops.size() % 64) * 0x1000L, org.iommuscope.engine.hw.Prot.RW, null));
            ops.add(new Op.IoasUnmap(2, 0x100000L + ((ops.size() - 1) % 64) * 0x1000L, 0x1000));
        }
        List<Frame> frames = Frames.replay(Kernel.boot(t, Profile.V6_15), ops);
        MainWindow[] w = new MainWindow[1];
        Stage[] stage = new Stage[1];
        open(frames, 1280, 800, w, stage);
        Thread.sleep(1000);
        settle();
        java.util.Random r = new java.util.Random(1);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        // The first jumps of a session also pay for class loading and the JIT: reported on their own.
        int cold = 20;
        int measured = Integer.getInteger("iommuscope.bench.jumps", 100);
        long[] all = new long[cold + measured];
        double[][] cpu = new double[3][all.length];
        for (int k = 0; k < all.length; k++) {
            int i = k;
            int to = r.nextInt(frames.size());
            // One jump per pulse, as a user's clicks come: the renderer draws each before the next.
            onFx(() -> {
                long t0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                w[0].stepper().jump(to);
                long c1 = mx.getCurrentThreadCpuTime();
                w[0].applyCss();
                long c2 = mx.getCurrentThreadCpuTime();
                w[0].layout();
                all[i] = System.nanoTime() - t0;
                cpu[0][i] = (c1 - c0) / 1e6;
                cpu[1][i] = (c2 - c1) / 1e6;
                cpu[2][i] = (mx.getCurrentThreadCpuTime() - c2) / 1e6;
            });
            Thread.sleep(40);
        }
        // The frame a jump costs: jump inside a pulse, then the interval to the next pulse, which the
        // toolkit does not start before the renderer has drawn this one.
        List<Double> frameMs = java.util.Collections.synchronizedList(new ArrayList<>());
        AnimationTimer jumper = new AnimationTimer() {
            private long jumpedAt;
            private int pulse;

            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (jumpedAt != 0) {
                    frameMs.add((t - jumpedAt) / 1e6);
                    jumpedAt = 0;
                }
                // Every third pulse, so the pulse before a jump is a calm one.
                if (++pulse % 3 == 0) {
                    jumpedAt = t;
                    w[0].stepper().jump(r.nextInt(frames.size()));
                }
            }
        };
        onFx(jumper::start);
        Thread.sleep(3L * 17 * measured + 500);
        onFx(jumper::stop);
        onFx(stage[0]::close);
        report("jump inside a pulse: until the next pulse (one frame is 16.7 ms)", frameMs.stream().mapToDouble(Double::doubleValue).toArray());
        report("jump, first " + cold + " of the session (class loading, JIT)",
                Arrays.stream(all, 0, cold).mapToDouble(n -> n / 1e6).toArray());
        long[] nanos = Arrays.copyOfRange(all, cold, all.length);
        for (int c = 0; c < 3; c++) {
            cpu[c] = Arrays.copyOfRange(cpu[c], cold, cpu[c].length);
        }
        double[] ms = Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray();
        report("jump to a random step of " + frames.size() + " frames, warm (show + CSS + layout)", ms);
        report("  FX thread CPU in the jump itself (views updated)", cpu[0]);
        report("  FX thread CPU in the CSS pass", cpu[1]);
        report("  FX thread CPU in the layout pass", cpu[2]);
    }

    /**
     * Shows frames in a window and lets it settle; then starts recording pulses, runs {@code action}, and
     * returns the intervals between pulses during the next {@code seconds}.
     */
    private static double[] onStage(List<Frame> frames, java.util.function.Consumer<MainWindow> action, double seconds) throws Exception {
        List<Long> stamps = java.util.Collections.synchronizedList(new ArrayList<>());
        MainWindow[] holder = new MainWindow[1];
        Stage[] stage = new Stage[1];
        open(frames, 1600, 1000, holder, stage);
        // Fitted once the window has its size (a presenter's F): the whole graph is what moves on screen.
        if (Boolean.getBoolean("iommuscope.bench.fit")) {
            Thread.sleep(500);
            onFx(() -> holder[0].canvas().fit());
        }
        // A pulse that needs no rendering does not wait for the renderer: calm pulses alone do not prove
        // the first paint (every box's cache) is over, so big scenes get time in proportion too.
        Thread.sleep(1000 + frames.get(frames.size() - 1).graph().nodes().size());
        settle();
        List<Double> intervals = new ArrayList<>();
        List<Double> firsts = new ArrayList<>();
        double cpuMs = 0;
        int rounds = Integer.getInteger("iommuscope.bench.rounds", 5);
        boolean[] travelled = {false};
        List<Double> stepMs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (round > 0) {
                onFx(() -> holder[0].stepper().jump(0));
                settle();
            }
            stamps.clear();
            AnimationTimer timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stamps.add(System.nanoTime());
                }
            };
            long[] t0 = new long[1];
            long cpu0 = renderCpuNanos();
            onFx(() -> {
                timer.start();
                t0[0] = System.nanoTime();
                action.accept(holder[0]);
                stepMs.add((System.nanoTime() - t0[0]) / 1e6);
                travelled[0] |= holder[0].canvas().animating();
            });
            Thread.sleep(650);
            // CPU time, unlike wall time, is not inflated by whatever else the machine is running.
            cpuMs += (renderCpuNanos() - cpu0) / 1e6;
            Thread.sleep((long) (seconds * 1000) - 650);
            onFx(timer::stop);
            long prev = t0[0];
            boolean first = true;
            for (long t : new ArrayList<>(stamps)) {
                if (t - t0[0] > 650_000_000L) {
                    break;
                }
                // The first interval holds the step change itself (every view updated): reported apart.
                (first ? firsts : intervals).add((t - prev) / 1e6);
                first = false;
                prev = t;
            }
        }
        onFx(stage[0]::close);
        lastCpuMs = cpuMs / rounds;
        if (!travelled[0]) {
            System.out.println("  (no edge travelled: the moving edges were out of the canvas's view)");
        }
        lastFirsts = firsts.stream().mapToDouble(Double::doubleValue).toArray();
        lastStepMs = stepMs.stream().mapToDouble(Double::doubleValue).toArray();
        return intervals.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] lastFirsts = new double[0];
    private static double[] lastStepMs = new double[0];

    private static double lastCpuMs;

    /** Waits until the first paint is over: ten pulses in a row no longer than 20 ms (at most 30 s). */
    private static void settle() throws InterruptedException {
        CountDownLatch quiet = new CountDownLatch(1);
        AnimationTimer watch = new AnimationTimer() {
            private long prev;
            private int calm;

            @Override
            public void handle(long now) {
                calm = prev != 0 && now - prev < 20_000_000L ? calm + 1 : 0;
                prev = now;
                if (calm >= 10) {
                    stop();
                    quiet.countDown();
                }
            }
        };
        Platform.runLater(watch::start);
        if (!quiet.await(30, TimeUnit.SECONDS)) {
            System.out.println("  (the window never settled within 30 s; measuring anyway)");
        }
        Platform.runLater(watch::stop);
    }

    /** CPU time of the FX application and render threads: the work a frame costs, whatever else runs. */
    private static long renderCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("QuantumRenderer") || t.getName().equals("JavaFX Application Thread")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    /** Opens the app's window on {@code frames} with its style sheet, on the FX thread; fills in window and stage. */
    private static void open(List<Frame> frames, int width, int height, MainWindow[] window, Stage[] stage) throws InterruptedException {
        onFx(() -> {
            window[0] = new MainWindow(frames);
            stage[0] = new Stage();
            stage[0].setScene(new Scene(window[0], width, height));
            stage[0].getScene().getStylesheets().add(IommuscopeApp.stylesheet());
            stage[0].show();
        });
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
        done.await(120, TimeUnit.SECONDS);
    }

    private static void report(String what, double[] ms) {
        if (ms.length == 0) {
            System.out.printf("%s: no frame within the animation (the step change alone outlasted it)%n", what);
            return;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double p95 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)];
        System.out.printf("%s: %d samples, median %.2f ms (%.1f fps), p95 %.2f ms (%.1f fps)%n",
                what, sorted.length, median, 1000 / median, p95, 1000 / p95);
    }
}
