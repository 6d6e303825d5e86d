package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import org.iommuscope.app.graph.GraphModel.EdgeKind;

/**
 * The canvas's edges: one {@link EdgeShape} per edge id, drawn along its route. Between two steps an edge
 * whose target changed travels there (a group's domain edge, when animated and in view) on a layer of its
 * own, the only one repainted each frame of the flight; every other edge is redrawn only if it changed.
 */
final class EdgeLayer {
    private static final PseudoClass DIMMED = PseudoClass.getPseudoClass("dimmed");

    private final Group resting;
    /** Edges while they travel. */
    private final Group moving;
    private final Map<String, EdgeShape> edges = new HashMap<>();
    /** What each edge was last brought up to date with: a step leaves most of them as they were. */
    private final Map<String, GraphModel.Edge> applied = new HashMap<>();
    private final Motion motion;

    EdgeLayer(Group resting, Group moving, Motion motion) {
        this.resting = resting;
        this.moving = moving;
        this.motion = motion;
    }

    void clear() {
        resting.getChildren().clear();
        moving.getChildren().clear();
        edges.clear();
        applied.clear();
    }

    /** The edges from or to a box that moved are drawn anew on the next step. */
    void forgetRoutesOf(Set<String> movedNodes) {
        edges.forEach((id, shape) -> {
            if (movedNodes.contains(shape.from) || movedNodes.contains(shape.target)) {
                shape.target = null;
            }
        });
    }

    /** Shows the frame's edges; with {@code animate}, a group's domain edge in view travels to its new target. */
    void show(GraphModel frame, GraphLayout layout, boolean animate, Viewport viewport) {
        Set<String> keep = new HashSet<>();
        for (GraphModel.Edge e : frame.edges().values()) {
            if (layout.box(e.from()) == null || layout.box(e.to()) == null) {
                continue;
            }
            keep.add(e.id());
            EdgeShape drawn = edges.get(e.id());
            if (drawn != null && drawn.target != null && drawn.isVisible() && e.equals(applied.get(e.id()))) {
                continue;
            }
            applied.put(e.id(), e);
            EdgeShape shape = edges.computeIfAbsent(e.id(), id -> {
                EdgeShape s = new EdgeShape(id);
                resting.getChildren().add(s);
                return s;
            });
            List<String> cls = new ArrayList<>(List.of("edge", e.kind().styleClass()));
            cls.addAll(new TreeSet<>(e.classes()));
            if (!shape.getStyleClass().equals(cls)) {
                shape.getStyleClass().setAll(cls);
            }
            boolean moved = shape.target != null && !shape.target.equals(e.to()) && shape.isVisible();
            boolean same = e.to().equals(shape.target) && e.from().equals(shape.from) && shape.isVisible();
            // Only an edge that changes needs its route (a step leaves almost every edge as it was).
            List<GraphLayout.Point> route = same ? null : layout.routeOf(e.from(), e.to());
            // An edge travelling out of sight would still cost full frames: JavaFX repaints the whole
            // window when the only change of a pulse lies outside it. Out of view it simply moves.
            Bounds view = animate && moved && e.kind() == EdgeKind.GROUP_DOMAIN ? viewport.flightView(shape.strokeWidth()) : null;
            if (view != null && shape.visibleIn(route, view)) {
                resting.getChildren().remove(shape);
                if (!moving.getChildren().contains(shape)) {
                    moving.getChildren().add(shape);
                }
                motion.start(shape.travelTo(route, Motion.MOVE, view, () -> {
                    moving.getChildren().remove(shape);
                    resting.getChildren().add(shape);
                }));
            } else if (!same) {
                // Redraw only what changed: new geometry dirties the canvas under the whole edge.
                shape.draw(route);
            }
            shape.setLabel(e.label());
            shape.target = e.to();
            shape.from = e.from();
            if (!shape.isVisible()) {
                shape.setVisible(true);
            }
        }
        edges.forEach((id, s) -> {
            if (!keep.contains(id) && s.isVisible()) {
                s.setVisible(false);
                s.target = null;
            }
        });
    }

    /**
     * The view moves (pan, zoom, fit): edges in flight land at once, since their flight was cut to the old
     * view; and any edge a quick step stopped mid-flight goes back to its layer.
     */
    void land() {
        for (Node n : List.copyOf(moving.getChildren())) {
            ((EdgeShape) n).finish();
            moving.getChildren().remove(n);
            resting.getChildren().add(n);
        }
    }

    /** Dims every edge that does not leave one of {@code focus} (or none, when {@code on} is false). */
    void dim(Set<String> focus, boolean on) {
        edges.forEach((id, s) -> s.pseudoClassStateChanged(DIMMED, on && !focus.contains(s.from)));
    }

    boolean animating() {
        return edges.values().stream().anyMatch(EdgeShape::travelling);
    }

    /** The shown edge with this id, or null. */
    EdgeShape shown(String id) {
        EdgeShape s = edges.get(id);
        return s == null || !s.isVisible() ? null : s;
    }
}
