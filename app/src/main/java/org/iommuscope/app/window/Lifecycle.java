package org.iommuscope.app.window;

/**
 * A window's (or a window part's) time on screen, as Bisq 2's controllers have it: {@link #activate} wires
 * it to the world around it (a scene's key filter, a stage's listeners, timers), {@link #deactivate} takes
 * every one of those off again, so a window that is replaced or closed neither acts on keys nor stays
 * reachable. Listeners on its own parts need no undoing: they go with it.
 */
public interface Lifecycle {
    /** Starts acting on the world around it; the window is already in its scene. */
    void activate();

    /** Stops: removes everything {@link #activate} added and stops its timers. Harmless when not active. */
    void deactivate();
}
