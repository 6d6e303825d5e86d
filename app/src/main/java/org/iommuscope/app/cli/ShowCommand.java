package org.iommuscope.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.iommuscope.app.cli.StateText;
import org.iommuscope.engine.State;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.StepOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `show FILE [--step N]`: the state after a step as text, in the kernel's names (as lstopo prints to a console). */
@Command(name = "show", description = "Print the state after a step (default: the last) as text.")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--step", description = "the step number (0: the machine at boot)")
    Integer step;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Scenario loaded = ScenarioFiles.loadOrReport(scenario.file, out);
        if (loaded == null) {
            return CheckCommand.INVALID;
        }
        ScenarioRun run = ScenarioRunner.run(loaded, scenario.profile());
        int n = step == null ? run.outcomes().size() : step;
        if (n < 0 || n > run.outcomes().size()) {
            spec.commandLine().getErr().println("show: step " + n + " is not between 0 and " + run.outcomes().size());
            return CheckCommand.INVALID;
        }
        State s = n == 0 ? run.initial() : run.outcomes().get(n - 1).after();
        if (n == 0) {
            out.println("step 0: the machine at boot (" + run.profile() + ")");
        } else {
            StepOutcome o = run.outcomes().get(n - 1);
            out.println("step " + n + " (line " + o.line() + "): " + o.text() + " → " + o.actual() + " (" + run.profile() + ")");
        }
        out.print(StateText.describe(s));
        out.flush();
        return CheckCommand.PASSED;
    }
}
