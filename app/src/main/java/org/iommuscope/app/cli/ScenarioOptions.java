package org.iommuscope.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.engine.iommufd.Profile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** FILE and `--profile` of a command that runs one scenario, and loading it as frames or printing why it cannot. */
final class ScenarioOptions {
    @Parameters(paramLabel = "FILE", description = "the scenario")
    Path file;

    @Mixin
    ProfileOption profileOption;

    /** The profile to run under, or null for the file's own. */
    Profile profile() {
        return profileOption.profile;
    }

    /** The scenario's frames under the chosen profile, or null after printing its diagnostics (file:line:column) to out. */
    ScenarioFrames.Loaded framesOrReport(PrintWriter out) {
        try {
            return ScenarioFrames.load(file, profile());
        } catch (ScenarioFrames.LoadFailure e) {
            e.messages().forEach(out::println);
            out.flush();
            return null;
        }
    }
}
