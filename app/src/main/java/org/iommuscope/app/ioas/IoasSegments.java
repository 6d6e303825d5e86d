package org.iommuscope.app.ioas;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.shape.Rectangle;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iopt.Area;

/**
 * The IOAS bar's ranges as drawn: each range with where it sits, and the hit test of the pointer (the area holding
 * the pointer's IOVA or its neighbour, from the area tree, then the few other ranges), so the bar needs no node per
 * range to answer a hover.
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

    /**
     * The area drawn under (x, y) on the lane at [laneY, laneY + laneH]: the one holding the pointer's IOVA, or the
     * nearest on either side (an area is drawn at least 2 px wide). Two lookups in the area tree, whatever its size.
     */
    static IoasModel.Range areaAt(AreaRanges areas, IovaWindow w, double width, double x, double y, double laneY, double laneH) {
        if (y < laneY || y > laneY + laneH) {
            return null;
        }
        long v = w.valueAt(x, width);
        Area floor = areas.floor(v);
        Area higher = areas.higher(v);
        Area[] nearestFirst = floor != null && Unsigned.ge(floor.last(), v) ? new Area[] {floor, higher} : new Area[] {higher, floor};
        double[] xs = new double[2];
        for (Area a : nearestFirst) {
            if (a != null && w.intersects(a.iova(), a.last())) {
                drawnX(a.iova(), a.last(), w, width, xs);
                if (x >= xs[0] && x <= xs[1]) {
                    return areas.range(a);
                }
            }
        }
        return null;
    }

    /** In the merged drawing: the area whose colour the pixel column under (x, y) shows (its first area), or null. */
    static IoasModel.Range areaInColumn(AreaRanges areas, IovaWindow w, double width, double x, double y, double laneY, double laneH) {
        if (y < laneY || y > laneY + laneH || x < 0) {
            return null;
        }
        Area a = areas.firstInColumn(new PixelColumns(w, width), (int) Math.floor(x));
        return a == null ? null : areas.range(a);
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
        double[] xs = new double[2];
        drawnX(s.first, s.last, w, width, xs);
        return xs;
    }

    /** Where [first, last] is drawn, into {@code xs}: clipped a little past the track, at least IoasBar.MIN_SEGMENT_PX wide. */
    static void drawnX(long first, long last, IovaWindow w, double width, double[] xs) {
        double x1 = Math.max(w.x(first, width), -IoasBar.BAND_PAD);
        double x2 = Math.min(w.endX(last, width), width + IoasBar.BAND_PAD);
        if (x2 - x1 < IoasBar.MIN_SEGMENT_PX) {
            double mid = Math.min(Math.max((x1 + x2) / 2, IoasBar.MIN_SEGMENT_PX / 2), width - IoasBar.MIN_SEGMENT_PX / 2);
            x1 = mid - IoasBar.MIN_SEGMENT_PX / 2;
            x2 = mid + IoasBar.MIN_SEGMENT_PX / 2;
        }
        xs[0] = x1;
        xs[1] = x2;
    }
}
