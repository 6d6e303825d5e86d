package org.iommuscope.app.export;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.timeline.Frame;

/**
 * Steps of a scenario as one animation, drawn headless by the window's own canvas: each step's motion as
 * the window plays it (the group's domain edge travelling on a replace, objects fading, a DMA probe drawing its
 * path), sampled at the plan's rate, with the caption bar as in the window, then the step at rest.
 */
public final class StepAnimation {
    private StepAnimation() {
    }

    /** Opens the file the pictures go to, once their size (in pixels) is known. */
    @FunctionalInterface
    public interface Target {
        AnimationFile open(int width, int height) throws IOException;
    }

    /**
     * @param blank    from {@link PngFrames#prepare()}
     * @param all      every frame of the scenario (the layout covers them all, so nothing jumps between steps)
     * @param progress called with the number of pictures drawn so far
     * @return the number of pictures written
     */
    public static int write(CompletableFuture<FramePicture> blank, List<Frame> all, int from, int to, AnimationPlan plan, double scale,
            boolean divergentOnly, Target target, IntConsumer progress) throws Exception {
        GraphLayout layout = GraphLayout.of(all.stream().map(Frame::graph).toList());
        FramePicture picture = PngFrames.ready(blank, all, layout);
        List<AnimationPlan.Shot> shots = plan.shots(all, from, to);
        AnimationFile out = null;
        int written = 0;
        try {
            for (AnimationPlan.Shot shot : shots) {
                Frame f = all.get(shot.step());
                BufferedImage rgb = HeadlessFx.call(() -> {
                    WritableImage img;
                    if (shot.atRest()) {
                        img = picture.snapshot(f, divergentOnly, scale);
                    } else {
                        if (shot.atMs() == 0) {
                            picture.beginStep(f, divergentOnly);
                        }
                        img = picture.snapshotAt(shot.atMs(), scale);
                    }
                    return rgb(img);
                });
                if (out == null) {
                    out = target.open(rgb.getWidth(), rgb.getHeight());
                }
                out.add(rgb, shot.durationMs());
                progress.accept(++written);
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        return written;
    }

    /** The snapshot's pixels as an opaque RGB image (snapshots are drawn on white). */
    private static BufferedImage rgb(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbPreInstance(), pixels, 0, w);
        return rgb;
    }
}
