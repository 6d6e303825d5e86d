package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.Transition;
import javafx.scene.Group;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.util.Duration;
import org.iommuscope.app.graph.GraphLayout.Point;

/**
 * An edge drawn along its laid-out route, with an arrowhead. When its target changes it can travel: the
 * old route morphs into the new one point by point (both resampled by arc length), nodes staying put.
 */
final class EdgeShape extends Group {
    private static final int SAMPLES = 48;
    private final Polyline line = new Polyline();
    private final Polygon head = new Polygon();
    private List<Point> route = List.of();
    private Transition travel;
    String target;
    String from;

    EdgeShape(String id) {
        setId(id);
        getStyleClass().add("edge");
        line.getStyleClass().add("edge-line");
        head.getStyleClass().add("edge-head");
        line.setFill(null);
        // Routes at rest are orthogonal: without antialiasing they are just as crisp, and the software
        // pipeline rasterises them several times faster (the bulk of a frame's painting was edges).
        line.setSmooth(false);
        getChildren().addAll(line, head);
        setMouseTransparent(true);
    }

    void draw(List<Point> pts) {
        if (travel != null) {
            travel.stop();
            travel = null;
            line.setSmooth(false);
        }
        route = pts;
        render(pts);
    }

    /** Morph from the current route to a new one over {@code duration}, then run {@code done}. */
    void travelTo(List<Point> to, Duration duration, Runnable done) {
        List<Point> a = resample(route.isEmpty() ? to : route);
        List<Point> b = resample(to);
        if (travel != null) {
            travel.stop();
        }
        route = to;
        travel = new Transition() {
            {
                setCycleDuration(duration);
            }

            @Override
            protected void interpolate(double t) {
                List<Point> mid = new ArrayList<>(SAMPLES);
                for (int i = 0; i < SAMPLES; i++) {
                    mid.add(new Point(a.get(i).x() + (b.get(i).x() - a.get(i).x()) * t, a.get(i).y() + (b.get(i).y() - a.get(i).y()) * t));
                }
                render(t >= 1 ? to : mid);
            }
        };
        // In flight the route is diagonal and needs antialiasing; at rest it is orthogonal again.
        line.setSmooth(true);
        travel.setOnFinished(e -> {
            line.setSmooth(false);
            done.run();
        });
        travel.play();
    }

    /** The rectangle the edge sweeps moving from where it is drawn now to {@code to}. */
    javafx.geometry.Bounds routeBounds(List<Point> to) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (List<Point> pts : List.of(route, to)) {
            for (Point p : pts) {
                x0 = Math.min(x0, p.x());
                y0 = Math.min(y0, p.y());
                x1 = Math.max(x1, p.x());
                y1 = Math.max(y1, p.y());
            }
        }
        return x0 > x1 ? new javafx.geometry.BoundingBox(0, 0, 0, 0) : new javafx.geometry.BoundingBox(x0, y0, x1 - x0, y1 - y0);
    }

    boolean travelling() {
        return travel != null && travel.getStatus() == javafx.animation.Animation.Status.RUNNING;
    }

    private void render(List<Point> pts) {
        List<Double> flat = new ArrayList<>(pts.size() * 2);
        for (Point p : pts) {
            flat.add(p.x());
            flat.add(p.y());
        }
        line.getPoints().setAll(flat);
        if (pts.size() >= 2) {
            Point end = pts.get(pts.size() - 1);
            Point prev = pts.get(pts.size() - 2);
            double ang = Math.atan2(end.y() - prev.y(), end.x() - prev.x());
            double len = 10;
            double w = 5;
            double bx = end.x() - len * Math.cos(ang);
            double by = end.y() - len * Math.sin(ang);
            head.getPoints().setAll(end.x(), end.y(),
                    bx + w * Math.sin(ang), by - w * Math.cos(ang),
                    bx - w * Math.sin(ang), by + w * Math.cos(ang));
        }
    }

    /** The polyline resampled to SAMPLES points evenly spaced along its length. */
    static List<Point> resample(List<Point> pts) {
        List<Point> out = new ArrayList<>(SAMPLES);
        if (pts.size() == 1) {
            for (int i = 0; i < SAMPLES; i++) {
                out.add(pts.get(0));
            }
            return out;
        }
        double total = 0;
        double[] seg = new double[pts.size() - 1];
        for (int i = 0; i < seg.length; i++) {
            seg[i] = Math.hypot(pts.get(i + 1).x() - pts.get(i).x(), pts.get(i + 1).y() - pts.get(i).y());
            total += seg[i];
        }
        int s = 0;
        double walked = 0;
        for (int k = 0; k < SAMPLES; k++) {
            double want = total * k / (SAMPLES - 1);
            while (s < seg.length - 1 && walked + seg[s] < want) {
                walked += seg[s++];
            }
            double f = seg[s] == 0 ? 0 : Math.min(1, (want - walked) / seg[s]);
            Point p = pts.get(s);
            Point q = pts.get(s + 1);
            out.add(new Point(p.x() + (q.x() - p.x()) * f, p.y() + (q.y() - p.y()) * f));
        }
        return out;
    }
}
