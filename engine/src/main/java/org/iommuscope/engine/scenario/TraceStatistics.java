package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.Event;

/**
 * What a run did, op by op, in a few numbers: per op name, how many steps, how many failed, and the time they
 * took; and, when asked for, two compact per-step series for drawing a long trace's shape (which op each step
 * was, and how many bytes all IOASes held mapped after it), at 9 bytes a step. Fed one outcome at a time, so it
 * never holds the outcomes themselves.
 */
public final class TraceStatistics {
    /** The op column of a step that is a check or a caption. */
    public static final byte NOT_AN_OP = -1;

    /** One op name's totals. */
    public record OpTotals(String op, long steps, long failed, long nanos) {
    }

    private static final List<String> OPS = OpSignature.names();

    private final Map<String, long[]> byOp = new LinkedHashMap<>();
    private final boolean series;
    private byte[] ops = new byte[0];
    private long[] areaBytes = new long[0];
    private int steps;
    private long failed;
    private long nanos;
    private long bytesNow;

    private TraceStatistics(boolean series) {
        this.series = series;
    }

    /** Totals only. */
    public static TraceStatistics totals() {
        return new TraceStatistics(false);
    }

    /** Totals and the per-step series. */
    public static TraceStatistics withSeries() {
        return new TraceStatistics(true);
    }

    /** Counts one step that took {@code nanos} to run. */
    public void add(StepOutcome o, long nanos) {
        long[] t = byOp.computeIfAbsent(o.kind(), k -> new long[3]);
        t[0]++;
        t[2] += nanos;
        if (!o.passed()) {
            t[1]++;
            failed++;
        }
        this.nanos += nanos;
        if (o.engineStep() != null) {
            for (Event e : o.engineStep().result().events()) {
                if (e instanceof Event.AreaMapped m) {
                    bytesNow += m.last() - m.first() + 1;
                } else if (e instanceof Event.AreaUnmapped u) {
                    bytesNow -= u.last() - u.first() + 1;
                }
            }
        }
        if (series) {
            if (steps == ops.length) {
                int n = Math.max(1024, steps * 2);
                ops = Arrays.copyOf(ops, n);
                areaBytes = Arrays.copyOf(areaBytes, n);
            }
            int code = o.step().isOp() ? OPS.indexOf(o.kind()) : NOT_AN_OP;
            ops[steps] = (byte) code;
            areaBytes[steps] = bytesNow;
        }
        steps++;
    }

    public int steps() {
        return steps;
    }

    public long failed() {
        return failed;
    }

    /** The time all steps took to run, in nanoseconds. */
    public long nanos() {
        return nanos;
    }

    /** Per op name (and "check", "say"), in the order each first appeared. */
    public List<OpTotals> byOp() {
        List<OpTotals> out = new ArrayList<>();
        byOp.forEach((op, t) -> out.add(new OpTotals(op, t[0], t[1], t[2])));
        return Collections.unmodifiableList(out);
    }

    /**
     * Step i's op as its index in {@link OpSignature#names()}, or {@link #NOT_AN_OP}; empty unless made
     * {@link #withSeries()}.
     */
    public byte[] opSeries() {
        return Arrays.copyOf(ops, series ? steps : 0);
    }

    /** The bytes all IOASes held mapped after step i (the sum of their areas); empty unless made {@link #withSeries()}. */
    public long[] areaBytesSeries() {
        return Arrays.copyOf(areaBytes, series ? steps : 0);
    }
}
