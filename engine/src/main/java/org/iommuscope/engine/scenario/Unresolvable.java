package org.iommuscope.engine.scenario;

/**
 * A step that cannot be resolved against the run: a handle that was never bound (the op that would bind it
 * failed), an object that is gone, or (only in a scenario built in code) a missing argument.
 */
final class Unresolvable extends Exception {
    private static final long serialVersionUID = 1L;

    Unresolvable(String message) {
        super(message, null, false, false);
    }
}
