package org.iommuscope.app.ioas;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.iommuscope.engine.hw.Unsigned;

/**
 * The visible slice [lo, last] (inclusive, unsigned 64-bit) of the IOVA space, and the map between an
 * IOVA and a screen x. Immutable. Every address is an unsigned long: [0, 2^64 - 1] spans the whole
 * space, so the span itself (up to 2^64) is a {@link BigInteger}. Screen positions are doubles, computed
 * from the exact unsigned offset to {@code lo}, so a window one page wide at the top of the space is
 * still exact.
 */
public record IovaWindow(long lo, long last) {

    /** 2^64: the size of the whole IOVA space. */
    public static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    /** The narrowest window: one page. */
    public static final long MIN_SPAN = 4096;
    /** [0, 2^64 - 1]. */
    public static final IovaWindow FULL = new IovaWindow(0, Unsigned.MAX);

    private static final double TWO_64_D = 18446744073709551616.0;
    private static final MathContext MC = MathContext.DECIMAL128;

    public IovaWindow {
        if (Unsigned.gt(lo, last)) {
            throw new IllegalArgumentException("empty window [" + Unsigned.hex(lo) + ", " + Unsigned.hex(last) + "]");
        }
    }

    /** The window starting at {@code lo} that is {@code span} bytes wide; both clamped into the IOVA space. */
    public static IovaWindow of(BigInteger lo, BigInteger span) {
        BigInteger s = span.max(BigInteger.valueOf(MIN_SPAN)).min(TWO_64);
        BigInteger l = lo.max(BigInteger.ZERO).min(TWO_64.subtract(s));
        return new IovaWindow(l.longValue(), l.add(s).subtract(BigInteger.ONE).longValue());
    }

    /** [first, last] with {@code padFraction} of its length added on each side (at least a page), clamped. */
    public static IovaWindow around(long first, long last, double padFraction) {
        BigInteger f = unsigned(Unsigned.min(first, last));
        BigInteger l = unsigned(Unsigned.max(first, last));
        BigInteger len = l.subtract(f).add(BigInteger.ONE);
        BigInteger pad = new BigDecimal(len).multiply(BigDecimal.valueOf(padFraction), MC).toBigInteger()
                .max(BigInteger.valueOf(MIN_SPAN));
        BigInteger span = len.add(pad.shiftLeft(1));
        if (span.compareTo(TWO_64) >= 0) {
            return FULL;
        }
        // When one side hits the edge of the space, the window slides instead of shrinking.
        return of(f.subtract(pad), span);
    }

    /**
     * This window widened to round hex boundaries: lo and last + 1 become multiples of the largest power of
     * two not above a sixteenth of the span, so the axis ends read like 0x100000000 rather than 0x11343d709.
     */
    public IovaWindow roundedOut() {
        BigInteger span = span();
        BigInteger per = span.shiftRight(4);
        if (per.signum() == 0) {
            return this;
        }
        BigInteger step = BigInteger.ONE.shiftLeft(per.bitLength() - 1);
        BigInteger l = unsigned(lo).divide(step).multiply(step);
        BigInteger end = unsigned(last).add(BigInteger.ONE).add(step).subtract(BigInteger.ONE).divide(step).multiply(step);
        return of(l, end.subtract(l));
    }

    /** The value of an unsigned long as a BigInteger in [0, 2^64). */
    public static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v >= 0 ? b : b.add(TWO_64);
    }

    /** The value of an unsigned long as a double (rounded to the nearest double, so 2^64 - 1 becomes 2^64). */
    public static double toDouble(long v) {
        return (v >>> 1) * 2.0 + (v & 1);
    }

    /** The number of bytes visible: last - lo + 1, up to 2^64. */
    public BigInteger span() {
        return unsigned(last).subtract(unsigned(lo)).add(BigInteger.ONE);
    }

    public double spanDouble() {
        return last - lo == Unsigned.MAX ? TWO_64_D : toDouble(last - lo) + 1.0;
    }

    public boolean isFull() {
        return lo == 0 && last == Unsigned.MAX;
    }

    public boolean intersects(long first, long lastIova) {
        return Unsigned.intersects(first, lastIova, lo, last);
    }

    /** Exactly [a, b] in either order, widened about its middle to one page if narrower. */
    public static IovaWindow exactly(long a, long b) {
        long first = Unsigned.min(a, b);
        BigInteger f = unsigned(first);
        BigInteger len = IovaText.length(first, Unsigned.max(a, b));
        BigInteger span = len.max(BigInteger.valueOf(MIN_SPAN));
        return of(f.subtract(span.subtract(len).shiftRight(1)), span);
    }

    /** The unsigned offset of {@code v} from {@code lo}, negative when v lies below the window. */
    private double offset(long v) {
        return Unsigned.ge(v, lo) ? toDouble(v - lo) : -toDouble(lo - v);
    }

    /** The x of the left edge of byte {@code v} on a track {@code width} pixels wide. */
    public double x(long v, double width) {
        return offset(v) / spanDouble() * width;
    }

    /** The x just past byte {@code v}: the right edge of a range whose last byte is v (exact even for 2^64 - 1). */
    public double endX(long v, double width) {
        return (offset(v) + 1.0) / spanDouble() * width;
    }

    /** The byte under screen position x, clamped to the window. */
    public long valueAt(double x, double width) {
        if (!(width > 0) || !(x > 0)) {
            return lo;
        }
        if (x >= width) {
            return last;
        }
        BigInteger off = new BigDecimal(span()).multiply(BigDecimal.valueOf(x / width), MC)
                .setScale(0, RoundingMode.FLOOR).toBigInteger();
        BigInteger v = unsigned(lo).add(off).min(unsigned(last));
        return v.longValue();
    }

    /**
     * This window zoomed by {@code factor} (above 1 zooms in) keeping the byte at {@code anchorFraction} of
     * the width (0 = left edge, 1 = right edge) under the same screen position. Clamped to [one page, 2^64].
     */
    public IovaWindow zoom(double factor, double anchorFraction) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            return this;
        }
        double f = Math.max(0, Math.min(1, anchorFraction));
        BigDecimal span = new BigDecimal(span());
        BigDecimal newSpan = span.divide(BigDecimal.valueOf(factor), MC);
        BigInteger ns = newSpan.setScale(0, RoundingMode.HALF_UP).toBigInteger()
                .max(BigInteger.valueOf(MIN_SPAN)).min(TWO_64);
        BigDecimal anchor = new BigDecimal(unsigned(lo)).add(span.multiply(BigDecimal.valueOf(f), MC), MC);
        BigInteger newLo = anchor.subtract(new BigDecimal(ns).multiply(BigDecimal.valueOf(f), MC), MC)
                .setScale(0, RoundingMode.HALF_UP).toBigInteger();
        return of(newLo, ns);
    }

    /** This window moved by {@code fraction} of its own width (positive moves towards higher IOVAs). */
    public IovaWindow pan(double fraction) {
        BigInteger span = span();
        BigInteger shift = new BigDecimal(span).multiply(BigDecimal.valueOf(fraction), MC)
                .setScale(0, RoundingMode.HALF_UP).toBigInteger();
        return of(unsigned(lo).add(shift), span);
    }

    @Override
    public String toString() {
        return "[" + Unsigned.hex(lo) + ", " + Unsigned.hex(last) + "]";
    }
}
