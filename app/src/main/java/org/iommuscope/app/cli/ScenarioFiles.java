package org.iommuscope.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.engine.scenario.Diagnostic;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioException;
import org.iommuscope.engine.scenario.ScenarioLoader;

/** Loading a scenario for a command: the scenario, or its diagnostics printed (file:line:column) and null. */
final class ScenarioFiles {
    private ScenarioFiles() {
    }

    static Scenario loadOrReport(Path file, PrintWriter out) {
        String problem = ScenarioFrames.fileProblem(file);
        if (problem != null) {
            out.println(problem);
            out.flush();
            return null;
        }
        try {
            return ScenarioLoader.load(file);
        } catch (ScenarioException e) {
            e.diagnostics().stream().map(Diagnostic::toString).forEach(out::println);
            out.flush();
            return null;
        }
    }
}
