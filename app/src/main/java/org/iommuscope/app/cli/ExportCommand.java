package org.iommuscope.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.xml.stream.XMLStreamException;
import org.iommuscope.app.compare.GraphDifference;
import org.iommuscope.app.compare.ProfilePair;
import org.iommuscope.app.export.graph.DgsExport;
import org.iommuscope.app.export.graph.GraphmlExport;
import org.iommuscope.app.export.html.HtmlPlayer;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.engine.iommufd.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `export FILE --dgs OUT --graphml OUT --html OUT`: the canvas's graph for other tools, and the scenario as one
 * interactive page to send or present from a browser; no display, no JavaFX.
 */
@Command(name = "export", description = "Export a scenario: its timeline as GraphStream DGS, a state as GraphML, "
        + "or the whole scenario as one interactive HTML page.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--dgs", paramLabel = "OUT", description = "the timeline as a DGS dynamic graph, one DGS step per scenario step")
    Path dgs;

    @Option(names = "--graphml", paramLabel = "OUT", description = "the state after --step (default: the last) as GraphML")
    Path graphml;

    @Option(names = "--step", description = "the step GraphML shows (0: the machine at boot)")
    Integer step;

    @Option(names = "--html", paramLabel = "OUT", description = "the scenario as one self-contained HTML page that steps like the app")
    Path html;

    @Option(names = "--profiles", split = ",", converter = ProfileConverter.class, paramLabel = "A,B",
            description = "with --html: the scenario under two profiles side by side, e.g. v2-patch,v6.15")
    List<Profile> profiles;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (dgs == null && graphml == null && html == null) {
            err.println("export: say what to write: --dgs OUT, --graphml OUT and/or --html OUT");
            err.flush();
            return CheckCommand.INVALID;
        }
        if (profiles != null && (html == null || profiles.size() != 2 || scenario.profile() != null)) {
            err.println("export: --profiles takes exactly two profiles, e.g. v2-patch,v6.15, and goes with --html (not with --profile)");
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
        if (html != null) {
            String page;
            String source = scenario.file.getFileName().toString();
            if (profiles != null) {
                ProfilePair pair;
                try {
                    pair = ProfilePair.load(scenario.file, profiles.get(0), profiles.get(1));
                } catch (ScenarioFrames.LoadFailure e) {
                    e.messages().forEach(spec.commandLine().getOut()::println);
                    return CheckCommand.INVALID;
                }
                page = HtmlPlayer.compared(pair.title(), source, new HtmlPlayer.Run(pair.leftKey(), pair.leftFrames()),
                        new HtmlPlayer.Run(pair.rightKey(), pair.rightFrames()), differences(pair)).page();
            } else {
                page = HtmlPlayer.of(loaded.title(), source, new HtmlPlayer.Run(loaded.profile(), frames),
                        GraphLayout.of(frames.stream().map(Frame::graph).toList())).page();
            }
            Files.writeString(html, page, StandardCharsets.UTF_8);
            err.println(String.format(java.util.Locale.ROOT, "wrote %s: %d steps (0 to %d)%s, %.1f kB", html, frames.size(), frames.size() - 1,
                    profiles == null ? "" : ", " + profiles.get(0).key() + " | " + profiles.get(1).key(),
                    page.getBytes(StandardCharsets.UTF_8).length / 1000.0));
        }
        err.flush();
        return CheckCommand.PASSED;
    }

    /** Where the pair's runs part, step by step: what the side-by-side view outlines and the engine's facts. */
    private static HtmlPlayer.Differences differences(ProfilePair pair) {
        List<Set<String>> nodes = new ArrayList<>();
        List<List<String>> facts = new ArrayList<>();
        for (int i = 0; i < pair.leftFrames().size(); i++) {
            nodes.add(GraphDifference.nodesThatDiffer(pair.leftFrames().get(i).graph(), pair.rightFrames().get(i).graph()));
            facts.add(pair.factsAt(i));
        }
        return new HtmlPlayer.Differences(pair.firstDifferingStep(), nodes, facts);
    }
}
