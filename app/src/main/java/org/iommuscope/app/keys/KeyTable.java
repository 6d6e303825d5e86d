package org.iommuscope.app.keys;

import java.util.EnumMap;
import java.util.Map;
import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.input.KeyEvent;
import javafx.util.Subscription;

/**
 * What each {@link KeyAction} does in one window, dispatched from a scene's event filter (so a focused
 * table or slider does not eat the arrows). {@link #install} returns the subscription that takes the filter
 * off again: a window that is no longer shown must not act on keys (JavaFX runs every filter of a scene,
 * even after one consumed the event).
 */
public final class KeyTable {
    private final Map<KeyAction, Runnable> actions = new EnumMap<>(KeyAction.class);

    public KeyTable put(KeyAction action, Runnable run) {
        actions.put(action, run);
        return this;
    }

    public KeyTable putAll(Map<KeyAction, Runnable> more) {
        actions.putAll(more);
        return this;
    }

    /** Whether the table has something for the action. */
    public boolean has(KeyAction action) {
        return actions.containsKey(action);
    }

    /** Dispatches key presses on {@code scene} to the first action whose keys match, until unsubscribed. */
    public Subscription install(Scene scene) {
        EventHandler<KeyEvent> filter = e -> {
            for (Map.Entry<KeyAction, Runnable> a : actions.entrySet()) {
                if (a.getKey().matches(e)) {
                    a.getValue().run();
                    e.consume();
                    return;
                }
            }
        };
        scene.addEventFilter(KeyEvent.KEY_PRESSED, filter);
        return () -> scene.removeEventFilter(KeyEvent.KEY_PRESSED, filter);
    }
}
