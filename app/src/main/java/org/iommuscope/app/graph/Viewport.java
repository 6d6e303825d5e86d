package org.iommuscope.app.graph;

import java.util.function.Supplier;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.layout.Pane;
import javafx.scene.transform.Scale;

/**
 * What part of the picture a canvas shows, and the gestures that move it (lstopo's + - 0 F, a drag, the
 * wheel). Zoom is a {@link Scale} about the layout's origin, not the node's scaleX/Y: those pivot on the centre
 * of the content's bounds, so an edge in flight (changing those bounds) would re-transform, and thus repaint,
 * the whole picture on every frame.
 */
final class Viewport {
    /** Inside the canvas's border by this much (px), an edge in flight never covers the whole canvas. */
    static final double FLIGHT_INSET = 3;

    private final Pane canvas;
    private final Group content;
    private final Scale scaling = new Scale(1, 1, 0, 0);
    private final Supplier<GraphLayout> layout;
    /** Runs before the view moves: edges in flight land, their flight was cut to the old view. */
    private final Runnable beforeMove;
    private double dragX;
    private double dragY;

    Viewport(Pane canvas, Group content, Supplier<GraphLayout> layout, Runnable beforeMove) {
        this.canvas = canvas;
        this.content = content;
        this.layout = layout;
        this.beforeMove = beforeMove;
        content.getTransforms().add(scaling);
        canvas.setOnMousePressed(e -> {
            dragX = e.getX() - content.getTranslateX();
            dragY = e.getY() - content.getTranslateY();
        });
        canvas.setOnMouseDragged(e -> {
            beforeMove.run();
            content.setTranslateX(e.getX() - dragX);
            content.setTranslateY(e.getY() - dragY);
        });
        canvas.setOnScroll(e -> zoom(e.getDeltaY() > 0 ? 1.1 : 1 / 1.1));
    }

    /** The zoom factor, observable (the level of detail follows it). */
    DoubleProperty scaleProperty() {
        return scaling.xProperty();
    }

    double scale() {
        return scaling.getX();
    }

    /** Zooms about the centre of the view: what is in the middle stays there. */
    void zoom(double factor) {
        beforeMove.run();
        double was = scaling.getX();
        double s = Math.max(0.2, Math.min(5, was * factor));
        double cx = canvas.getWidth() / 2;
        double cy = canvas.getHeight() / 2;
        content.setTranslateX(cx - (cx - content.getTranslateX()) * s / was);
        content.setTranslateY(cy - (cy - content.getTranslateY()) * s / was);
        setZoom(s);
    }

    private void setZoom(double s) {
        scaling.setX(s);
        scaling.setY(s);
    }

    void resetZoom() {
        beforeMove.run();
        setZoom(1);
        content.setTranslateX(0);
        content.setTranslateY(0);
    }

    void fit() {
        GraphLayout l = layout.get();
        if (l == null || canvas.getWidth() <= 0) {
            return;
        }
        beforeMove.run();
        double s = Math.min(canvas.getWidth() / Math.max(1, l.width()), canvas.getHeight() / Math.max(1, l.height()));
        s = Math.max(0.2, Math.min(2, s));
        setZoom(s);
        // The layout's centre to the view's centre.
        content.setTranslateX(canvas.getWidth() / 2 - s * l.width() / 2);
        content.setTranslateY(canvas.getHeight() / 2 - s * l.height() / 2);
    }

    TopologyView.ViewState state() {
        return new TopologyView.ViewState(scaling.getX(), content.getTranslateX(), content.getTranslateY());
    }

    void restore(TopologyView.ViewState v) {
        if (v == null) {
            return;
        }
        beforeMove.run();
        setZoom(v.scale());
        content.setTranslateX(v.translateX());
        content.setTranslateY(v.translateY());
    }

    /**
     * Whether a rectangle of the picture (in layout coordinates) shows in the canvas at the current zoom and
     * pan. Before the canvas has a size (built, not yet shown) everything counts as in view.
     */
    boolean inView(Bounds inLayout) {
        if (canvas.getWidth() <= 0 || canvas.getHeight() <= 0) {
            return true;
        }
        return content.localToParent(inLayout).intersects(0, 0, canvas.getWidth(), canvas.getHeight());
    }

    /**
     * The canvas less {@link #FLIGHT_INSET} and the edge's stroke width (its bounds include the stroke, and
     * JavaFX pads a stroked path's bounds beyond half the width), in layout coordinates: where an edge in
     * flight is drawn.
     */
    Bounds flightView(double strokeWidth) {
        double inset = FLIGHT_INSET + strokeWidth * scale();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w <= 2 * inset || h <= 2 * inset) {
            return new BoundingBox(-1e9, -1e9, 2e9, 2e9);
        }
        return content.parentToLocal(new BoundingBox(inset, inset, w - 2 * inset, h - 2 * inset));
    }
}
