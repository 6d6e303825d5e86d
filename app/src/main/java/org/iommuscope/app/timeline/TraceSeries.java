package org.iommuscope.app.timeline;

import java.util.Arrays;
import java.util.List;
import org.iommuscope.engine.Event;

/**
 * A trace's shape, one entry per frame, grown as frames arrive: whether the step mapped or unmapped (it had an
 * area mapped or unmapped), and the bytes all IOASes held mapped after it (as {@code TraceStatistics}'s
 * area-bytes series counts them, from the same events). 9 bytes a step.
 */
public final class TraceSeries {
    private byte[] mapUnmap = new byte[1024];
    private long[] fill = new long[1024];
    private int size;
    private long bytesNow;
    private long maxFill;

    /** Adds the frames after the ones already counted (frame 0, the machine at boot, holds nothing mapped). */
    public void addAll(List<Frame> frames) {
        for (int i = size; i < frames.size(); i++) {
            add(frames.get(i));
        }
    }

    private void add(Frame f) {
        if (size == fill.length) {
            mapUnmap = Arrays.copyOf(mapUnmap, size * 2);
            fill = Arrays.copyOf(fill, size * 2);
        }
        byte mu = 0;
        for (Event e : f.events()) {
            if (e instanceof Event.AreaMapped m) {
                bytesNow += m.last() - m.first() + 1;
                mu = 1;
            } else if (e instanceof Event.AreaUnmapped u) {
                bytesNow -= u.last() - u.first() + 1;
                mu = 1;
            }
        }
        mapUnmap[size] = mu;
        fill[size] = bytesNow;
        maxFill = Math.max(maxFill, bytesNow);
        size++;
    }

    /** Forgets every frame counted (the frames were replaced: a what-if step, a branch). */
    public void reset() {
        size = 0;
        bytesNow = 0;
        maxFill = 0;
    }

    public int size() {
        return size;
    }

    /** Whether frame {@code i}'s step mapped or unmapped. */
    public boolean mapsOrUnmaps(int i) {
        return mapUnmap[i] != 0;
    }

    /** The bytes mapped in all IOASes after frame {@code i}'s step. */
    public long fill(int i) {
        return fill[i];
    }

    public long maxFill() {
        return maxFill;
    }

    /** How many of frames {@code from..to} (inclusive) mapped or unmapped. */
    public int mapsOrUnmaps(int from, int to) {
        int n = 0;
        for (int i = from; i <= to; i++) {
            n += mapUnmap[i];
        }
        return n;
    }

    /** The largest fill over frames {@code from..to} (inclusive). */
    public long maxFill(int from, int to) {
        long m = 0;
        for (int i = from; i <= to; i++) {
            m = Math.max(m, fill[i]);
        }
        return m;
    }
}
