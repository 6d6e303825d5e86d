package org.iommuscope.app.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.State;
import org.iommuscope.engine.scenario.ScenarioRunner;

/**
 * The states of one long run's frames, without keeping one per step: the state after every
 * {@value #DEFAULT_INTERVAL}th step is kept (a checkpoint), any other is derived when asked for by applying the
 * steps' resolved ops again from the nearest state at or before it, as the run applied them
 * ({@code Kernel.apply(state, op, step)}, which is deterministic), and the most recently used
 * {@value #DEFAULT_CAPACITY} are kept: stepping one step forward or back costs one op, a jump at most
 * {@code interval - 1}.
 *
 * <p>Each step's persistent state shares most of its trees with its neighbour's, but a map still path-copies the
 * area tree, two page tables and the pinned-memory map: kept for every step, that was most of a long trace's heap.
 * What a step keeps here is its op (tens of bytes). Shared by the loader's thread (which adds the steps and projects
 * some of them) and the FX thread, hence synchronized.
 */
public final class FrameStates {
    public static final int DEFAULT_INTERVAL = 256;
    public static final int DEFAULT_CAPACITY = 256;
    private final int interval;
    private final int capacity;
    /** The number of the first step added: 0 for a whole run, the fork for a what-if branch run on from there. */
    private final int first;
    /** The state after step {@code k * interval}, at index k. */
    private final List<State> checkpoints = new ArrayList<>();
    /** Step number → the op the run applied, or null when the step left the state as it was (a check, a caption, an op not run). */
    private final List<Op> ops = new ArrayList<>();
    private final Map<Integer, State> recent;
    /**
     * A runner where the run was at some checkpoints (the same state, the handles then): a what-if click at a step
     * goes on from the nearest, replaying at most {@code interval - 1} steps instead of every step before it.
     */
    private final java.util.TreeMap<Integer, ScenarioRunner> runners = new java.util.TreeMap<>();
    /** Steps run again so far, to derive states. */
    private long rerun;

    public FrameStates() {
        this(DEFAULT_INTERVAL, DEFAULT_CAPACITY);
    }

    public FrameStates(int interval, int capacity) {
        this(0, interval, capacity);
    }

    /** The states of the steps from {@code first} on (the first added is the state after step {@code first}). */
    public FrameStates(int first, int interval, int capacity) {
        if (interval < 1 || capacity < 1 || first < 0) {
            throw new IllegalArgumentException("interval and capacity are at least 1, the first step at least 0: " + interval + ", "
                    + capacity + ", " + first);
        }
        this.interval = interval;
        this.capacity = capacity;
        this.first = first;
        this.recent = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, State> eldest) {
                return size() > FrameStates.this.capacity;
            }
        };
    }

    /**
     * Records step {@code number} (0 is the machine at boot, then each step in order): the op the run applied
     * ({@code null} when the state stayed as it was) and the state it left. Returns that state when it is a
     * checkpoint (the frame keeps it), else null; either way it is kept among the recent ones, so the loader's own
     * projection of the step just run derives nothing.
     */
    synchronized State add(int number, Op op, State after) {
        if (number != first + ops.size()) {
            throw new IllegalArgumentException("step " + number + " added after " + (first + ops.size()) + " steps");
        }
        ops.add(op);
        recent.put(number, after);
        if ((number - first) % interval == 0) {
            checkpoints.add(after);
            return after;
        }
        return null;
    }

    /** The state after step {@code number}: kept, recent, or derived from the nearest one before it. */
    synchronized State of(int number) {
        if (number < first || number >= first + ops.size()) {
            throw new IndexOutOfBoundsException("step " + number + " of " + first + ".." + (first + ops.size() - 1));
        }
        State s = recent.get(number);
        if (s != null) {
            return s;
        }
        int checkpoint = number - (number - first) % interval;
        if (number == checkpoint) {
            return checkpoints.get((number - first) / interval);
        }
        int from = number - 1;
        State start = null;
        for (; from > checkpoint && (start = recent.get(from)) == null; from--) {
            // walk back to the nearest state at hand
        }
        if (start == null) {
            start = checkpoints.get((checkpoint - first) / interval);
        }
        for (int k = from + 1; k <= number; k++) {
            start = apply(start, ops.get(k - first), k);
            recent.put(k, start);
            rerun++;
        }
        return start;
    }

    /** ScenarioRunner.step: an op applied as step {@code number}; anything else leaves the state as it was. */
    private static State apply(State before, Op op, int number) {
        return op == null ? before : Kernel.apply(before, op, number).after();
    }

    /** Keeps where the run's runner was after step {@code number}, a checkpoint (it must not go on: pass a copy). */
    synchronized void keepRunner(int number, ScenarioRunner atCheckpoint) {
        if (atCheckpoint.stepsRun() != number || (number - first) % interval != 0) {
            throw new IllegalArgumentException("a runner after " + atCheckpoint.stepsRun() + " steps kept as step " + number);
        }
        runners.put(number, atCheckpoint);
    }

    /**
     * A runner of this run that has run at most {@code number} steps, the nearest kept: a copy of its own (the kept
     * one never moves), or null when none is kept at or before it.
     */
    public synchronized ScenarioRunner runnerBefore(int number) {
        java.util.Map.Entry<Integer, ScenarioRunner> e = runners.floorEntry(number);
        return e == null ? null : e.getValue().copy();
    }

    /** How many steps have been run again to derive states. */
    synchronized long rerun() {
        return rerun;
    }

    /** The number past the last step added (the steps added, for a whole run). */
    public synchronized int steps() {
        return first + ops.size();
    }

    /** How many derived or recent states are kept now (the checkpoints aside). */
    public synchronized int recentSize() {
        return recent.size();
    }

    public int interval() {
        return interval;
    }

    public int capacity() {
        return capacity;
    }
}
