package org.iommuscope.app.timeline;

import java.util.LinkedHashMap;
import java.util.Map;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.GraphProjection;

/**
 * The pictures of one run's frames, projected when asked for and kept for the most recently used
 * {@value #DEFAULT_CAPACITY} frames: stepping back and forth around a step costs nothing, and a long trace
 * holds a few hundred pictures, not one per step. Projecting one is well under a millisecond for a trace's
 * handful of objects. Shared by the loader's thread (which projects the steps that may bring a new object) and
 * the FX thread, hence synchronized.
 */
public final class FrameGraphs {
    public static final int DEFAULT_CAPACITY = 256;
    private final int capacity;
    private final Map<Frame, GraphModel> recent;

    public FrameGraphs() {
        this(DEFAULT_CAPACITY);
    }

    public FrameGraphs(int capacity) {
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Frame, GraphModel> eldest) {
                return size() > FrameGraphs.this.capacity;
            }
        };
    }

    /** The frame's picture: its state projected with the handles its boxes show at that step. */
    synchronized GraphModel of(Frame f) {
        GraphModel g = recent.get(f);
        if (g == null) {
            g = f.boxNames() == null ? GraphProjection.of(f.state()) : GraphProjection.of(f.state(), f.boxNames());
            recent.put(f, g);
        }
        return g;
    }

    /** How many pictures are kept now. */
    public synchronized int size() {
        return recent.size();
    }

    public int capacity() {
        return capacity;
    }
}
