package org.iommuscope.app.export;

import com.pngencoder.PngEncoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;

/** Writes a JavaFX image as a PNG file; safe off the JavaFX thread for an image no scene shows. */
public final class PngFiles {
    private PngFiles() {
    }

    public static void write(Image image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        // Snapshots are drawn on an opaque fill: RGB without alpha is a quarter less to compress.
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        // Opaque pixels are the same premultiplied or not: reading them as the snapshot stores them is a plain copy.
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbPreInstance(), pixels, 0, w);
        // Flat-coloured diagrams compress almost as well at a fast deflate level, several times quicker.
        new PngEncoder().withBufferedImage(rgb).withCompressionLevel(1).toFile(file);
    }
}
