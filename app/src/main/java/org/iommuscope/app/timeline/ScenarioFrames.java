package org.iommuscope.app.timeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iommuscope.app.graph.GraphProjection;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.engine.Step;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.scenario.Diagnostic;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioException;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.engine.scenario.StepOutcome;

/** Loads a scenario file and runs it into timeline frames: one frame per step, frame 0 the machine at boot. */
public final class ScenarioFrames {
    private ScenarioFrames() {
    }

    /**
     * A loaded scenario, ready to show; {@code scenario} is what a what-if session starts from;
     * {@code layout} is the canvas's layout when it was computed with the load (null: not yet).
     */
    public record Loaded(String title, String profile, List<Frame> frames, Scenario scenario,
                         org.iommuscope.app.graph.GraphLayout layout) {
        public Loaded(String title, String profile, List<Frame> frames, Scenario scenario) {
            this(title, profile, frames, scenario, null);
        }

        /**
         * The same with the canvas's layout computed, on the calling thread: ELK takes seconds on a big
         * machine, which the app spends on its loader thread rather than on the one that paints.
         */
        public Loaded laidOut() {
            return layout != null ? this : new Loaded(title, profile, frames, scenario,
                    org.iommuscope.app.graph.GraphLayout.of(frames.stream().map(Frame::graph).toList()));
        }
    }

    /** A file that cannot be shown, with its messages (file:line:column: …). */
    public static final class LoadFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> messages;

        public LoadFailure(List<String> messages) {
            super(String.join("\n", messages));
            this.messages = List.copyOf(messages);
        }

        public List<String> messages() {
            return messages;
        }
    }

    public static Loaded load(Path file) throws LoadFailure {
        return load(file, null);
    }

    /**
     * Why a path cannot be a scenario file, in words ("no such file", "is a directory…"), or null when it is a
     * readable file: said before the loader would answer with an I/O exception's class name.
     */
    public static String fileProblem(Path file) {
        if (java.nio.file.Files.isDirectory(file)) {
            return file + ": is a directory, not a scenario file (give its files, e.g. " + file.resolve("*.yaml") + ")";
        }
        if (!java.nio.file.Files.exists(file)) {
            return file + ": no such file";
        }
        if (!java.nio.file.Files.isReadable(file)) {
            return file + ": cannot be read (no permission)";
        }
        return null;
    }

    public static Loaded load(Path file, Profile override) throws LoadFailure {
        String problem = fileProblem(file);
        if (problem != null) {
            throw new LoadFailure(List.of(problem));
        }
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(file);
        } catch (ScenarioException e) {
            throw new LoadFailure(e.diagnostics().stream().map(Diagnostic::toString).toList());
        }
        ScenarioRun run = ScenarioRunner.run(scenario, override);
        return new Loaded(scenario.title(), run.profile().key(), frames(run), 
                new Scenario(scenario.file(), scenario.title(), scenario.description(), run.profile(), scenario.topology(), scenario.steps()));
    }

    /**
     * The frames of {@code branch} when {@code shown} were made from a run of the same machine whose first
     * {@code fork} steps were these: frames 0 to {@code fork} are kept (the same objects), and the steps after run
     * on from there. A runner reaches step {@code fork} by replaying the steps before it without checking their
     * invariants again (the shown run did); the new frames project their picture when drawn and keep a state every
     * {@value FrameStates#DEFAULT_INTERVAL} steps, as a long trace's do. A what-if step at step 50,000 of a trace
     * costs the replay and one step, not a run and a picture of every step.
     */
    public static List<Frame> continueFrom(List<Frame> shown, int fork, Scenario branch) {
        return continueFrom(shown, fork, branch, null);
    }

    /**
     * The same, going on from {@code atFork} when it is a runner of the branch that has run at most its first
     * {@code fork} steps (a what-if session has one where the user clicked; a long run keeps one every 256 steps):
     * only the steps between are replayed. It is used up.
     */
    public static List<Frame> continueFrom(List<Frame> shown, int fork, Scenario branch, ScenarioRunner atFork) {
        List<ScenarioStep> steps = branch.steps();
        if (fork < 0 || fork >= shown.size() || fork > steps.size()) {
            throw new IllegalArgumentException("fork at step " + fork + " of " + (shown.size() - 1) + " shown, " + steps.size() + " in the branch");
        }
        ScenarioRunner runner;
        HandleNames handles;
        if (atFork != null && atFork.stepsRun() <= fork) {
            runner = atFork;
            handles = HandleNames.following(atFork.liveHandles());
        } else {
            runner = new ScenarioRunner(branch, null);
            handles = new HandleNames();
        }
        runner.checkInvariants(false);
        for (int i = runner.stepsRun(); i < fork; i++) {
            handles.step(runner.step(steps.get(i)));
        }
        runner.checkInvariants(true);
        List<Frame> frames = new ArrayList<>(steps.size() + 1);
        frames.addAll(shown.subList(0, fork + 1));
        StreamedFrames.FrameMaker maker = new StreamedFrames.FrameMaker(runner, handles);
        for (int i = fork; i < steps.size(); i++) {
            frames.add(maker.next(steps.get(i)));
        }
        return frames;
    }

    /** The run's frames, each object's box naming the handle the scenario gave it, each op its objects' names. */
    public static List<Frame> frames(ScenarioRun run) {
        List<Frame> frames = new ArrayList<>();
        String description = run.scenario().description() == null ? "" : run.scenario().description().strip();
        frames.add(new Frame(0, "", "ok", "", true, description, List.of(), run.initial(), GraphProjection.of(run.initial()), 0));
        HandleNames handles = new HandleNames();
        org.iommuscope.engine.State before = run.initial();
        for (StepOutcome o : run.outcomes()) {
            Step st = o.engineStep();
            String outcome = st != null ? st.result().outcome() : "say".equals(o.kind()) ? "" : o.passed() ? "ok" : "failed";
            // A step that missed its expectation shows why; one that met it shows the kernel's own reason, if any.
            String reason = st != null && o.passed() ? st.result().reason() : String.join("; ", o.problems());
            String named = handles.named(o, before);
            handles.step(o);
            frames.add(new Frame(o.index() + 1, o.text(), named, outcome, reason, o.passed(), o.step().say(),
                    st == null ? List.of() : st.result().events(), o.after(), GraphProjection.of(o.after(), handles.boxNames()), o.line()));
            before = o.after();
        }
        return frames;
    }
}
