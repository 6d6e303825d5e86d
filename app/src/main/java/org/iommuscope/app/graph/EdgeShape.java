package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.Transition;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
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
    /** The edge's text (`pasid 5`), made the first time an edge has one; its right end at {@link GraphLayout#labelAnchor}. */
    private javafx.scene.text.Text label;
    private List<Point> route = List.of();
    private Transition travel;
    /** The line while in flight, cut to the visible part of the canvas (see {@link #travelTo}). */
    private Path flight;
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

    /** The route it is drawn along (or travelling to). */
    List<Point> route() {
        return route;
    }

    void draw(List<Point> pts) {
        if (travel != null) {
            travel.stop();
            travel = null;
            land();
        }
        route = pts;
        render(pts);
    }

    /**
     * Morph from the current route to a new one over {@code duration}, then run {@code done}. In flight the
     * line is drawn only within {@code view} (this edge's coordinates, a little inside the canvas): a line whose
     * bounds cover the whole canvas made JavaFX repaint the whole window on every frame of the flight, two
     * thousand boxes and edges, where a line kept inside dirties only the rectangle it sweeps.
     *
     * @return the flight, for the caller to play
     */
    Transition travelTo(List<Point> to, Duration duration, Bounds view, Runnable done) {
        List<Point> a = resample(route.isEmpty() ? to : route);
        List<Point> b = resample(to);
        if (travel != null) {
            travel.stop();
        }
        route = to;
        if (flight == null) {
            flight = new Path();
            flight.getStyleClass().add("edge-line");
            flight.setFill(null);
            // Round joins and butt ends keep the stroke within half its width of the line, so the
            // inset the canvas gives it keeps the whole stroke inside (a mitre can reach ten widths out).
            flight.setStrokeLineJoin(StrokeLineJoin.ROUND);
            flight.setStrokeLineCap(StrokeLineCap.BUTT);
        }
        if (!getChildren().contains(flight)) {
            getChildren().add(0, flight);
        }
        line.setVisible(false);
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
                if (t >= 1) {
                    land();
                    render(to);
                    return;
                }
                List<PathElement> els = new ArrayList<>();
                for (List<Point> piece : clip(mid, view.getMinX(), view.getMinY(), view.getMaxX(), view.getMaxY())) {
                    els.add(new MoveTo(piece.get(0).x(), piece.get(0).y()));
                    for (int i = 1; i < piece.size(); i++) {
                        els.add(new LineTo(piece.get(i).x(), piece.get(i).y()));
                    }
                }
                // Nothing out of view is touched: a pulse whose only change lies off screen makes JavaFX
                // repaint the whole window.
                if (!(els.isEmpty() && flight.getElements().isEmpty())) {
                    flight.getElements().setAll(els);
                }
                Point end = mid.get(mid.size() - 1);
                if (view.contains(end.x(), end.y())) {
                    head.setVisible(true);
                    renderHead(mid);
                } else if (head.isVisible()) {
                    head.setVisible(false);
                }
            }
        };
        travel.setOnFinished(e -> {
            land();
            done.run();
        });
        return travel;
    }

    /** Ends a flight at once, drawn where it was going. */
    void finish() {
        if (travel != null) {
            draw(route);
        }
    }

    /** Back to rest: the orthogonal route on the (unantialiased) polyline. */
    private void land() {
        if (flight != null) {
            getChildren().remove(flight);
            flight.getElements().clear();
        }
        line.setVisible(true);
        head.setVisible(true);
    }

    /** The line's stroke width (from the style sheet), in layout units. */
    double strokeWidth() {
        return line.getStrokeWidth();
    }

    /**
     * The parts of a polyline inside a rectangle (Liang–Barsky on each segment): each piece is a run of
     * points; a line that leaves and comes back gives two pieces, one entirely outside gives none.
     */
    static List<List<Point>> clip(List<Point> pts, double x0, double y0, double x1, double y1) {
        List<List<Point>> pieces = new ArrayList<>();
        List<Point> piece = null;
        for (int i = 0; i + 1 < pts.size(); i++) {
            Point p = pts.get(i);
            Point q = pts.get(i + 1);
            double dx = q.x() - p.x();
            double dy = q.y() - p.y();
            double[] t = {0, 1};
            if (!(edge(-dx, p.x() - x0, t) && edge(dx, x1 - p.x(), t) && edge(-dy, p.y() - y0, t) && edge(dy, y1 - p.y(), t))) {
                piece = null;
                continue;
            }
            Point from = t[0] == 0 ? p : new Point(p.x() + t[0] * dx, p.y() + t[0] * dy);
            Point until = t[1] == 1 ? q : new Point(p.x() + t[1] * dx, p.y() + t[1] * dy);
            if (piece == null || t[0] > 0) {
                piece = new ArrayList<>();
                piece.add(from);
                pieces.add(piece);
            }
            piece.add(until);
            if (t[1] < 1) {
                piece = null;
            }
        }
        return pieces;
    }

    /** One Liang–Barsky boundary: narrows [t0, t1] to where the segment is on the inner side. */
    private static boolean edge(double den, double num, double[] t) {
        if (den == 0) {
            return num >= 0;
        }
        double r = num / den;
        if (den < 0) {
            if (r > t[1]) {
                return false;
            }
            t[0] = Math.max(t[0], r);
        } else {
            if (r < t[0]) {
                return false;
            }
            t[1] = Math.min(t[1], r);
        }
        return true;
    }

    /** Whether any part of the edge, where it is drawn now or along {@code to}, lies inside {@code view}. */
    boolean visibleIn(List<Point> to, Bounds view) {
        for (List<Point> pts : List.of(route, to)) {
            if (!clip(pts, view.getMinX(), view.getMinY(), view.getMaxX(), view.getMaxY()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    boolean travelling() {
        return travel != null && travel.getStatus() == javafx.animation.Animation.Status.RUNNING;
    }

    /** Sets the text drawn along the edge (empty: none). */
    void setLabel(String text) {
        if (label == null) {
            if (text.isEmpty()) {
                return;
            }
            label = new javafx.scene.text.Text();
            label.getStyleClass().add("edge-label");
            // Right-aligned on its anchor, whatever width the style sheet's font gives it.
            label.layoutBoundsProperty().addListener((o, a, b) -> placeLabel());
            getChildren().add(label);
        }
        if (!text.equals(label.getText())) {
            label.setText(text);
        }
        label.setVisible(!text.isEmpty());
        placeLabel();
    }

    private void placeLabel() {
        if (label == null || route.size() < 2) {
            return;
        }
        Point at = GraphLayout.labelAnchor(route);
        label.setX(at.x() - label.getLayoutBounds().getWidth());
        label.setY(at.y());
    }

    private void render(List<Point> pts) {
        List<Double> flat = new ArrayList<>(pts.size() * 2);
        for (Point p : pts) {
            flat.add(p.x());
            flat.add(p.y());
        }
        line.getPoints().setAll(flat);
        renderHead(pts);
        placeLabel();
    }

    private void renderHead(List<Point> pts) {
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
