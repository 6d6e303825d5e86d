package org.iommuscope.app.export;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF written by the JDK's own GIF writer (ImageIO), looping forever. A picture is written as
 * the rectangle where it differs from the one before, left on the screen under the next (GIF's "do not
 * dispose"): a step's motion touches a small part of the picture, and a picture that changes nothing costs a
 * few bytes. Delays are in GIF's hundredths of a second, rounded so that they add up to the true time.
 */
public final class GifFile implements AnimationFile {
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";
    private final ImageWriter writer;
    private final ImageOutputStream stream;
    private int[] previous;
    private int width;
    private int height;
    private double elapsedMs;
    private int frames;

    public GifFile(Path file) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("this Java runtime has no GIF writer");
        }
        writer = writers.next();
        stream = ImageIO.createImageOutputStream(file.toFile());
        if (stream == null) {
            throw new IOException("cannot write " + file);
        }
        writer.setOutput(stream);
        writer.prepareWriteSequence(null);
    }

    @Override
    public void add(BufferedImage rgb, double durationMs) throws IOException {
        int[] pixels = pixels(rgb);
        int x0 = 0;
        int y0 = 0;
        int x1 = rgb.getWidth() - 1;
        int y1 = rgb.getHeight() - 1;
        if (previous == null) {
            width = rgb.getWidth();
            height = rgb.getHeight();
        } else {
            if (rgb.getWidth() != width || rgb.getHeight() != height) {
                throw new IllegalArgumentException("every picture of an animation has one size");
            }
            int[] box = changed(previous, pixels, width, height);
            if (box == null) {
                // Nothing changed: one pixel, the same as before, keeps the picture's place in time.
                x0 = x1 = 0;
                y0 = y1 = 0;
            } else {
                x0 = box[0];
                y0 = box[1];
                x1 = box[2];
                y1 = box[3];
            }
        }
        BufferedImage part = rgb.getSubimage(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        // ImageIO's GIF writer builds each picture's palette itself (at most 256 colours).
        BufferedImage copy = new BufferedImage(part.getWidth(), part.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(part, 0, 0, null);
        int delay = (int) Math.round((elapsedMs + durationMs) / 10) - (int) Math.round(elapsedMs / 10);
        elapsedMs += durationMs;
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(copy), param);
        meta.mergeTree(IMAGE_FORMAT, tree(x0, y0, copy.getWidth(), copy.getHeight(), delay, frames == 0));
        writer.writeToSequence(new IIOImage(copy, null, meta), param);
        previous = pixels.clone();
        frames++;
    }

    /** The pictures written so far. */
    public int frames() {
        return frames;
    }

    private static IIOMetadataNode tree(int x, int y, int w, int h, int delayCs, boolean first) {
        IIOMetadataNode root = new IIOMetadataNode(IMAGE_FORMAT);
        IIOMetadataNode descriptor = new IIOMetadataNode("ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(x));
        descriptor.setAttribute("imageTopPosition", Integer.toString(y));
        descriptor.setAttribute("imageWidth", Integer.toString(w));
        descriptor.setAttribute("imageHeight", Integer.toString(h));
        descriptor.setAttribute("interlaceFlag", "FALSE");
        root.appendChild(descriptor);
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "doNotDispose");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCs));
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        if (first) {
            // NETSCAPE2.0, loop count 0: play forever, as a slide expects.
            IIOMetadataNode apps = new IIOMetadataNode("ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0});
            apps.appendChild(loop);
            root.appendChild(apps);
        }
        return root;
    }

    /** {x0, y0, x1, y1} of the pixels that differ, inclusive; null if none does. */
    static int[] changed(int[] a, int[] b, int w, int h) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (a[row + x] != b[row + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = y;
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1, y1};
    }

    private static int[] pixels(BufferedImage rgb) {
        if (rgb.getType() == BufferedImage.TYPE_INT_RGB && rgb.getRaster().getDataBuffer() instanceof DataBufferInt d) {
            int[] data = d.getData();
            if (data.length == rgb.getWidth() * rgb.getHeight()) {
                return data;
            }
        }
        return rgb.getRGB(0, 0, rgb.getWidth(), rgb.getHeight(), null, 0, rgb.getWidth());
    }

    @Override
    public void close() throws IOException {
        try {
            if (frames > 0) {
                writer.endWriteSequence();
            }
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            stream.close();
            writer.dispose();
        }
    }
}
