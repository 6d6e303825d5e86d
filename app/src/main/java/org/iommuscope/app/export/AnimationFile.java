package org.iommuscope.app.export;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** Where an animation's pictures go, one after another, each with how long it shows: a GIF or a video. */
public sealed interface AnimationFile extends AutoCloseable permits GifFile, FfmpegVideo {
    /** @param rgb an opaque picture, the same size every time */
    void add(BufferedImage rgb, double durationMs) throws IOException;

    @Override
    void close() throws IOException;
}
