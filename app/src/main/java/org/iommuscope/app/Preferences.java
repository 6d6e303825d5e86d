package org.iommuscope.app;

/**
 * User preferences that outlive a session (java.util.prefs). A system property of the same name overrides
 * the stored value, so a presenter or a test can set one for a single run.
 */
public final class Preferences {
    static final String REDUCED_MOTION = "iommuscope.reducedMotion";
    /** The user's node; tests point `iommuscope.prefs` at a node of their own so they never touch a user's settings. */
    private static final java.util.prefs.Preferences NODE = java.util.prefs.Preferences.userRoot()
            .node(System.getProperty("iommuscope.prefs", "org/iommuscope/app"));

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

    private static final int RECENT_MAX = 8;

    /** Recently opened scenario files, newest first. */
    public static java.util.List<String> recentFiles() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String f : NODE.get("recentFiles", "").split("\n")) {
            if (!f.isBlank()) {
                out.add(f);
            }
        }
        return out;
    }

    /** Puts a file first in the recent list (once), keeping the newest {@value #RECENT_MAX}. */
    public static void addRecentFile(String file) {
        java.util.List<String> list = recentFiles();
        list.remove(file);
        list.add(0, file);
        NODE.put("recentFiles", String.join("\n", list.subList(0, Math.min(RECENT_MAX, list.size()))));
    }
}
