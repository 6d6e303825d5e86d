package org.iommuscope.engine.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


/**
 * Loads and validates a scenario file (SCENARIO-FORMAT.md). Validation is strict and complete: every problem
 * of a file is reported at once as {@code file:line:column: message}, with the nearest valid name for a
 * misspelt one. Hostile files (too deep, alias bombs, larger than {@link ReadLimits#maxBytes()}) are refused
 * the same way. Every step is kept; {@link ScenarioStream} reads a long trace a step at a time.
 */
public final class ScenarioLoader {
    private ScenarioLoader() {
    }

    /** Loads a file; its path as given names it in diagnostics. */
    public static Scenario load(Path file) throws ScenarioException {
        return load(file, ReadLimits.defaults());
    }

    public static Scenario load(Path file, ReadLimits limits) throws ScenarioException {
        try (ScenarioStream s = ScenarioStream.open(file, limits.withStreamAboveBytes(Long.MAX_VALUE))) {
            return withSteps(s);
        }
    }

    /** Loads scenario text, naming it {@code fileName} in diagnostics (tests, the app's unsaved sessions). */
    public static Scenario loadString(String text, String fileName) throws ScenarioException {
        return loadString(text, fileName, ReadLimits.defaults());
    }

    public static Scenario loadString(String text, String fileName, ReadLimits limits) throws ScenarioException {
        try (ScenarioStream s = ScenarioStream.of(text, fileName, limits)) {
            return withSteps(s);
        }
    }

    private static Scenario withSteps(ScenarioStream s) {
        List<ScenarioStep> steps = new ArrayList<>();
        for (ScenarioStep step; (step = s.next()) != null; ) {
            steps.add(step);
        }
        return s.header().withSteps(steps);
    }
}
