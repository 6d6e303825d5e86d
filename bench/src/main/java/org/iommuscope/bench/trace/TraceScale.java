package org.iommuscope.bench.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the cost of a trace grows with its length: writes {@link TraceFile} traces of 10^4, 10^5 and 10^6 ops
 * (or the sizes given), runs each through the launcher as a user would ({@code ./iommuscope check FILE}, JVM
 * start included), and prints per size the wall time, the CPU time and the peak RSS of that process, the time
 * per op, and the ratio of each time to the previous size's.
 *
 * <p>Run from the project root, after a build ({@code ./iommuscope --version}):
 * {@code java -cp bench/target/benchmarks.jar org.iommuscope.bench.trace.TraceScale [OPS...]}. The machine's
 * load average is printed before and after: on a shared machine the wall time is the CPU time spread over what
 * the process was given.
 *
 * <p>What is measured is a {@link Target}. With {@code app} as the first argument it measures the app opening
 * each trace instead ({@link Target#APP}): time to the first frame, until every step has run, and the heap after
 * GC at both, as the app's benchmark {@code TraceOpen} reports them.
 */
public final class TraceScale {

    /** What a size is measured on: a command line of the launcher, given the trace file. */
    enum Target {
        /** {@code iommuscope check FILE}: every step run, every expectation and invariant checked. */
        CHECK {
            @Override
            List<String> command(Path launcher, Path trace) {
                return List.of(launcher.toString(), "check", trace.toString());
            }
        },
        /**
         * The app opening the trace (headless, on Monocle): the app's benchmark {@code TraceOpen} prints its time
         * to the first frame, until every step has run, and the heap after GC at both.
         */
        APP {
            @Override
            List<String> command(Path launcher, Path trace) {
                return List.of(launcher.toString(), trace.toString());
            }

            @Override
            Map<String, String> environment() {
                return Map.of("IOMMUSCOPE_MAIN", "org.iommuscope.app.bench.TraceOpen",
                        "IOMMUSCOPE_JAVA_OPTS", "-Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw");
            }
        };

        abstract List<String> command(Path launcher, Path trace);

        Map<String, String> environment() {
            return Map.of();
        }
    }

    /** One run: seconds of wall time and of CPU, the peak resident set in bytes, the exit code. */
    record Run(long ops, long fileBytes, double wall, double cpu, long peakRss, int exit) {
    }

    private static final long CLOCK_TICKS = 100; // USER_HZ, as /proc/PID/stat counts

    private TraceScale() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        Target target = Target.CHECK;
        for (String a : args) {
            if (a.equals("app")) {
                target = Target.APP;
                continue;
            }
            sizes.add(Long.parseLong(a.replace("_", "")));
        }
        if (target == Target.APP) {
            app(sizes.isEmpty() ? List.of(10_000L, 100_000L) : sizes);
            return;
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000L, 100_000L, 1_000_000L);
        }
        Path launcher = Path.of("iommuscope").toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            System.err.println("run from the project root (where ./iommuscope is), after ./iommuscope --version");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("iommuscope-traces");
        System.out.println("load average before: " + loadAverage());
        System.out.printf(Locale.ROOT, "%-10s %9s %9s %9s %9s %11s %10s %10s%n", "ops", "file MB", "wall s", "CPU s", "RSS MB",
                "us/op (CPU)", "wall ×", "CPU ×");
        Run previous = null;
        try {
            for (long ops : sizes) {
                Path trace = dir.resolve("trace-" + ops + ".yaml");
                TraceFile.write(trace, Math.toIntExact(ops));
                Run r = measure(Target.CHECK, launcher, trace, ops);
                Files.delete(trace);
                System.out.printf(Locale.ROOT, "%-10d %9.1f %9.2f %9.2f %9.0f %11.2f %10s %10s%s%n", r.ops(), r.fileBytes() / 1e6, r.wall(),
                        r.cpu(), r.peakRss() / 1e6, r.cpu() * 1e6 / r.ops(), ratio(previous == null ? 0 : previous.wall(), r.wall()),
                        ratio(previous == null ? 0 : previous.cpu(), r.cpu()), r.exit() == 0 ? "" : "   (exit " + r.exit() + ")");
                previous = r;
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        System.out.println("load average after: " + loadAverage());
    }

    /**
     * The app's figures per size: the first frame, all steps run, the heap after GC at both, the time to derive the
     * state of a step not kept (from the app's own report), with each figure's ratio to the previous size's.
     */
    private static void app(List<Long> sizes) throws Exception {
        Path launcher = Path.of("iommuscope").toAbsolutePath();
        Path dir = Files.createTempDirectory("iommuscope-traces");
        System.out.println("load average before: " + loadAverage());
        System.out.printf(Locale.ROOT, "%-10s %12s %10s %14s %12s %10s %16s %9s %10s%n", "ops", "first frame s", "all s",
                "heap first MB", "heap end MB", "jump ms", "state ms med/max", "first ×", "heap ×");
        Map<String, Double> previous = null;
        try {
            for (long ops : sizes) {
                Path trace = dir.resolve("trace-" + ops + ".yaml");
                TraceFile.write(trace, Math.toIntExact(ops));
                ProcessBuilder pb = new ProcessBuilder(Target.APP.command(launcher, trace)).redirectErrorStream(true);
                pb.environment().putAll(Target.APP.environment());
                Process p = pb.start();
                Map<String, Double> figures = new java.util.HashMap<>();
                try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("trace-open ")) {
                            for (String kv : line.substring("trace-open ".length()).split(" ")) {
                                String[] f = kv.split("=");
                                figures.put(f[0], Double.parseDouble(f[1]));
                            }
                        }
                    }
                }
                p.waitFor();
                Files.delete(trace);
                if (figures.isEmpty()) {
                    System.out.printf(Locale.ROOT, "%-10d the app reported nothing (exit %d)%n", ops, p.exitValue());
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-10d %12.2f %10.2f %14.0f %12.0f %10.1f %16s %9s %10s%n", ops, figures.get("first-frame-s"),
                        figures.get("all-steps-s"), figures.get("heap-first-mb"), figures.get("heap-end-mb"), figures.get("jump-ms"),
                        String.format(Locale.ROOT, "%.2f / %.2f", figures.getOrDefault("derive-ms", Double.NaN),
                                figures.getOrDefault("derive-max-ms", Double.NaN)),
                        ratio(previous == null ? 0 : previous.get("first-frame-s"), figures.get("first-frame-s")),
                        ratio(previous == null ? 0 : previous.get("heap-end-mb"), figures.get("heap-end-mb")));
                previous = figures;
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        System.out.println("load average after: " + loadAverage());
    }

    /** Runs the target's command on the trace, sampling the process's /proc entries until it ends. */
    static Run measure(Target target, Path launcher, Path trace, long ops) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(target.command(launcher, trace)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long fileBytes = Files.size(trace);
        long start = System.nanoTime();
        Process p = pb.start();
        Path proc = Path.of("/proc", Long.toString(p.pid()));
        long peak = 0;
        long ticks = 0;
        // The launcher execs the JVM in place: the same PID. VmHWM is the process's own peak; the last sample
        // before it exits is its peak for all but the final few milliseconds.
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, kbField(proc.resolve("status"), "VmHWM:") * 1024);
            ticks = Math.max(ticks, cpuTicks(proc.resolve("stat")));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new Run(ops, fileBytes, wall, (double) ticks / CLOCK_TICKS, peak, p.exitValue());
    }

    private static long kbField(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two samples
        }
        return 0;
    }

    /** utime + stime of the process (all its threads), in clock ticks. */
    private static long cpuTicks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String ratio(double before, double now) {
        return before <= 0 ? "" : String.format(Locale.ROOT, "%.1f", now / before);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
