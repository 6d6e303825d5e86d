package org.iommuscope.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.scenario.ProfileComparison;
import org.iommuscope.engine.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `compare FILE --profiles v2-patch,v6.15`: the same scenario under two kernel models, side by side: the
 * first step where state, outputs or errnos part, and every difference after it. Exit 0: no difference;
 * 1: they differ; 2: the file is invalid.
 */
@Command(name = "compare", description = "Replay a scenario under two profiles and report where they part.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the scenario")
    Path file;

    @Option(names = "--profiles", split = ",", arity = "1", required = true, converter = ProfileConverter.class,
            description = "two profiles, e.g. v2-patch,v6.15")
    List<Profile> profiles;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (profiles.size() != 2) {
            spec.commandLine().getErr().println("compare: --profiles takes exactly two profiles, e.g. v2-patch,v6.15");
            return CheckCommand.INVALID;
        }
        Scenario scenario = ScenarioFiles.loadOrReport(file, out);
        if (scenario == null) {
            return CheckCommand.INVALID;
        }
        Profile a = profiles.get(0);
        Profile b = profiles.get(1);
        ProfileComparison c = ProfileComparison.of(scenario, a, b);
        out.println(scenario.file() + ": " + scenario.title());
        out.println("compared: " + a + " | " + b);
        if (c.first() == null) {
            out.println("no difference: every step has the same result and state under both profiles");
            out.flush();
            return CheckCommand.PASSED;
        }
        ProfileComparison.StepDifference first = c.first();
        out.println("first difference: step " + first.index() + " (line " + first.line() + "): " + first.text());
        for (ProfileComparison.StepDifference d : c.differences()) {
            out.println();
            out.println("step " + d.index() + " (line " + d.line() + "): " + d.text());
            for (String f : d.facts()) {
                out.println("    " + f);
            }
        }
        out.println();
        out.println(c.differences().size() + " step(s) differ");
        out.flush();
        return CheckCommand.FAILED;
    }
}
