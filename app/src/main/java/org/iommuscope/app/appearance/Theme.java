package org.iommuscope.app.appearance;

import java.util.List;
import javafx.scene.Scene;

/**
 * The colour themes: the base stylesheet is the light theme, and each other theme is a small sheet layered
 * on it that redefines the looked-up colours of `.root` (and the few rules that name a colour directly).
 */
public enum Theme {
    LIGHT("light", "Light", null),
    DARK("dark", "Dark", "theme-dark.css"),
    HIGH_CONTRAST("high-contrast", "High contrast", "theme-high-contrast.css");

    private final String key;
    private final String label;
    private final String sheet;

    Theme(String key, String label, String sheet) {
        this.key = key;
        this.label = label;
        this.sheet = sheet;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** The theme stored under a key; an unknown key (an older or hand-edited preference) is the light theme. */
    public static Theme byKey(String key) {
        for (Theme t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        return LIGHT;
    }

    /** The base stylesheet (the light theme), from the class path (assets/ is packaged there). */
    public static String base() {
        return asset("iommuscope.css");
    }

    private static String asset(String name) {
        return Theme.class.getResource("/org/iommuscope/app/assets/" + name).toExternalForm();
    }

    /** The stylesheets of this theme, base first. */
    public List<String> stylesheets() {
        String base = base();
        return sheet == null ? List.of(base) : List.of(base, asset(sheet));
    }

    /** Replaces whatever theme a scene had with this one, keeping any unrelated stylesheet. */
    public void applyTo(Scene scene) {
        for (Theme t : values()) {
            scene.getStylesheets().removeAll(t.stylesheets());
        }
        scene.getStylesheets().addAll(0, stylesheets());
    }
}
