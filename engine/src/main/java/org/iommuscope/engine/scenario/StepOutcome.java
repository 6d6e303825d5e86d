package org.iommuscope.engine.scenario;

import java.util.List;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Step;

/**
 * What one scenario step did: its text as written, what was expected and what happened, and the state after it.
 *
 * @param index      the step's position in the scenario, from 0
 * @param kind       the op's name, "check", or "say" for a caption
 * @param text       the step as written: "attach: {dev: idev1, pt: ioas1, as: hwpt1}"
 * @param expected   the expectation ("ok", "EINVAL", "{pt_id: hwpt1}"), or the check
 * @param actual     the outcome and outputs ("ok {pt_id: 3}", "EINVAL: reason"), or for a check its mismatches
 * @param problems   why the step failed, one line each; empty when it passed
 * @param engineStep the engine's op, result and state; null for checks, captions and ops that could not run
 * @param after      the state after the step (a check or caption leaves it as it was)
 */
public record StepOutcome(int index, ScenarioStep step, String kind, String text, String expected, String actual,
                          List<String> problems, Step engineStep, State after) {

    public StepOutcome {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    /** The step's 1-based line in its file. */
    public int line() {
        return step.line();
    }
}
