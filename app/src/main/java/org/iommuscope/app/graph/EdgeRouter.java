package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.iommuscope.app.graph.GraphLayout.Box;
import org.iommuscope.app.graph.GraphLayout.Point;

/**
 * Orthogonal routes for the edges ELK did not lay out: those a what-if step adds after the layout was made
 * (an auto hwpt's edges, a group moving to it). Like ELK's, a route leaves its source on the right and enters
 * its target on the left; its one vertical run goes through a free column between the boxes (the gaps ELK
 * leaves between layers), chosen so that the route crosses as few boxes as it can. No box moves.
 */
final class EdgeRouter {
    /** How far a route runs level out of its source, or into its target, before it turns. */
    static final double STUB = 14;

    private EdgeRouter() {
    }

    /** The route from {@code a} to {@code b} around {@code boxes} (which may include a, b and the groups holding them). */
    static List<Point> route(Box a, Box b, Collection<Box> boxes) {
        List<Box> obstacles = new ArrayList<>();
        for (Box o : boxes) {
            if (!o.equals(a) && !o.equals(b) && !contains(o, a) && !contains(o, b)) {
                obstacles.add(o);
            }
        }
        double ax = a.x() + a.w();
        double ay = a.cy();
        double bx = b.x();
        double by = b.cy();
        if (bx - ax < 2 * STUB) {
            return around(a, b, obstacles);
        }
        if (ay == by && crossings(List.of(new Point(ax, ay), new Point(bx, by)), obstacles) == 0) {
            return List.of(new Point(ax, ay), new Point(bx, by));
        }
        List<Point> best = null;
        int fewest = Integer.MAX_VALUE;
        // Candidate columns, nearest the target first: each free gap's middle, and the two stubs.
        for (double x : columns(ax, bx, obstacles)) {
            List<Point> r = List.of(new Point(ax, ay), new Point(x, ay), new Point(x, by), new Point(bx, by));
            int c = crossings(r, obstacles);
            if (c < fewest) {
                fewest = c;
                best = r;
            }
        }
        return best;
    }

    /** The x of every free vertical gap between {@code from} and {@code to} (its middle), nearest {@code to} first. */
    private static List<Double> columns(double from, double to, List<Box> obstacles) {
        TreeSet<Double> xs = new TreeSet<>();
        double lo = from + STUB;
        double hi = to - STUB;
        // Sweep the boxes' x extents from left to right: what none covers is a gap.
        List<double[]> spans = new ArrayList<>();
        for (Box o : obstacles) {
            if (o.x() + o.w() > lo && o.x() < hi) {
                spans.add(new double[] {Math.max(lo, o.x()), Math.min(hi, o.x() + o.w())});
            }
        }
        spans.sort((p, q) -> Double.compare(p[0], q[0]));
        double at = lo;
        for (double[] s : spans) {
            if (s[0] > at) {
                xs.add(Math.rint((at + s[0]) / 2));
            }
            at = Math.max(at, s[1]);
        }
        if (hi > at) {
            xs.add(Math.rint((at + hi) / 2));
        }
        xs.add(hi);
        xs.add(lo);
        List<Double> out = new ArrayList<>(xs.descendingSet());
        return out;
    }

    /** A target left of (or level with) its source: out to the right, below both boxes, and in from the left. */
    private static List<Point> around(Box a, Box b, List<Box> obstacles) {
        double ax = a.x() + a.w();
        double bx = b.x();
        double below = Math.max(a.y() + a.h(), b.y() + b.h()) + STUB;
        for (Box o : obstacles) {
            if (o.x() < Math.max(ax, bx) + STUB && o.x() + o.w() > Math.min(ax, bx) - STUB && o.y() <= below && o.y() + o.h() >= below) {
                below = o.y() + o.h() + STUB;
            }
        }
        return List.of(new Point(ax, a.cy()), new Point(ax + STUB, a.cy()), new Point(ax + STUB, below), new Point(bx - STUB, below),
                new Point(bx - STUB, b.cy()), new Point(bx, b.cy()));
    }

    /** How many boxes the route's segments pass through. */
    static int crossings(List<Point> route, List<Box> obstacles) {
        int n = 0;
        for (Box o : obstacles) {
            for (int i = 1; i < route.size(); i++) {
                if (crosses(route.get(i - 1), route.get(i), o)) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** Whether an axis-parallel segment passes through the inside of a box. */
    private static boolean crosses(Point p, Point q, Box o) {
        double x1 = Math.min(p.x(), q.x());
        double x2 = Math.max(p.x(), q.x());
        double y1 = Math.min(p.y(), q.y());
        double y2 = Math.max(p.y(), q.y());
        return x1 < o.x() + o.w() && x2 > o.x() && y1 < o.y() + o.h() && y2 > o.y();
    }

    /** Whether {@code outer} holds {@code inner} (a group box its device). */
    private static boolean contains(Box outer, Box inner) {
        return inner.x() >= outer.x() && inner.y() >= outer.y() && inner.x() + inner.w() <= outer.x() + outer.w()
                && inner.y() + inner.h() <= outer.y() + outer.h() && inner.w() * inner.h() < outer.w() * outer.h();
    }
}
