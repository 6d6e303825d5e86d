package org.iommuscope.app.export;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.app.graph.Motion;
import org.iommuscope.app.timeline.Frame;

/**
 * The frames of an animation of steps {@code from} to {@code to}: the first step at rest, then for each next
 * step its motion (the canvas's step animation, {@link Motion#STEP_MS}, sampled {@code fps} times a second)
 * and the step at rest, held for {@code pauseMs} when it has a caption and {@code holdMs} when not. Every step
 * moves for the same time whether or not anything of it moves, so a scenario keeps its rhythm.
 *
 * @param fps the motion's frames per second
 */
public record AnimationPlan(int fps, double pauseMs, double holdMs) {
    public static final int MAX_FPS = 50;

    public AnimationPlan {
        if (fps < 1 || fps > MAX_FPS) {
            throw new IllegalArgumentException("frames per second must be between 1 and " + MAX_FPS + ", not " + fps);
        }
        if (!(pauseMs > 0 && holdMs > 0)) {
            throw new IllegalArgumentException("a pause or hold must be longer than 0 s");
        }
    }

    /**
     * One picture of the animation: step {@code step} (an index into the frames) either {@code atMs} into its
     * motion or, with {@code atMs} negative, at rest; shown for {@code durationMs}.
     */
    public record Shot(int step, double atMs, double durationMs) {
        public boolean atRest() {
            return atMs < 0;
        }
    }

    /** The pictures a step's motion takes: enough to cover {@link Motion#STEP_MS} at this rate. */
    public int motionShots() {
        return (int) Math.ceil(Motion.STEP_MS * fps / 1000.0 - 1e-9);
    }

    public List<Shot> shots(List<Frame> frames, int from, int to) {
        List<Shot> out = new ArrayList<>();
        out.add(rest(frames, from));
        double period = 1000.0 / fps;
        for (int k = from + 1; k <= to; k++) {
            for (int i = 0; i < motionShots(); i++) {
                out.add(new Shot(k, i * period, period));
            }
            out.add(rest(frames, k));
        }
        return out;
    }

    private Shot rest(List<Frame> frames, int k) {
        return new Shot(k, -1, frames.get(k).captioned() ? pauseMs : holdMs);
    }
}
