package org.iommuscope.app.appearance;

import javafx.scene.Parent;

/**
 * Text zoom as AtlantaFX does it: one font size on the scene's root, so everything styled in `em` grows
 * with it. The canvas keeps its own size in pixels (its boxes come from the layout) and zooms by scale.
 */
public final class UiZoom {
    /** The steps, in percent. */
    public static final int[] STEPS = {100, 110, 125, 150, 175, 200};
    /** The base stylesheet's root font size, in px. */
    public static final double BASE_PX = 13;

    private UiZoom() {
    }

    /** The nearest step to a stored value (a hand-edited preference may hold anything). */
    public static int clamp(int percent) {
        int best = STEPS[0];
        for (int s : STEPS) {
            if (Math.abs(s - percent) < Math.abs(best - percent)) {
                best = s;
            }
        }
        return best;
    }

    public static int larger(int percent) {
        for (int s : STEPS) {
            if (s > percent) {
                return s;
            }
        }
        return STEPS[STEPS.length - 1];
    }

    public static int smaller(int percent) {
        for (int i = STEPS.length - 1; i >= 0; i--) {
            if (STEPS[i] < percent) {
                return STEPS[i];
            }
        }
        return STEPS[0];
    }

    public static double fontPx(int percent) {
        return BASE_PX * clamp(percent) / 100.0;
    }

    /** Sets the root font size; an inline style wins over the stylesheet's `.root` size. */
    public static void applyTo(Parent root, int percent) {
        root.setStyle("-fx-font-size: " + fontPx(percent) + "px;");
    }
}
