package org.iommuscope.app.ioas;

import org.iommuscope.engine.hw.Unsigned;

/**
 * The pixel columns of a track showing an IOVA window: the column a byte falls in, and the first byte of a column.
 * A byte's column never decreases as the byte grows (the window's x is monotone), so the first byte of a column is
 * found by bisection and a walk can jump from one column to the next.
 */
final class PixelColumns {
    private final IovaWindow window;
    private final double width;
    private final int count;

    PixelColumns(IovaWindow window, double width) {
        this.window = window;
        this.width = width;
        this.count = Math.max(1, (int) Math.ceil(width));
    }

    IovaWindow window() {
        return window;
    }

    /** The column of byte {@code v} of the window: 0 to the last column. */
    int of(long v) {
        double x = Math.floor(window.x(v, width));
        return (int) Math.min(Math.max(x, 0), count - 1);
    }

    /** The column of the window's last byte: the rightmost the window reaches. */
    int last() {
        return of(window.last());
    }

    /** The first byte of the window whose column is {@code c} or later; {@code c} is at most {@link #last()}. */
    long firstIn(int c) {
        long lo = window.lo();
        long hi = window.last();
        while (lo != hi) {
            long mid = lo + ((hi - lo) >>> 1);
            if (of(mid) >= c) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The column of the part of [first, last] in the window, from its first byte (first = true) or its last. */
    int ofClipped(long first, long last, boolean fromFirst) {
        return fromFirst ? of(Unsigned.max(first, window.lo())) : of(Unsigned.min(last, window.last()));
    }
}
