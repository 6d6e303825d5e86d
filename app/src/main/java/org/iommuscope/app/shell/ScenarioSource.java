package org.iommuscope.app.shell;

import java.nio.file.Path;
import org.iommuscope.app.timeline.ScenarioFrames;

/**
 * Where the shell gets a scenario ready to show. The default ({@link #RUN_WHOLE}) loads the file, runs every
 * step and lays the union of all frames out, on the loader's thread. A long file the shell opens is streamed
 * instead ({@link org.iommuscope.app.timeline.StreamedFrames}, through {@link ScenarioLoader}).
 */
@FunctionalInterface
public interface ScenarioSource {
    ScenarioFrames.Loaded load(Path file) throws ScenarioFrames.LoadFailure;

    /** Every frame computed up front and laid out. */
    ScenarioSource RUN_WHOLE = file -> ScenarioFrames.load(file).laidOut();
}
