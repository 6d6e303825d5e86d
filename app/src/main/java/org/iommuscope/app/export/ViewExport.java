package org.iommuscope.app.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import org.iommuscope.app.export.html.HtmlPlayer;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.timeline.Frame;

/**
 * What the window shows, for export: the scenario it came from, its frames and layout, the step on screen
 * and the filter. PNG and SVG come out exactly as `render` writes them for that step.
 */
public record ViewExport(Path file, String title, String profile, List<Frame> frames, GraphLayout layout, int step, boolean divergentOnly) {

    public Frame frame() {
        return frames.get(step);
    }

    /** The step's picture at {@code scale}× (1, 2, 4), with caption and legend; call on the JavaFX thread. */
    public void writePng(Path out, double scale) throws IOException {
        PngFiles.write(new FramePicture(frames, layout).snapshot(frame(), divergentOnly, scale), out);
    }

    public void writeSvg(Path out) throws IOException {
        Files.writeString(out, SvgExport.withAppStyle().write(title, frame(), layout, divergentOnly), StandardCharsets.UTF_8);
    }

    /** The whole scenario as one interactive page, as `export FILE --html OUT` writes it. */
    public void writeHtml(Path out) throws IOException {
        HtmlPlayer page = HtmlPlayer.of(title, file == null ? title : file.getFileName().toString(), new HtmlPlayer.Run(profile, frames), layout);
        Files.writeString(out, page.page(), StandardCharsets.UTF_8);
    }

    /** The scenario file's name without `.yaml`, or "scenario" for frames that come from no file. */
    public String scenarioStem() {
        return file == null ? "scenario" : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    /** The file name `render` would give this step. */
    public String fileStem() {
        return StepNames.fileStem(frame());
    }

    public ViewCommand command() {
        return new ViewCommand(file, profile, step, divergentOnly);
    }

    /** Puts the render command for this view on the clipboard and returns it; null for frames that come from no file. */
    public String copyCommand() {
        if (file == null) {
            return null;
        }
        String line = command().line(Path.of(""), Path.of("frames"), "png", 1);
        Clipboard.getSystemClipboard().setContent(Map.of(DataFormat.PLAIN_TEXT, line));
        return line;
    }
}
