package org.iommuscope.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.iommuscope.app.export.AnimationPlan;
import org.iommuscope.app.export.FramePicture;
import org.iommuscope.app.export.StepAnimation;
import org.iommuscope.app.export.PngFrames;
import org.iommuscope.app.timeline.Frame;

/** The PNG and animation side of `render`, apart so that `render --format svg` never loads a JavaFX class. */
final class PngRender {
    private PngRender() {
    }

    /** Starts the headless toolkit in the background; pass the result to {@link #write}. */
    static CompletableFuture<?> prepare() {
        return PngFrames.prepare();
    }

    @SuppressWarnings("unchecked")
    static void write(CompletableFuture<?> prepared, List<Frame> all, List<Frame> chosen, Path dir, double scale, boolean divergentOnly,
            IntConsumer progress) throws Exception {
        PngFrames.write((CompletableFuture<FramePicture>) prepared, all, chosen, dir, scale, divergentOnly, progress);
    }

    @SuppressWarnings("unchecked")
    static int animate(CompletableFuture<?> prepared, List<Frame> all, int from, int to, AnimationPlan plan, double scale, boolean divergentOnly,
            StepAnimation.Target target, IntConsumer progress) throws Exception {
        return StepAnimation.write((CompletableFuture<FramePicture>) prepared, all, from, to, plan, scale, divergentOnly, target, progress);
    }
}
