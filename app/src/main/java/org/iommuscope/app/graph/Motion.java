package org.iommuscope.app.graph;

/**
 * How long the canvas's step animations last, in milliseconds: the window, the exported animation and the
 * interactive page all move to these. Plain numbers, so that exports written without JavaFX share them.
 */
public final class Motion {
    /** A group's domain edge travelling to its new hwpt (a replace). */
    public static final double MOVE_MS = 650;
    /** An object fading in when born, out when freed. */
    public static final double FADE_MS = 350;
    /** A DMA probe's path drawing itself from the device to where the DMA ended; its marker then fades in. */
    public static final double PROBE_MS = 900;
    /** One beat of a NOP replace's pulse on its hwpt; it beats out and back twice. */
    public static final double PULSE_BEAT_MS = 220;
    public static final int PULSE_BEATS = 4;

    /** Play's period at 1×: a step every 1.4 s; a presenter's Space runs through steps at twice that pace. */
    public static final double PLAY_PERIOD_MS = 1400;

    /** The longest a step moves for: a probe drawing its path, then its marker fading in. */
    public static final double STEP_MS = Math.max(MOVE_MS, Math.max(PROBE_MS + FADE_MS, PULSE_BEAT_MS * PULSE_BEATS));

    private Motion() {
    }
}
