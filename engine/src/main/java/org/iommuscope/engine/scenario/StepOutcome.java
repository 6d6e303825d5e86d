package org.iommuscope.engine.scenario;

import java.util.List;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Step;

/**
 * What one scenario step did: its text as written, what was expected and what happened, and the state after it.
 *
 * <p>An op that ran holds no text: {@link #text()}, {@link #expected()} and {@link #actual()} are written from the
 * step and its result when asked for, and not kept. A trace of 10^6 steps is checked without building three
 * strings per step that only a failing step or a log row ever shows.
 */
public final class StepOutcome {
    private final int index;
    private final ScenarioStep step;
    private final String kind;
    /** Null: written from the step when asked for. */
    private final String text;
    private final String expected;
    /** Null: written from the engine's result when asked for. */
    private final String actual;
    private final List<String> problems;
    private final Step engineStep;
    private final State after;

    /**
     * @param index      the step's position in the scenario, from 0
     * @param kind       the op's name, "check", or "say" for a caption
     * @param text       the step as written: "attach: {dev: idev1, pt: ioas1, as: hwpt1}"
     * @param expected   the expectation ("ok", "EINVAL", "{pt_id: hwpt1}"), or the check
     * @param actual     the outcome and outputs ("ok {pt_id: 3}", "EINVAL: reason"), or for a check its mismatches
     * @param problems   why the step failed, one line each; empty when it passed
     * @param engineStep the engine's op, result and state; null for checks, captions and ops that could not run
     * @param after      the state after the step (a check or caption leaves it as it was)
     */
    public StepOutcome(int index, ScenarioStep step, String kind, String text, String expected, String actual,
                       List<String> problems, Step engineStep, State after) {
        this.index = index;
        this.step = step;
        this.kind = kind;
        this.text = text;
        this.expected = expected;
        this.actual = actual;
        this.problems = List.copyOf(problems);
        this.engineStep = engineStep;
        this.after = after;
    }

    /** An op the engine ran: its texts are written from {@code step} and {@code engineStep}'s result when asked for. */
    static StepOutcome ran(int index, ScenarioStep step, List<String> problems, Step engineStep) {
        return new StepOutcome(index, step, step.op().name(), null, null, null, problems, engineStep, engineStep.after());
    }

    /** An op that did not run (an unresolvable handle, an engine defect): {@code actual} says which. */
    static StepOutcome notRun(int index, ScenarioStep step, String actual, List<String> problems, State state) {
        return new StepOutcome(index, step, step.op().name(), null, null, actual, problems, null, state);
    }

    public int index() {
        return index;
    }

    public ScenarioStep step() {
        return step;
    }

    public String kind() {
        return kind;
    }

    public String text() {
        return text != null ? text : step.text();
    }

    public String expected() {
        return expected != null ? expected : step.expectation().yaml();
    }

    public String actual() {
        return actual != null ? actual : ExpectationMatcher.actual(engineStep.result());
    }

    public List<String> problems() {
        return problems;
    }

    public Step engineStep() {
        return engineStep;
    }

    public State after() {
        return after;
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    /** The step's 1-based line in its file. */
    public int line() {
        return step.line();
    }

    @Override
    public String toString() {
        return "StepOutcome[" + index + " " + text() + " -> " + actual() + (passed() ? "" : " " + problems) + "]";
    }
}
