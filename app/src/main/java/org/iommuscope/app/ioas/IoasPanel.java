package org.iommuscope.app.ioas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * One {@link IoasBar} per IOAS of a state, in ID order, over a legend row. {@link #show(List)} refreshes
 * it: a bar that survives keeps its zoom, new IOASes get a bar showing all 2^64, destroyed ones go.
 */
public final class IoasPanel extends VBox {
    private final Map<Integer, IoasBar> bars = new LinkedHashMap<>();
    private final VBox barBox = new VBox(10);
    private final Label empty = new Label("no IOAS yet");
    private final FlowPane legend = legend();
    private final Node dirtySwatch = dirtySwatch(legend);

    public IoasPanel() {
        setId("ioas-panel");
        getStyleClass().addAll("ioas-view", "ioas-panel");
        setSpacing(6);
        setPadding(new Insets(6, 10, 6, 10));
        setFillWidth(true);
        empty.setId("ioas-panel-empty");
        empty.getStyleClass().add("ioas-empty");
        getChildren().addAll(legend, barBox);
        show(List.of());
    }

    /**
     * Shows the IOASes as projected after a step (see {@link IoasProjection}): a bar that survives keeps its zoom,
     * new IOASes get a bar showing all 2^64, destroyed ones go. With {@code animate}, a new mapping fills in from
     * its start.
     */
    public void show(List<IoasModel> ioases, boolean animate) {
        show(ioases);
        if (animate) {
            for (IoasModel m : ioases) {
                m.fills().forEach(f -> bars.get(m.ioasId()).fillIn(f.first(), f.last()));
            }
        }
    }

    /** Shows every IOAS given (nothing for an empty list or null). */
    public void show(List<IoasModel> ioases) {
        Map<Integer, IoasBar> next = new LinkedHashMap<>();
        for (IoasModel m : ioases == null ? List.<IoasModel>of() : ioases) {
            IoasBar bar = bars.get(m.ioasId());
            if (bar == null) {
                bar = new IoasBar(m.ioasId());
            }
            bar.show(m);
            next.put(m.ioasId(), bar);
        }
        // The dirty-pages swatch appears with the first dirty page this panel shows, and stays (no legend jumping per step).
        if (!dirtySwatch.isVisible() && ioases != null && ioases.stream().anyMatch(m -> !m.dirty().isEmpty())) {
            dirtySwatch.setManaged(true);
            dirtySwatch.setVisible(true);
        }
        bars.clear();
        bars.putAll(next);
        List<Node> children = new ArrayList<>(bars.values());
        if (children.isEmpty()) {
            children.add(empty);
        }
        barBox.getChildren().setAll(children);
    }

    /** The bar of IOAS {@code id}, or null when the shown state has no such IOAS. */
    public IoasBar bar(int id) {
        return bars.get(id);
    }

    /** The bars shown, in IOAS ID order. */
    public List<IoasBar> bars() {
        return List.copyOf(bars.values());
    }

    /** The legend row: swatches carry the bars' own style classes, so they always agree with the drawing. */
    public FlowPane legendRow() {
        return legend;
    }

    private static FlowPane legend() {
        FlowPane p = new FlowPane(16, 4,
                swatch("mapped area (rw)", "area", "perm-rw"),
                swatch("mapped area (read-only)", "area", "perm-r"),
                swatch("reserved: device region (MSI…)", "reserved", "owner-device"),
                swatch("reserved: outside a domain's aperture", "reserved", "owner-domain"),
                swatch("reserved: no owner (selftest)", "reserved", "owner-none"),
                swatch("allowed range", "allowed"),
                swatch("domain aperture", "aperture"));
        p.setId("ioas-legend");
        p.getStyleClass().add("ioas-legend");
        p.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("wheel: zoom · drag: pan · double-click: all 2⁶⁴ · hover: exact range");
        hint.getStyleClass().add("ioas-hint");
        p.getChildren().add(hint);
        return p;
    }

    private static Node dirtySwatch(FlowPane legend) {
        Node n = swatch("dirty pages (until read)", "dirty");
        n.setId("ioas-legend-dirty");
        n.setManaged(false);
        n.setVisible(false);
        legend.getChildren().add(legend.getChildren().size() - 1, n);
        return n;
    }

    private static Node swatch(String text, String... classes) {
        Rectangle r = new Rectangle(24, 12);
        r.getStyleClass().add("segment");
        r.getStyleClass().addAll(classes);
        r.getStyleClass().add("ioas-swatch");
        Label l = new Label(text);
        l.getStyleClass().add("ioas-legend-text");
        HBox h = new HBox(5, r, l);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }
}
