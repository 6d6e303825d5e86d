package org.iommuscope.engine.scenario;

import java.util.List;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;

/**
 * A loaded scenario file: the emulated machine, the kernel profile, and the steps to run on it.
 *
 * @param file        the file name diagnostics and reports use
 * @param description "" when the file has none
 */
public record Scenario(String file, String title, String description, Profile profile, Topology topology,
                       List<ScenarioStep> steps) {

    public Scenario {
        description = description == null ? "" : description;
        steps = List.copyOf(steps);
    }

    /** The same scenario with more steps (a what-if session being recorded). */
    public Scenario withSteps(List<ScenarioStep> newSteps) {
        return new Scenario(file, title, description, profile, topology, newSteps);
    }
}
