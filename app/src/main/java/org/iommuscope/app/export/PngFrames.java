package org.iommuscope.app.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;
import javafx.scene.image.WritableImage;
import org.iommuscope.app.timeline.Frame;

/**
 * Renders steps of a scenario to PNG files headless: the JavaFX thread draws frame k+1 while other
 * threads compress frame k, with a few frames in flight at most so memory stays flat on long runs.
 */
public final class PngFrames {
    private static final int IN_FLIGHT = 4;

    private PngFrames() {
    }

    /**
     * @param all      every frame of the scenario (the layout covers them all, so nothing moves between files)
     * @param chosen   the frames to write
     * @param progress called with the number of files written so far
     * @return the files written, in step order
     */
    public static List<Path> write(List<Frame> all, List<Frame> chosen, Path dir, double scale, boolean divergentOnly, IntConsumer progress)
            throws Exception {
        HeadlessFx.start();
        FramePicture picture = HeadlessFx.call(() -> new FramePicture(all));
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        ExecutorService encoders = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "png-encoder");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<Future<?>> pending = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        int[] done = {0};
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
                        synchronized (done) {
                            progress.accept(++done[0]);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> p : pending) {
                try {
                    p.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            encoders.shutdownNow();
        }
        return files;
    }
}
