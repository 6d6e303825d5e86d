package org.iommuscope.app.dialog;

import java.util.List;

/**
 * One input of a form. {@code choices} non-empty makes it a choice box.
 *
 * @param hint shown greyed in an empty field ("automatic")
 */
public record FormField(String key, String label, String initial, String hint, List<String> choices) {
    public FormField {
        choices = List.copyOf(choices);
    }

    public static FormField text(String key, String label, String initial, String hint) {
        return new FormField(key, label, initial, hint, List.of());
    }

    public static FormField choice(String key, String label, List<String> choices) {
        return new FormField(key, label, choices.get(0), "", choices);
    }
}
