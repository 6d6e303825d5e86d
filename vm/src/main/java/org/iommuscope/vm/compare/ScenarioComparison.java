package org.iommuscope.vm.compare;

import java.util.List;

/**
 * A scenario run on a kernel and in the engine on the machine that kernel built, compared step by step.
 *
 * @param profile      the engine's profile, and why
 * @param notes        where the VM's machine is not the file's, and the file's own profile when it differs
 * @param layout       scenario group and device → the VM's, one line each
 * @param staleEntries known differences for this file that matched no step (the difference is gone)
 * @param guestSeconds how long the steps took inside the VM
 */
public record ScenarioComparison(String file, String title, String release, String profile, List<String> notes, List<String> layout,
                                 List<StepComparison> steps, List<KnownDifferences.Entry> staleEntries, double guestSeconds) {

    public ScenarioComparison {
        notes = List.copyOf(notes);
        layout = List.copyOf(layout);
        steps = List.copyOf(steps);
        staleEntries = List.copyOf(staleEntries);
    }

    public long count(Verdict v) {
        return steps.stream().filter(s -> s.verdict() == v).count();
    }

    public boolean agrees() {
        return steps.stream().noneMatch(s -> s.verdict().fails());
    }
}
