package org.iommuscope.app.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;
import javafx.scene.image.WritableImage;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.timeline.Frame;

/**
 * Renders steps of a scenario to PNG files headless: the JavaFX thread draws frame k+1 while other
 * threads compress frame k, with a few frames in flight at most so memory stays flat on long runs.
 */
public final class PngFrames {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PngFrames.class);
    private static final int IN_FLIGHT = 4;

    private PngFrames() {
    }

    /**
     * Starts the toolkit and styles an empty picture in the background, so that this overlaps with loading
     * and laying out the scenario.
     */
    public static CompletableFuture<FramePicture> prepare() {
        return HeadlessFx.startInBackground().thenApply(started -> {
            try {
                return HeadlessFx.call(FramePicture::new);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /**
     * The picture {@link #prepare()} started, once the toolkit has made it, showing {@code all} laid out as
     * {@code layout}; what stopped the toolkit is thrown as itself, not wrapped.
     */
    static FramePicture ready(CompletableFuture<FramePicture> blank, List<Frame> all, GraphLayout layout) throws Exception {
        FramePicture picture;
        try {
            picture = blank.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        }
        HeadlessFx.call(() -> {
            picture.setFrames(all, layout);
            return null;
        });
        return picture;
    }

    /**
     * @param blank    from {@link #prepare()}
     * @param all      every frame of the scenario (the layout covers them all, so nothing moves between files)
     * @param chosen   the frames to write
     * @param progress called with the number of files written so far
     * @return the files written, in step order
     */
    public static List<Path> write(CompletableFuture<FramePicture> blank, List<Frame> all, List<Frame> chosen, Path dir, double scale,
            boolean divergentOnly, IntConsumer progress) throws Exception {
        long t0 = System.nanoTime();
        GraphLayout layout = GraphLayout.of(all.stream().map(Frame::graph).toList());
        long t1 = System.nanoTime();
        FramePicture picture = ready(blank, all, layout);
        long t2 = System.nanoTime();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        ExecutorService encoders = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "png-encoder");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<Future<?>> pending = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            for (Frame f : chosen) {
                inFlight.acquire();
                WritableImage img;
                try {
                    img = HeadlessFx.call(() -> picture.snapshot(f, divergentOnly, scale));
                } catch (Exception e) {
                    inFlight.release();
                    throw e;
                }
                Path file = dir.resolve(StepNames.fileStem(f) + ".png");
                files.add(file);
                pending.add(encoders.submit(() -> {
                    try {
                        PngFiles.write(img, file);
                    } finally {
                        inFlight.release();
                        progress.accept(done.incrementAndGet());
                    }
                    return null;
                }));
            }
            for (Future<?> p : pending) {
                try {
                    p.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            encoders.shutdownNow();
        }
        LOG.debug("layout {} ms, picture ready {} ms later, {} frames in {} ms", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, chosen.size(),
                (System.nanoTime() - t2) / 1_000_000);
        return files;
    }
}
