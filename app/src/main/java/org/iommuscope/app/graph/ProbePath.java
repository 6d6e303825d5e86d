package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.Polyline;
import javafx.util.Duration;

/** A DMA probe on the canvas: its path from the device to the page (or to the fault) along the routes, and its marker. */
final class ProbePath {
    static final Duration PROBE = Duration.millis(900);

    private ProbePath() {
    }

    /** Draws {@code p} into the two layers; with {@code animate} the path draws itself, then the marker appears. */
    static void draw(GraphLayout layout, DmaProbe p, boolean animate, Group pathLayer, Group markerLayer) {
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
            // path slides in, then the marker appears.
            path.getStrokeDashArray().setAll(length, length);
            path.setStrokeDashOffset(length);
            marker.setOpacity(0);
            Timeline draw = new Timeline(new KeyFrame(PROBE, new KeyValue(path.strokeDashOffsetProperty(), 0)));
            draw.setOnFinished(e -> {
                path.getStrokeDashArray().clear();
                Motion.fadeIn(marker);
            });
            draw.play();
        }
    }
}
