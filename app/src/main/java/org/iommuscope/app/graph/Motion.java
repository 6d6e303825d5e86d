package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.FadeTransition;
import javafx.animation.ScaleTransition;
import javafx.scene.Node;
import javafx.util.Duration;

/**
 * The canvas's motion between two steps. How long each kind lasts, in milliseconds, from one place: the window,
 * the exported animation and the interactive page all move to these (plain numbers, so that exports written
 * without JavaFX share them). How a box comes (fades in), goes (fades out) and says "nothing changed" (a replace
 * to the same hwpt pulses). And the clock a canvas's step animations run on: real time in the window, or, when
 * {@linkplain #setScrubbed scrubbed}, held at their start and set to any moment by {@link #seek}, so that an
 * exported animation draws its frames at any rate. One per canvas.
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

    static final Duration MOVE = Duration.millis(MOVE_MS);
    static final Duration FADE = Duration.millis(FADE_MS);
    static final Duration PROBE = Duration.millis(PROBE_MS);

    /** Non-null while the step's animations wait to be moved by {@link #seek} instead of running in real time. */
    private List<Animation> held;

    Motion() {
    }

    void fadeIn(Node r) {
        r.setOpacity(0);
        r.setVisible(true);
        FadeTransition ft = new FadeTransition(FADE, r);
        ft.setToValue(1);
        start(ft);
    }

    void fadeOut(Node r) {
        FadeTransition ft = new FadeTransition(FADE, r);
        ft.setToValue(0);
        ft.setOnFinished(e -> r.setVisible(false));
        start(ft);
    }

    void pulse(Node r) {
        ScaleTransition st = new ScaleTransition(Duration.millis(PULSE_BEAT_MS), r);
        st.setToX(1.12);
        st.setToY(1.12);
        st.setAutoReverse(true);
        st.setCycleCount(PULSE_BEATS);
        start(st);
    }

    /** Plays an animation of the step shown, or, when scrubbed, holds it at its start for {@link #seek}. */
    void start(Animation a) {
        a.play();
        if (held != null) {
            // Paused rather than stopped: only an animation that has started interpolates when it is moved.
            a.pause();
            held.add(a);
        }
    }

    /** Another step is shown: what the last one held is no longer moved by {@link #seek}. */
    void nextStep() {
        if (held != null) {
            held.clear();
        }
    }

    /**
     * On: the animations a step starts no longer run in real time; {@link #seek} sets them to a moment. Off: they
     * play as in the window.
     */
    void setScrubbed(boolean on) {
        held = on ? new ArrayList<>() : null;
    }

    /** Sets every animation of the step shown to {@code ms} after its start (each stops at its own end). */
    void seek(double ms) {
        if (held == null) {
            throw new IllegalStateException("seek needs setScrubbed(true)");
        }
        for (Animation a : held) {
            a.jumpTo(Duration.millis(Math.min(ms, a.getTotalDuration().toMillis())));
        }
    }
}
