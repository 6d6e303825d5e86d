package org.iommuscope.app.shell;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.concurrent.Task;
import org.iommuscope.app.timeline.ScenarioFrames;

/**
 * Loads scenarios off the FX thread, the newest request winning: a load that finishes after a later one was
 * asked for (another file opened, a journal recovered) is dropped.
 */
final class ScenarioLoader {
    private final ScenarioSource source;
    /** Bumped by every request: a load whose number is no longer the latest is dropped. */
    private int generation;

    ScenarioLoader(ScenarioSource source) {
        this.source = source;
    }

    /** Loads {@code file} in the background; on the FX thread, {@code shown} gets it, or {@code failed} why not. */
    void load(Path file, Consumer<ScenarioFrames.Loaded> shown, Consumer<Throwable> failed) {
        Task<ScenarioFrames.Loaded> load = new Task<>() {
            @Override
            protected ScenarioFrames.Loaded call() throws Exception {
                return source.load(file);
            }
        };
        int g = ++generation;
        load.setOnSucceeded(e -> {
            if (g == generation) {
                shown.accept(load.getValue());
            }
        });
        load.setOnFailed(e -> failed.accept(load.getException()));
        Thread t = new Thread(load, "scenario-loader");
        t.setDaemon(true);
        t.start();
    }

    /** Something else is shown now (a recovered session): any load under way is dropped when it ends. */
    void supersede() {
        generation++;
    }
}
