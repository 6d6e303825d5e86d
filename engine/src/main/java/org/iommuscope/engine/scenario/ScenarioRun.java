package org.iommuscope.engine.scenario;

import java.util.List;
import org.iommuscope.engine.State;
import org.iommuscope.engine.iommufd.Profile;

/**
 * A scenario run to its end: each step's outcome and state, from the machine at power-on.
 *
 * @param profile the profile it ran under (the file's, or an override)
 * @param initial the state at boot, before step 1
 */
public record ScenarioRun(Scenario scenario, Profile profile, State initial, List<StepOutcome> outcomes) {

    public ScenarioRun {
        outcomes = List.copyOf(outcomes);
    }

    public List<StepOutcome> failures() {
        return outcomes.stream().filter(o -> !o.passed()).toList();
    }

    public boolean passed() {
        return outcomes.stream().allMatch(StepOutcome::passed);
    }

    /** The state after the last step. */
    public State finalState() {
        return outcomes.isEmpty() ? initial : outcomes.get(outcomes.size() - 1).after();
    }
}
