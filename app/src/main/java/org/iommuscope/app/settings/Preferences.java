package org.iommuscope.app.settings;


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

    /** The kernel image File → Run on a kernel… used last, or $IOMMUSCOPE_KERNEL, or null. */
    public static String kernelImage() {
        String stored = NODE.get("kernelImage", null);
        return stored != null ? stored : System.getenv("IOMMUSCOPE_KERNEL");
    }

    public static void setKernelImage(String path) {
        NODE.put("kernelImage", path);
    }

    // ---- presenting: theme, text zoom, speed, key bindings, window geometry --------------------------

    /** The theme's key (light, dark, high-contrast); unknown or missing reads as light. */
    public static String theme() {
        return NODE.get("theme", "light");
    }

    public static void setTheme(String key) {
        NODE.put("theme", key);
    }

    /** Text zoom in percent of the base font size. */
    public static int uiZoom() {
        return NODE.getInt("uiZoom", 100);
    }

    public static void setUiZoom(int percent) {
        NODE.putInt("uiZoom", percent);
    }

    /** Playback speed (a factor of the stepper's speeds, 0.25 to 4). */
    public static double speed() {
        return NODE.getDouble("speed", 1);
    }

    public static void setSpeed(double speed) {
        NODE.putDouble("speed", speed);
    }

    /** A user's keys for an action (by its name), as stored: KeyCombination names, one per line; empty when none. */
    public static String keyNames(String action) {
        return NODE.node("keys").get(action, "");
    }

    /** Stores a user's keys for an action (by its name); empty restores the defaults. */
    public static void setKeyNames(String action, String names) {
        if (names.isEmpty()) {
            NODE.node("keys").remove(action);
        } else {
            NODE.node("keys").put(action, names);
        }
    }

    /** Where the window was when it last closed; null before the first close. */
    public record WindowGeometry(double x, double y, double width, double height, boolean maximized) {
    }

    public static WindowGeometry windowGeometry() {
        double w = NODE.getDouble("window.width", -1);
        if (w <= 0) {
            return null;
        }
        return new WindowGeometry(NODE.getDouble("window.x", 0), NODE.getDouble("window.y", 0), w,
                NODE.getDouble("window.height", 600), NODE.getBoolean("window.maximized", false));
    }

    public static void setWindowGeometry(WindowGeometry g) {
        NODE.putDouble("window.x", g.x());
        NODE.putDouble("window.y", g.y());
        NODE.putDouble("window.width", g.width());
        NODE.putDouble("window.height", g.height());
        NODE.putBoolean("window.maximized", g.maximized());
    }
}
