package org.iommuscope.app.compare;

import java.nio.file.Path;
import java.util.List;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.scenario.Diagnostic;
import org.iommuscope.engine.scenario.ProfileComparison;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioException;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRunner;

/**
 * One scenario run under two profiles, frame for frame, with the engine's comparison of the two runs
 * (the same answer as `iommuscope compare`).
 */
public record ProfilePair(String title, Profile left, Profile right, List<Frame> leftFrames, List<Frame> rightFrames,
                          ProfileComparison comparison) {

    public ProfilePair {
        leftFrames = List.copyOf(leftFrames);
        rightFrames = List.copyOf(rightFrames);
    }

    /** Loads and runs a file twice; slow enough to belong off the FX thread. */
    public static ProfilePair load(Path file, Profile left, Profile right) throws ScenarioFrames.LoadFailure {
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(file);
        } catch (ScenarioException e) {
            throw new ScenarioFrames.LoadFailure(e.diagnostics().stream().map(Diagnostic::toString).toList());
        }
        return new ProfilePair(scenario.title(), left, right,
                ScenarioFrames.frames(ScenarioRunner.run(scenario, left)),
                ScenarioFrames.frames(ScenarioRunner.run(scenario, right)),
                ProfileComparison.of(scenario, left, right));
    }

    /** The first frame where the runs part (frame i is the state after step i), or -1. */
    public int firstDifferingStep() {
        return comparison.first() == null ? -1 : comparison.first().index();
    }

    /** The engine's differences at one step ("hwpt 5 attached: [2] | []"), empty where the step itself agrees. */
    public List<String> factsAt(int step) {
        for (ProfileComparison.StepDifference d : comparison.differences()) {
            if (d.index() == step) {
                return d.facts();
            }
        }
        return List.of();
    }
}
