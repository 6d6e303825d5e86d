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

    /** The profiles' keys as the user types them (`v2-patch`, `v6.15`). */
    public String leftKey() {
        return left.key();
    }

    public String rightKey() {
        return right.key();
    }

    /** Where the two states still differ at a step although the step itself agrees ("hwpt 5 users: 2 | 1"). */
    public List<String> stateFacts(int step) {
        java.util.Map<String, String> a = ProfileComparison.digest(leftFrames.get(step).state());
        java.util.Map<String, String> b = ProfileComparison.digest(rightFrames.get(step).state());
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new java.util.ArrayList<>();
        for (String k : keys) {
            String x = a.getOrDefault(k, "—");
            String y = b.getOrDefault(k, "—");
            if (!x.equals(y)) {
                out.add(k + ": " + x + " | " + y);
            }
        }
        return out;
    }

    /** The first difference in words ("hwpt 5 users: 2 | 1"), or empty when the runs never part. */
    public String firstDifferenceText() {
        return comparison.first() == null ? "" : comparison.first().text();
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
