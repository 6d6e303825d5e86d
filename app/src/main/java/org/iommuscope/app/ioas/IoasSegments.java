package org.iommuscope.app.ioas;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.shape.Rectangle;

/**
 * The IOAS bar's ranges as drawn: each range with where it sits, and the hit test of the pointer (a binary search
 * over the areas by first IOVA, then the few other ranges), so the bar needs no node per range to answer a hover.
 */
final class IoasSegments {
    private IoasSegments() {
    }

    /** The style classes and lane of a range: ranges of one look share a path when merged. */
    record Look(List<String> classes, double y, double h) {
    }

    /**
     * One drawn range: what it is, where it sits vertically, and its node and in-lane label while it has them
     * (made when it is drawn as a box, dropped when a long bar's window moves away from it).
     */
    static final class Segment {
        final IoasModel.Range range;
        final long first;
        final long last;
        final double y;
        final double h;
        /** The style classes and lane: ranges of one look share a path when merged. */
        final Look look;
        Rectangle shape;
        Label label;

        Segment(IoasModel.Range range, double y, double h) {
            this.range = range;
            this.first = range.first();
            this.last = range.last();
            this.y = y;
            this.h = h;
            this.look = new Look(range.classes(), y, h);
        }

        /** The label's texts, longest first (made when first asked for). */
        List<String> texts() {
            return range.texts();
        }

        boolean isArea() {
            return range.classes().contains("area");
        }
    }

    /** The area drawn under (x, y): the first whose last IOVA is at or past the pointer's, or its left neighbour (2 px minimum). */
    static Segment areaAt(Segment[] areasByFirst, IovaWindow w, double width, double x, double y) {
        long v = w.valueAt(x, width);
        int lo = 0;
        int hi = areasByFirst.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(areasByFirst[mid].last, v) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i >= Math.max(0, lo - 1); i--) {
            if (i < areasByFirst.length && covers(areasByFirst[i], w, width, x, y)) {
                return areasByFirst[i];
            }
        }
        return null;
    }

    static boolean covers(Segment s, IovaWindow w, double width, double x, double y) {
        if (y < s.y || y > s.y + s.h || !w.intersects(s.first, s.last)) {
            return false;
        }
        double[] xs = drawnX(s, w, width);
        return x >= xs[0] && x <= xs[1];
    }

    /** Where a segment in the window is drawn: [x1, x2], clipped a little past the track, at least IoasBar.MIN_SEGMENT_PX wide. */
    static double[] drawnX(Segment s, IovaWindow w, double width) {
        double x1 = Math.max(w.x(s.first, width), -IoasBar.BAND_PAD);
        double x2 = Math.min(w.endX(s.last, width), width + IoasBar.BAND_PAD);
        if (x2 - x1 < IoasBar.MIN_SEGMENT_PX) {
            double mid = Math.min(Math.max((x1 + x2) / 2, IoasBar.MIN_SEGMENT_PX / 2), width - IoasBar.MIN_SEGMENT_PX / 2);
            x1 = mid - IoasBar.MIN_SEGMENT_PX / 2;
            x2 = mid + IoasBar.MIN_SEGMENT_PX / 2;
        }
        return new double[] {x1, x2};
    }
}
