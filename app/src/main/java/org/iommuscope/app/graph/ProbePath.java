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

    /**
     * Puts a marker over a box's top left corner, kept inside the picture: a marker whose box is at the right edge
     * (the IOAS) is moved left as far as its width needs, one at the top edge goes below the box's top instead, so
     * no exported picture cuts it off.
     */
    private static void place(Label marker, GraphLayout.Box at, GraphLayout layout, boolean below) {
        boolean under = below ? at.y() + at.h() + 26 <= layout.height() || at.y() < 26 : at.y() < 26;
        double y = under ? at.y() + at.h() + 4 : at.y() - 26;
        Runnable fit = () -> marker.relocate(Math.max(0, Math.min(at.x(), layout.width() - marker.getWidth() - 2)), y);
        marker.widthProperty().addListener((o, a, b) -> fit.run());
        fit.run();
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
        // A two-stage walk marks its stages above their boxes: the end's marker goes under its box, clear of them.
        place(marker, end, layout, !p.stages().isEmpty());
        pathLayer.getChildren().add(path);
        markerLayer.getChildren().add(marker);
        List<Label> stageMarks = new ArrayList<>();
        for (int i = 0; i < p.stages().size(); i++) {
            DmaProbe.Stage st = p.stages().get(i);
            GraphLayout.Box at = layout.box(st.node());
            if (at == null || st.node().equals(p.end())) {
                continue;
            }
            Label l = new Label(st.text());
            l.setId("dma-stage-" + (i + 1));
            l.getStyleClass().addAll("dma-marker", "stage", "ok");
            place(l, at, layout, false);
            markerLayer.getChildren().add(l);
            stageMarks.add(l);
        }
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
            javafx.animation.ParallelTransition shows = new javafx.animation.ParallelTransition(show);
            for (Label l : stageMarks) {
                l.setOpacity(0);
                FadeTransition f = new FadeTransition(Motion.FADE, l);
                f.setFromValue(0);
                f.setToValue(1);
                shows.getChildren().add(f);
            }
            SequentialTransition probe = new SequentialTransition(draw, shows);
            probe.setOnFinished(e -> path.getStrokeDashArray().clear());
            motion.start(probe);
        }
    }
}
