package org.iommuscope.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.export.AnimationPlan;
import org.iommuscope.app.export.FfmpegVideo;
import org.iommuscope.app.export.GifFile;
import org.iommuscope.app.export.StepAnimation;
import org.iommuscope.app.export.StepNames;
import org.iommuscope.app.export.SvgExport;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.timeline.Frame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `render FILE --out DIR`: one picture per step, headless (no display needed), named by step number and op
 * (`007-attach-idev2-hwpt1.png`); or, with `--format gif|webm|mp4`, `--out FILE`: the steps as one animation
 * with the window's motion between them. PNG and animations draw with the window's own canvas on the headless
 * toolkit; SVG is written from the drawing model and starts no toolkit. Exit 0: written; 2: the file or an
 * option is invalid; 3: this machine cannot draw or encode it (no JavaFX, no headless platform, no ffmpeg).
 */
@Command(name = "render", description = "Render a scenario's steps to PNG or SVG files, or to one GIF, WebM or MP4 animation, headless.")
final class RenderCommand implements Callable<Integer> {
    static final int CANNOT_DRAW = 3;

    enum Format {
        png, svg, gif, webm, mp4;

        boolean animation() {
            return this == gif || this == webm || this == mp4;
        }
    }

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--out", required = true, paramLabel = "DIR|FILE",
            description = "where the files go (created if missing); for an animation, its file (in DIR if a directory)")
    Path out;

    @Option(names = "--format", defaultValue = "png", description = "png, svg, gif, webm or mp4 (default: ${DEFAULT-VALUE}); "
            + "webm and mp4 need ffmpeg")
    Format format;

    @Option(names = "--steps", defaultValue = "all", paramLabel = "all|captioned|A-B",
            description = "every step, the captioned ones (pictures only), or steps A to B (default: ${DEFAULT-VALUE})")
    String steps;

    @Option(names = "--fps", defaultValue = "12", description = "animation: pictures per second of the motion between steps "
            + "(1 to " + AnimationPlan.MAX_FPS + ", default: ${DEFAULT-VALUE})")
    int fps;

    @Option(names = "--pause", defaultValue = "3", paramLabel = "SECONDS", description = "animation: how long a captioned step stays "
            + "(default: ${DEFAULT-VALUE})")
    double pause;

    @Option(names = "--hold", defaultValue = "0.5", paramLabel = "SECONDS", description = "animation: how long any other step stays "
            + "(default: ${DEFAULT-VALUE})")
    double hold;

    @Option(names = "--step", paramLabel = "N", description = "only step N (0: the machine at boot); repeatable")
    List<Integer> only;

    @Option(names = "--scale", defaultValue = "1", description = "PNG pixels per view pixel, e.g. 1, 2, 4 (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--divergent-only", description = "dim everything but diverged or implicit idevs and what they point at")
    boolean divergentOnly;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(scale > 0 && scale <= 8)) {
            err.println("render: --scale must be above 0 and at most 8, not " + scale);
            err.flush();
            return CheckCommand.INVALID;
        }
        AnimationPlan plan = null;
        if (format.animation()) {
            try {
                plan = new AnimationPlan(fps, pause * 1000, hold * 1000);
            } catch (IllegalArgumentException e) {
                err.println("render: " + e.getMessage() + " (--fps, --pause, --hold)");
                err.flush();
                return CheckCommand.INVALID;
            }
            if (only != null && !only.isEmpty() || steps.equals("captioned")) {
                err.println("render: an animation plays every step between its ends: choose them with --steps A-B");
                err.flush();
                return CheckCommand.INVALID;
            }
            if (format != Format.gif) {
                String why = FfmpegVideo.unavailable(FfmpegVideo.Kind.valueOf(format.name().toUpperCase(Locale.ROOT)));
                if (why != null) {
                    err.println("render: " + why);
                    err.flush();
                    return CANNOT_DRAW;
                }
            }
        }
        int[] range = range(steps);
        if (range == null && !steps.equals("all") && !steps.equals("captioned")) {
            err.println("render: --steps takes all, captioned or a range A-B (e.g. 9-13), not '" + steps + "'");
            err.flush();
            return CheckCommand.INVALID;
        }
        if (range != null && range[0] >= range[1]) {
            err.println("render: --steps " + steps + " must go from a step to a later one, e.g. 9-13");
            err.flush();
            return CheckCommand.INVALID;
        }
        // ELK's classes load, and for PNG the toolkit starts, while the scenario runs: these are most of a
        // short render's time.
        java.util.concurrent.CompletableFuture.runAsync(GraphLayout::warmUp);
        java.util.concurrent.CompletableFuture<?> toolkit = format != Format.svg ? startToolkit(err) : null;
        if (format != Format.svg && toolkit == null) {
            return CANNOT_DRAW;
        }
        ScenarioFrames.Loaded loaded = scenario.framesOrReport(stdout);
        if (loaded == null) {
            return CheckCommand.INVALID;
        }
        List<Frame> all = loaded.frames();
        if (range != null && range[1] >= all.size()) {
            err.println("render: --steps " + steps + " is not a range of steps between 0 and " + (all.size() - 1));
            err.flush();
            return CheckCommand.INVALID;
        }
        if (format.animation()) {
            return animate(loaded, toolkit, range == null ? 0 : range[0], range == null ? all.size() - 1 : range[1], plan, stdout, err);
        }
        List<Frame> chosen;
        if (only != null && !only.isEmpty()) {
            for (int n : only) {
                if (n < 0 || n >= all.size()) {
                    err.println("render: step " + n + " is not between 0 and " + (all.size() - 1));
                    err.flush();
                    return CheckCommand.INVALID;
                }
            }
            chosen = only.stream().distinct().sorted().map(all::get).toList();
        } else if (range != null) {
            chosen = all.subList(range[0], range[1] + 1);
        } else {
            chosen = steps.equals("captioned") ? all.stream().filter(Frame::captioned).toList() : all;
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            err.println("render: cannot create " + out + ": " + e.getMessage());
            err.flush();
            return CheckCommand.INVALID;
        }
        Progress progress = new Progress(err, chosen.size());
        long start = System.nanoTime();
        if (format == Format.svg) {
            GraphLayout layout = GraphLayout.of(all.stream().map(Frame::graph).toList());
            SvgExport svg = SvgExport.withAppStyle();
            int n = 0;
            for (Frame f : chosen) {
                Files.writeString(out.resolve(StepNames.fileStem(f) + ".svg"), svg.write(loaded.title(), f, layout, divergentOnly),
                        StandardCharsets.UTF_8);
                progress.report(++n);
            }
        } else {
            try {
                PngRender.write(toolkit, all, chosen, out, scale, divergentOnly, progress::report);
            } catch (LinkageError e) {
                // No JavaFX, or its headless platform missing: say so in one line (SVG needs neither).
                err.println("render: cannot draw PNG: JavaFX is not on the class path (" + e.getMessage() + "); --format svg needs no JavaFX");
                err.flush();
                return CANNOT_DRAW;
            } catch (IllegalStateException e) {
                err.println("render: cannot draw PNG headless: " + e.getMessage() + "; --format svg needs no JavaFX");
                err.flush();
                return CANNOT_DRAW;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stdout.println(String.format(Locale.ROOT, "wrote %d %s file(s) to %s in %.2f s (%.1f frames/s)", chosen.size(), format, out,
                seconds, chosen.size() / Math.max(seconds, 1e-9)));
        stdout.flush();
        return CheckCommand.PASSED;
    }

    /** "9-13" as {9, 13}; null for anything else. */
    static int[] range(String steps) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})-(\\d{1,6})").matcher(steps.strip());
        return m.matches() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }

    /** Steps {@code from} to {@code to} as one animation file. */
    private Integer animate(ScenarioFrames.Loaded loaded, java.util.concurrent.CompletableFuture<?> toolkit, int from, int to,
            AnimationPlan plan, PrintWriter stdout, PrintWriter err) throws Exception {
        Path file = Files.isDirectory(out)
                ? out.resolve(scenario.file.getFileName().toString().replaceFirst("\\.ya?ml$", "") + "." + format) : out;
        if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            err.println("render: " + file.getParent() + " is not a directory");
            err.flush();
            return CheckCommand.INVALID;
        }
        int total = plan.shots(loaded.frames(), from, to).size();
        Progress progress = new Progress(err, total);
        long start = System.nanoTime();
        int[] size = new int[2];
        StepAnimation.Target target = (w, h) -> {
            size[0] = w;
            size[1] = h;
            return format == Format.gif ? new GifFile(file)
                    : FfmpegVideo.start(FfmpegVideo.Kind.valueOf(format.name().toUpperCase(Locale.ROOT)), file, plan.fps(), w, h);
        };
        int written;
        try {
            written = PngRender.animate(toolkit, loaded.frames(), from, to, plan, scale, divergentOnly, target, progress::report);
        } catch (LinkageError e) {
            err.println("render: cannot draw " + format + ": JavaFX is not on the class path (" + e.getMessage() + "); --format svg needs no JavaFX");
            err.flush();
            return CANNOT_DRAW;
        } catch (IllegalStateException e) {
            err.println("render: cannot draw " + format + " headless: " + e.getMessage() + "; --format svg needs no JavaFX");
            err.flush();
            return CANNOT_DRAW;
        } catch (IOException e) {
            err.println("render: " + file + ": " + e.getMessage());
            err.flush();
            return CANNOT_DRAW;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stdout.println(String.format(Locale.ROOT, "wrote %s: steps %d to %d, %d pictures of %dx%d, %.1f s long, %.1f kB, in %.2f s", file, from, to,
                written, size[0], size[1], plan.shots(loaded.frames(), from, to).stream().mapToDouble(AnimationPlan.Shot::durationMs).sum() / 1000,
                Files.size(file) / 1000.0, seconds));
        stdout.flush();
        return CheckCommand.PASSED;
    }

    /** The toolkit starting in the background, or null (and a line on stderr) when this JVM has no JavaFX. */
    private java.util.concurrent.CompletableFuture<?> startToolkit(PrintWriter err) {
        try {
            return PngRender.prepare();
        } catch (LinkageError e) {
            err.println("render: cannot draw " + (format == Format.png ? "PNG" : format) + ": JavaFX is not on the class path (" + e.getMessage()
                    + "); --format svg needs no JavaFX");
            err.flush();
            return null;
        }
    }

    /** Progress on stderr for long runs: at most twice a second, nothing for a quick one. */
    private static final class Progress {
        private final PrintWriter err;
        private final int total;
        private long last = System.nanoTime();

        Progress(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        synchronized void report(int done) {
            long now = System.nanoTime();
            if (now - last >= 500_000_000L && done < total) {
                err.println("render: " + done + "/" + total + " frames");
                err.flush();
                last = now;
            }
        }
    }
}
