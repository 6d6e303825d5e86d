package org.iommuscope.app.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.scene.input.KeyCombination;
import org.iommuscope.app.settings.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's own keys for an action, stored in the preferences, and bindings that follow them: a menu's
 * accelerator or a button's tooltip bound here shows a rebound key at once (JabRef's KeyBindingRepository
 * does the same). The bindings observe weakly, so a window bound here is not kept alive by it.
 */
public final class KeyBindings {
    private static final Logger LOG = LoggerFactory.getLogger(KeyBindings.class);
    /** Bumped by every change of any binding. */
    private static final ReadOnlyIntegerWrapper REVISION = new ReadOnlyIntegerWrapper();

    private KeyBindings() {
    }

    /**
     * A user's keys for an action, stored as KeyCombination names ("Shortcut+O", "Page Down"); empty when the
     * user kept the defaults or stored something unreadable (logged, never fatal).
     */
    public static List<KeyCombination> of(KeyAction action) {
        List<KeyCombination> out = new ArrayList<>();
        for (String name : Preferences.keyNames(action.name()).split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                out.add(KeyCombination.valueOf(name.strip()));
            } catch (IllegalArgumentException e) {
                LOG.warn("ignoring key binding {} for {}: {}", name, action, e.getMessage());
            }
        }
        return out;
    }

    /** Stores a user's keys for an action; an empty list restores the defaults. Menus and tooltips follow. */
    public static void set(KeyAction action, List<KeyCombination> keys) {
        Preferences.setKeyNames(action.name(), keys.stream().map(KeyCombination::getName).collect(Collectors.joining("\n")));
        if (Platform.isFxApplicationThread()) {
            REVISION.set(REVISION.get() + 1);
            return;
        }
        try {
            Platform.runLater(() -> REVISION.set(REVISION.get() + 1));
        } catch (IllegalStateException noToolkit) {
            // No JavaFX running: nothing is bound to follow.
            REVISION.set(REVISION.get() + 1);
        }
    }

    /** Changes whenever any binding changes. */
    public static ReadOnlyIntegerProperty revision() {
        return REVISION.getReadOnlyProperty();
    }

    /** The action's first key in effect, as a menu item's accelerator. */
    public static ObjectBinding<KeyCombination> accelerator(KeyAction action) {
        return Bindings.createObjectBinding(() -> action.keys().get(0), REVISION);
    }

    /** "→ or Page Down": every key in effect for the action. */
    public static String text(KeyAction action) {
        return action.keys().stream().map(KeyCombination::getDisplayText).distinct().collect(Collectors.joining("  or  "));
    }

    /** {@code what} with the action's first key in brackets ("Next (→)"), following rebinds. */
    public static StringBinding tooltip(String what, KeyAction action) {
        return Bindings.createStringBinding(() -> what + " (" + action.keys().get(0).getDisplayText() + ")", REVISION);
    }
}
