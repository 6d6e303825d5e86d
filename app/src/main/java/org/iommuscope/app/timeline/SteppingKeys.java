package org.iommuscope.app.timeline;

import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.keys.KeyTable;
import org.iommuscope.app.settings.Preferences;

/** The stepping keys every stepping window shares: next/back, first/last, stop to stop, play, speed. */
public final class SteppingKeys {
    private SteppingKeys() {
    }

    public static KeyTable of(StepperModel stepper) {
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
}
