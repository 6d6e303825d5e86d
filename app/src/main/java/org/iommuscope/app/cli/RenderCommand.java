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
 * (`007-attach-idev2-hwpt1.png`). PNG draws with the window's own canvas on the headless toolkit; SVG is
 * written from the drawing model and starts no toolkit. Exit 0: written; 2: the file or an option is invalid;
 * 3: PNG cannot be drawn in this JVM (no JavaFX or no headless platform).
 */
@Command(name = "render", description = "Render a scenario's steps to PNG or SVG files, headless.")
final class RenderCommand implements Callable<Integer> {
    static final int CANNOT_DRAW = 3;

    enum Format { png, svg }

    enum Steps { all, captioned }

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the files go (created if missing)")
    Path out;

    @Option(names = "--format", defaultValue = "png", description = "png or svg (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--steps", defaultValue = "all", description = "all or captioned (default: ${DEFAULT-VALUE})")
    Steps steps;

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
        // ELK's classes load, and for PNG the toolkit starts, while the scenario runs: these are most of a
        // short render's time.
        java.util.concurrent.CompletableFuture.runAsync(GraphLayout::warmUp);
        java.util.concurrent.CompletableFuture<?> toolkit = format == Format.png ? startToolkit(err) : null;
        if (format == Format.png && toolkit == null) {
            return CANNOT_DRAW;
        }
        ScenarioFrames.Loaded loaded = scenario.framesOrReport(stdout);
        if (loaded == null) {
            return CheckCommand.INVALID;
        }
        List<Frame> all = loaded.frames();
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
        } else {
            chosen = steps == Steps.captioned ? all.stream().filter(Frame::captioned).toList() : all;
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

    /** The toolkit starting in the background, or null (and a line on stderr) when this JVM has no JavaFX. */
    private static java.util.concurrent.CompletableFuture<?> startToolkit(PrintWriter err) {
        try {
            return PngRender.prepare();
        } catch (LinkageError e) {
            err.println("render: cannot draw PNG: JavaFX is not on the class path (" + e.getMessage() + "); --format svg needs no JavaFX");
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
