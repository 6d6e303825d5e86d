package org.iommuscope.app.shell;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.timeline.StreamedFrames;

/**
 * Loads scenarios off the FX thread, the newest request winning: a load that finishes after a later one was
 * asked for (another file opened, a journal recovered) is dropped. A long file (see {@link StreamedFrames})
 * is shown from its first chunk and grows chunk by chunk; a later request stops its run at the next chunk.
 */
final class ScenarioLoader {
    private final ScenarioSource source;
    /** Bumped by every request: a load whose number is no longer the latest is dropped. */
    private final AtomicInteger generation = new AtomicInteger();

    /** What the shell does with a long trace's chunks, on the FX thread. */
    interface Streamed {
        void first(ScenarioFrames.Loaded loaded, StreamedFrames.Chunk chunk);

        void more(StreamedFrames.Chunk chunk);
    }

    ScenarioLoader(ScenarioSource source) {
        this.source = source;
    }

    /** Loads {@code file} in the background; on the FX thread, {@code shown} gets it, or {@code failed} why not. */
    void load(Path file, Consumer<ScenarioFrames.Loaded> shown, Consumer<Throwable> failed) {
        load(file, shown, null, failed);
    }

    /**
     * As {@link #load(Path, Consumer, Consumer)}; a long file goes to {@code streamed} instead, chunk by chunk
     * (null: loaded whole like any other).
     */
    void load(Path file, Consumer<ScenarioFrames.Loaded> shown, Streamed streamed, Consumer<Throwable> failed) {
        int g = generation.incrementAndGet();
        boolean stream = streamed != null && StreamedFrames.streams(file);
        Task<ScenarioFrames.Loaded> load = new Task<>() {
            @Override
            protected ScenarioFrames.Loaded call() throws Exception {
                if (!stream) {
                    return source.load(file);
                }
                StreamedFrames.run(file, new StreamedFrames.Sink() {
                    @Override
                    public boolean first(ScenarioFrames.Loaded loaded, StreamedFrames.Chunk chunk) {
                        return post(g, () -> streamed.first(loaded, chunk));
                    }

                    @Override
                    public boolean more(StreamedFrames.Chunk chunk) {
                        return post(g, () -> streamed.more(chunk));
                    }
                });
                return null;
            }
        };
        load.setOnSucceeded(e -> {
            if (!stream && g == generation.get()) {
                shown.accept(load.getValue());
            }
        });
        load.setOnFailed(e -> failed.accept(load.getException()));
        Thread t = new Thread(load, "scenario-loader");
        t.setDaemon(true);
        t.start();
    }

    /** Runs {@code r} on the FX thread if load {@code g} is still the latest; false (stop running) once it is not. */
    private boolean post(int g, Runnable r) {
        if (g != generation.get()) {
            return false;
        }
        Platform.runLater(() -> {
            if (g == generation.get()) {
                r.run();
            }
        });
        return true;
    }

    /** Something else is shown now (a recovered session): any load under way is dropped when it ends. */
    void supersede() {
        generation.incrementAndGet();
    }
}
