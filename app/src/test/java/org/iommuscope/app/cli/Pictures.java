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
}
