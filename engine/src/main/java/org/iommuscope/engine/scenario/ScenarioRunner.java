package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.Invariants;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Step;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scenario on the engine: boots its machine, then applies each op with its handles resolved, compares
 * the result with the step's expectation, evaluates checks, and checks the kernel's invariants after every
 * op. Never throws on user input: whatever a step does wrong is a failed {@link StepOutcome}.
 *
 * <p>Static {@link #run} runs a whole file; an instance runs step by step, so a what-if session can keep
 * appending steps to a loaded scenario.
 */
public final class ScenarioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);

    private final Profile profile;
    private final State initial;
    private final HandleTable handles;
    private final OpResolver resolver;
    private final ExpectationMatcher matcher;
    private final CheckEvaluator checks;
    private State state;
    private int index;
    private boolean fullInvariants;
    private boolean checkInvariants = true;

    /** Boots the scenario's machine under its own profile, or under {@code profileOverride} when that is not null. */
    public ScenarioRunner(Scenario scenario, Profile profileOverride) {
        this(profileOverride != null ? profileOverride : scenario.profile(), scenario.topology());
    }

    private ScenarioRunner(Profile profile, Topology topology) {
        this(profile, Kernel.boot(topology, profile), new HandleTable(), 0, null);
    }

    private ScenarioRunner(Profile profile, State initial, HandleTable handles, int index, State state) {
        this.profile = profile;
        this.initial = initial;
        this.handles = handles;
        this.resolver = new OpResolver(handles);
        this.matcher = new ExpectationMatcher(handles);
        this.checks = new CheckEvaluator(handles);
        this.index = index;
        this.state = state == null ? initial : state;
    }

    /**
     * A runner where this one is now (the same state, steps run and handles) that goes on apart from it: a what-if
     * session runs a clicked step on one and shows the branch from the other, replaying the steps before once.
     */
    public ScenarioRunner copy() {
        ScenarioRunner c = new ScenarioRunner(profile, initial, handles.copy(), index, state);
        c.fullInvariants = fullInvariants;
        c.checkInvariants = checkInvariants;
        return c;
    }

    /** How many steps this runner has run. */
    public int stepsRun() {
        return index;
    }

    /** The live handles by object ID, each in binding order (the first is the one a box shows). */
    public Map<Long, List<String>> liveHandles() {
        return handles.live();
    }

    public static ScenarioRun run(Scenario scenario) {
        return run(scenario, null);
    }

    public static ScenarioRun run(Scenario scenario, Profile profileOverride) {
        ScenarioRunner runner = new ScenarioRunner(scenario, profileOverride);
        List<StepOutcome> outcomes = new ArrayList<>(scenario.steps().size());
        for (ScenarioStep step : scenario.steps()) {
            outcomes.add(runner.step(step));
        }
        return new ScenarioRun(scenario, runner.profile, runner.initial, outcomes);
    }

    public Profile profile() {
        return profile;
    }

    /**
     * After each op, check every invariant on every object ({@code true}) instead of only what the op touched
     * (the default: the same findings at a cost that does not grow with the areas an IOAS holds).
     */
    public ScenarioRunner fullInvariants(boolean full) {
        this.fullInvariants = full;
        return this;
    }

    /**
     * Whether each op's invariants are checked at all (the default). Off only to replay steps a run has already
     * checked, to reach the state after them: a what-if fork at step 50,000 of a trace replays them in a third of
     * the time.
     */
    public ScenarioRunner checkInvariants(boolean check) {
        this.checkInvariants = check;
        return this;
    }

    public State initial() {
        return initial;
    }

    /** The state after the last step run. */
    public State state() {
        return state;
    }

    /**
     * What the kernel would answer to {@code op} now, without running it: the state, the handles and the step
     * count stay as they are (a drop target asks this before the user lets go). Null when a handle of the op
     * names nothing.
     */
    public Step probe(OpSpec op) {
        try {
            return Kernel.apply(state, resolver.resolve(op), index + 1);
        } catch (Unresolvable | RuntimeException e) {
            return null;
        }
    }

    /** The first live handle that names object {@code id}, or null (a clicked step then passes the raw ID). */
    public String handleOf(long id) {
        return handles.live(id);
    }

    /** Whether a handle name is in use, bound or refused (a clicked step picks a fresh one). */
    public boolean handleTaken(String name) {
        return handles.taken(name);
    }

    /** Runs the next step. */
    public StepOutcome step(ScenarioStep step) {
        int i = index++;
        if (step.isCheck()) {
            List<String> problems = checks.mismatches(step.check(), state);
            return new StepOutcome(i, step, "check", step.text(), ScenarioWriter.checkText(step.check()),
                    problems.isEmpty() ? "as expected" : String.join("; ", problems), problems, null, state);
        }
        if (step.isCaption()) {
            return new StepOutcome(i, step, "say", step.text(), "", "",
                    List.of(), null, state);
        }
        return op(i, step);
    }

    private StepOutcome op(int i, ScenarioStep step) {
        Op op;
        try {
            op = resolver.resolve(step.op());
        } catch (Unresolvable e) {
            refuseBinding(step, "the step at line " + step.line() + " did not run");
            return StepOutcome.notRun(i, step, "not run", List.of(e.getMessage()), state);
        }
        Step engineStep;
        try {
            engineStep = Kernel.apply(state, op, i + 1);
        } catch (RuntimeException e) {
            // An engine defect, not the user's: report it on the step and keep going from the state before.
            LOG.warn("engine failed on {} at line {}", op, step.line(), e);
            refuseBinding(step, "the step at line " + step.line() + " failed in the engine");
            return StepOutcome.notRun(i, step, "engine error", List.of("engine error: " + e), state);
        }
        Result result = engineStep.result();
        List<String> problems = new ArrayList<>(matcher.mismatches(step.expectation(), result));
        handles.objectsDestroyed(result.events());
        bind(step, result);
        if (checkInvariants) {
            Invariants.Report invariants = fullInvariants ? Invariants.check(engineStep.after()) : Invariants.check(state, engineStep);
            for (String v : invariants.violations()) {
                problems.add("invariant: " + v);
            }
        }
        state = engineStep.after();
        return StepOutcome.ran(i, step, problems, engineStep);
    }

    /** {@code as} binds the ID the op returned; when the op failed, later uses of the handle say why. */
    private void bind(ScenarioStep step, Result result) {
        if (step.as() == null) {
            return;
        }
        String key = OpSignature.of(step.op().name()).idOutput();
        Object id = key == null ? null : result.output(key);
        if (result.ok() && id instanceof Number n) {
            handles.bind(step.as(), n.longValue());
        } else {
            refuseBinding(step, "the step at line " + step.line() + " that binds it failed (" + result.outcome() + ")");
        }
    }

    private void refuseBinding(ScenarioStep step, String reason) {
        if (step.as() != null) {
            handles.refuse(step.as(), reason);
        }
    }
}
