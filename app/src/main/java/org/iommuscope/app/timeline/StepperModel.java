package org.iommuscope.app.timeline;

import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.util.Duration;

/**
 * Where the presenter is in a scenario: the frames, the current index, play/pause and speed. The log,
 * the slider and the canvas all follow {@link #index()}, so they are always in lock-step. Stepping back
 * is showing an older frame: every frame holds its own immutable snapshot.
 */
public final class StepperModel {
    public static final double[] SPEEDS = {0.25, 0.5, 1, 2, 4};
    private static final Duration BASE_PERIOD = Duration.millis(org.iommuscope.app.graph.Motion.PLAY_PERIOD_MS);

    private List<Frame> frames;
    /**
     * Counts replacements of the frames (a what-if step appended, a fork, an undo, a branch switch). A counter,
     * not the list: a list property compares old and new with equals, deep into every snapshot.
     */
    private final javafx.beans.property.ReadOnlyIntegerWrapper revision = new javafx.beans.property.ReadOnlyIntegerWrapper();
    private int kept;
    /** Counts frames appended at the end (a long trace still running): the frames before them stay as they were. */
    private final javafx.beans.property.ReadOnlyIntegerWrapper appended = new javafx.beans.property.ReadOnlyIntegerWrapper();
    private final IntegerProperty index = new SimpleIntegerProperty(0);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(1);
    private final Timeline player = new Timeline();
    /** Whether the last index change was a forward step by one (the canvas animates only those). */
    private boolean lastWasStepForward;
    /** Steps towards a presenter's next stop, one animated step at a time; -1 when not running. */
    private final Timeline runner = new Timeline();
    private int runTarget = -1;
    private boolean running;

    public StepperModel(List<Frame> frames) {
        this.frames = List.copyOf(frames);
        player.setCycleCount(Timeline.INDEFINITE);
        speed.addListener((o, a, b) -> rebuildPlayer());
        rebuildPlayer();
        playing.addListener((o, was, now) -> {
            if (now) {
                if (index.get() == last()) {
                    jump(0);
                }
                player.play();
            } else {
                player.stop();
            }
        });
    }

    private void rebuildPlayer() {
        boolean running = player.getStatus() == javafx.animation.Animation.Status.RUNNING;
        player.stop();
        player.getKeyFrames().setAll(new KeyFrame(BASE_PERIOD.divide(speed.get()), e -> {
            if (index.get() >= last()) {
                playing.set(false);
            } else {
                next();
            }
        }));
        if (running) {
            player.play();
        }
    }

    public List<Frame> frames() {
        return java.util.Collections.unmodifiableList(frames);
    }

    public Frame current() {
        return frames.get(Math.min(index.get(), last()));
    }

    public ReadOnlyIntegerProperty revision() {
        return revision.getReadOnlyProperty();
    }

    /**
     * How many first frames the last {@link #setFrames} kept (the same objects as before it): what they show is on
     * the canvas already, so only the frames after them can bring an object or link to place.
     */
    public int kept() {
        return kept;
    }

    /**
     * Shows another list of frames (a step was appended, a branch forked or switched, a step undone) at frame
     * {@code at}: listeners of the frames hear first, then the index moves; moving on by one animates.
     */
    public void setFrames(List<Frame> newFrames, int at) {
        int from = index.get();
        int same = 0;
        for (int n = Math.min(frames.size(), newFrames.size()); same < n && frames.get(same) == newFrames.get(same); same++) {
            // the frames a what-if change kept (those of the steps before its fork)
        }
        kept = same;
        frames = List.copyOf(newFrames);
        int clamped = Math.max(0, Math.min(last(), at));
        lastWasStepForward = clamped == from + 1;
        revision.set(revision.get() + 1);
        index.set(clamped);
    }

    /**
     * Adds frames at the end (the next chunk of a long trace as it runs), the index staying where it is: the
     * log, the tick bar and the slider grow; nothing shown changes.
     */
    public void append(List<Frame> more) {
        if (more.isEmpty()) {
            return;
        }
        if (!(frames instanceof java.util.ArrayList)) {
            frames = new java.util.ArrayList<>(frames);
        }
        frames.addAll(more);
        appended.set(appended.get() + 1);
    }

    /** Bumped after every {@link #append}. */
    public ReadOnlyIntegerProperty appended() {
        return appended.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty index() {
        return index;
    }

    public BooleanProperty playing() {
        return playing;
    }

    public DoubleProperty speed() {
        return speed;
    }

    public int last() {
        return frames.size() - 1;
    }

    public boolean lastWasStepForward() {
        return lastWasStepForward;
    }

    public void jump(int i) {
        if (!running) {
            // Any other move (a key, the slider, a click in the log) ends a run towards a stop.
            stopRun();
        }
        int clamped = Math.max(0, Math.min(last(), i));
        lastWasStepForward = clamped == index.get() + 1;
        index.set(clamped);
    }

    public void next() {
        jump(index.get() + 1);
    }

    public void back() {
        jump(index.get() - 1);
    }

    public void first() {
        jump(0);
    }

    public void end() {
        jump(last());
    }

    /** The next frame with a caption (a presenter's stop), or the last frame. */
    public void nextCaptioned() {
        for (int i = index.get() + 1; i <= last(); i++) {
            if (frames.get(i).captioned()) {
                jump(i);
                return;
            }
        }
        jump(last());
    }

    /**
     * A presenter's Space: plays forward to the next captioned frame one step at a time, so every
     * intermediate step's animation runs; pressed again while it runs, it arrives at once.
     */
    public void playToNextCaptioned() {
        if (runTarget >= 0) {
            int target = runTarget;
            stopRun();
            jump(target);
            return;
        }
        int target = last();
        for (int i = index.get() + 1; i <= last(); i++) {
            if (frames.get(i).captioned()) {
                target = i;
                break;
            }
        }
        if (target <= index.get() + 1) {
            jump(target);
            return;
        }
        runTarget = target;
        // Half the play period: long enough for an edge to travel (650 ms at 1x), short enough for a talk.
        runner.getKeyFrames().setAll(new KeyFrame(BASE_PERIOD.divide(2 * speed.get()), e -> advanceRun()));
        runner.setCycleCount(Timeline.INDEFINITE);
        advanceRun();
        runner.play();
    }

    private void advanceRun() {
        running = true;
        try {
            next();
        } finally {
            running = false;
        }
        if (index.get() >= runTarget) {
            stopRun();
        }
    }

    private void stopRun() {
        runner.stop();
        runTarget = -1;
    }

    /** Stops playing and any run towards a stop: the window is going off screen. */
    public void stop() {
        playing.set(false);
        player.stop();
        stopRun();
    }

    /** True while {@link #playToNextCaptioned()} is still on its way. */
    public boolean runningToStop() {
        return runTarget >= 0;
    }

    public void previousCaptioned() {
        for (int i = index.get() - 1; i >= 0; i--) {
            if (frames.get(i).captioned()) {
                jump(i);
                return;
            }
        }
        jump(0);
    }

    public void faster() {
        speed.set(step(+1));
    }

    public void slower() {
        speed.set(step(-1));
    }

    private double step(int dir) {
        int at = 2;
        for (int i = 0; i < SPEEDS.length; i++) {
            if (SPEEDS[i] == speed.get()) {
                at = i;
            }
        }
        return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + dir))];
    }

    /** "Step 7 / 23 — attach idev1 → hwpt 5: ok". */
    public String status() {
        return "Step " + index.get() + " / " + last() + " — " + current().summary();
    }
}
