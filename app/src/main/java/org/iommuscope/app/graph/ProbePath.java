package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.FadeTransition;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.SequentialTransition;
import javafx.animation.Timeline;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.Polyline;

/** A DMA probe on the canvas: its path from the device to the page (or to the fault) along the routes, and its marker. */
final class ProbePath {
    private ProbePath() {
    }

    /** Draws {@code p} into the two layers; with {@code animate} the path draws itself, then the marker fades in. */
    static void draw(GraphLayout layout, DmaProbe p, boolean animate, Group pathLayer, Group markerLayer, Motion motion) {
        List<String> ids = p.nodes();
        GraphLayout.Box dev = layout.box(ids.get(0));
        if (dev == null) {
            return;
        }
        List<GraphLayout.Point> pts = new ArrayList<>();
        pts.add(new GraphLayout.Point(dev.x() + dev.w(), dev.cy()));
        for (int i = 1; i + 1 < ids.size(); i++) {
            if (layout.box(ids.get(i)) == null || layout.box(ids.get(i + 1)) == null) {
                return;
            }
            pts.addAll(layout.routeOf(ids.get(i), ids.get(i + 1)));
        }
        Polyline path = new Polyline();
        double length = 0;
        for (int i = 0; i < pts.size(); i++) {
            path.getPoints().addAll(pts.get(i).x(), pts.get(i).y());
            if (i > 0) {
                length += Math.hypot(pts.get(i).x() - pts.get(i - 1).x(), pts.get(i).y() - pts.get(i - 1).y());
            }
        }
        path.setId("dma-path");
        path.getStyleClass().addAll("dma-probe", p.fault() ? "fault" : "ok");
        Label marker = new Label(p.text());
        marker.setId("dma-marker");
        marker.getStyleClass().addAll("dma-marker", p.fault() ? "fault" : "ok");
        GraphLayout.Box end = layout.box(p.end());
        marker.relocate(end.x(), end.y() - 26);
        pathLayer.getChildren().add(path);
        markerLayer.getChildren().add(marker);
        if (animate) {
            // The path draws itself from the device to where the DMA ended: a dash as long as the
            // path slides in, then the marker fades in: one animation, so that it can be held and moved.
            path.getStrokeDashArray().setAll(length, length);
            path.setStrokeDashOffset(length);
            marker.setOpacity(0);
            Timeline draw = new Timeline(new KeyFrame(Motion.PROBE, new KeyValue(path.strokeDashOffsetProperty(), 0)));
            FadeTransition show = new FadeTransition(Motion.FADE, marker);
            show.setFromValue(0);
            show.setToValue(1);
            SequentialTransition probe = new SequentialTransition(draw, show);
            probe.setOnFinished(e -> path.getStrokeDashArray().clear());
            motion.start(probe);
        }
    }
}
