package org.iommuscope.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.xml.stream.XMLStreamException;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.export.graph.DgsExport;
import org.iommuscope.app.export.graph.GraphmlExport;
import org.iommuscope.app.timeline.Frame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `export FILE --dgs OUT --graphml OUT`: the canvas's graph for other tools, with no display. */
@Command(name = "export", description = "Export a scenario's graph: its timeline as GraphStream DGS, a state as GraphML.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--dgs", paramLabel = "OUT", description = "the timeline as a DGS dynamic graph, one DGS step per scenario step")
    Path dgs;

    @Option(names = "--graphml", paramLabel = "OUT", description = "the state after --step (default: the last) as GraphML")
    Path graphml;

    @Option(names = "--step", description = "the step GraphML shows (0: the machine at boot)")
    Integer step;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (dgs == null && graphml == null) {
            err.println("export: say what to write: --dgs OUT and/or --graphml OUT");
            err.flush();
            return CheckCommand.INVALID;
        }
        ScenarioFrames.Loaded loaded = scenario.framesOrReport(spec.commandLine().getOut());
        if (loaded == null) {
            return CheckCommand.INVALID;
        }
        List<Frame> frames = loaded.frames();
        int n = step == null ? frames.size() - 1 : step;
        if (n < 0 || n >= frames.size()) {
            err.println("export: step " + n + " is not between 0 and " + (frames.size() - 1));
            err.flush();
            return CheckCommand.INVALID;
        }
        if (dgs != null) {
            try (Writer w = Files.newBufferedWriter(dgs, StandardCharsets.UTF_8)) {
                DgsExport.write(loaded.title(), frames, w);
            }
            err.println("wrote " + dgs + ": " + frames.size() + " steps (0 to " + (frames.size() - 1) + ")");
        }
        if (graphml != null) {
            try (Writer w = Files.newBufferedWriter(graphml, StandardCharsets.UTF_8)) {
                GraphmlExport.write(loaded.title(), frames.get(n).graph(), w);
            } catch (XMLStreamException e) {
                throw new IOException(e.getMessage(), e);
            }
            err.println("wrote " + graphml + ": step " + n + ", " + frames.get(n).graph().nodes().size() + " nodes, "
                    + frames.get(n).graph().edges().size() + " edges");
        }
        err.flush();
        return CheckCommand.PASSED;
    }
}
