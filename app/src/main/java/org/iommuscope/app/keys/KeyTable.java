package org.iommuscope.app.keys;

import org.iommuscope.app.settings.Preferences;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.input.KeyEvent;
import org.iommuscope.app.timeline.StepperModel;

/**
 * What each {@link KeyAction} does in one window, dispatched from a scene's event filter (so a focused
 * table or slider does not eat the arrows). Every window that steps starts from the same stepping keys.
 */
public final class KeyTable {
    private final Map<KeyAction, Runnable> actions = new EnumMap<>(KeyAction.class);

    /** The stepping keys every stepping window shares: next/back, first/last, stop to stop, play, speed. */
    public static KeyTable stepping(StepperModel stepper) {
        KeyTable t = new KeyTable();
        t.put(KeyAction.NEXT, stepper::next);
        t.put(KeyAction.BACK, stepper::back);
        t.put(KeyAction.FIRST, stepper::first);
        t.put(KeyAction.LAST, stepper::end);
        // The steps between two stops play their animations, unless the user asked for reduced motion.
        t.put(KeyAction.NEXT_CAPTION, () -> {
            if (Preferences.reducedMotion()) {
                stepper.nextCaptioned();
            } else {
                stepper.playToNextCaptioned();
            }
        });
        t.put(KeyAction.PREVIOUS_CAPTION, stepper::previousCaptioned);
        t.put(KeyAction.PLAY, () -> stepper.playing().set(!stepper.playing().get()));
        t.put(KeyAction.SLOWER, stepper::slower);
        t.put(KeyAction.FASTER, stepper::faster);
        return t;
    }

    public KeyTable put(KeyAction action, Runnable run) {
        actions.put(action, run);
        return this;
    }

    public KeyTable putAll(Map<KeyAction, Runnable> more) {
        actions.putAll(more);
        return this;
    }

    /** Dispatches key presses on {@code scene} to the first action whose keys match. */
    public void install(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            for (Map.Entry<KeyAction, Runnable> a : actions.entrySet()) {
                if (a.getKey().matches(e)) {
                    a.getValue().run();
                    e.consume();
                    return;
                }
            }
        });
    }
}
