package org.iommuscope.app;

/**
 * User preferences that outlive a session (java.util.prefs). A system property of the same name overrides
 * the stored value, so a presenter or a test can set one for a single run.
 */
public final class Preferences {
    static final String REDUCED_MOTION = "iommuscope.reducedMotion";
    private static final java.util.prefs.Preferences NODE = java.util.prefs.Preferences.userNodeForPackage(Preferences.class);

    private Preferences() {
    }

    /** Reduced motion: steps jump to their state with no travelling edges, pulses or fades. */
    public static boolean reducedMotion() {
        String forced = System.getProperty(REDUCED_MOTION);
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        return NODE.getBoolean("reducedMotion", false);
    }

    public static void setReducedMotion(boolean on) {
        NODE.putBoolean("reducedMotion", on);
    }
}
