package org.iommuscope.app.graph;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import org.iommuscope.app.graph.LegendEntry;

/**
 * The always-visible legend (lstopo prints one too). Swatches carry the canvas's own style classes, so
 * the legend can never disagree with the drawing, in any theme.
 */
public final class Legend {
    private Legend() {
    }

    public static FlowPane create() {
        FlowPane p = new FlowPane(14, 4);
        fill(p, LegendEntry.ALL);
        p.setId("legend");
        p.getStyleClass().add("legend");
        p.setPadding(new Insets(4, 8, 4, 8));
        p.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        p.setPrefWrapLength(760);
        return p;
    }

    /** The legend of a laid-out picture: the base entries and those of what it draws beyond them ({@link LegendEntry#shown}). */
    public static void show(FlowPane legend, GraphLayout layout) {
        List<LegendEntry> want = LegendEntry.shown(layout.styles());
        if (!want.equals(legend.getProperties().get(LegendEntry.class))) {
            fill(legend, want);
        }
    }

    private static void fill(FlowPane p, List<LegendEntry> entries) {
        p.getProperties().put(LegendEntry.class, List.copyOf(entries));
        p.getChildren().clear();
        for (LegendEntry e : entries) {
            String[] classes = e.classes().toArray(String[]::new);
            p.getChildren().add(e.line() ? line(e.text(), classes) : box(e.text(), classes));
        }
    }

    private static Node box(String text, String... classes) {
        Region swatch = new Region();
        swatch.getStyleClass().add("node");
        swatch.getStyleClass().addAll(classes);
        swatch.getStyleClass().add("swatch");
        swatch.setMinSize(22, 12);
        swatch.setPrefSize(22, 12);
        swatch.setMaxSize(22, 12);
        return item(swatch, text);
    }

    private static Node line(String text, String... classes) {
        Line l = new Line(0, 0, 26, 0);
        l.getStyleClass().add("edge-line");
        javafx.scene.Group g = new javafx.scene.Group(l);
        g.getStyleClass().add("edge");
        g.getStyleClass().addAll(classes);
        return item(g, text);
    }

    private static Node item(Node swatch, String text) {
        Label l = new Label(text);
        l.getStyleClass().add("legend-text");
        HBox h = new HBox(5, swatch, l);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }
}
