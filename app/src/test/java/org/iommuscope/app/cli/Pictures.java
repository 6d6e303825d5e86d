package org.iommuscope.app.cli;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;

/** What a test can tell about a rendered picture: whether it is blank, whether a colour occurs. */
public final class Pictures {
    private Pictures() {
    }

    /** How many distinct colours the image has (sampling every third pixel): a blank frame has one or two. */
    public static int distinctColours(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    /** How many pixels have exactly this colour. */
    public static long count(BufferedImage img, int rgb) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * How many pixels are within {@code tolerance} of this colour in each channel: a browser's colour
     * management or a filter over a stroke can move it a step or two off the stylesheet's value.
     */
    public static long countNear(BufferedImage img, int rgb, int tolerance) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= tolerance && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= tolerance
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }
}
