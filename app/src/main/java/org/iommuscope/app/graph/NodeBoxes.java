package org.iommuscope.app.graph;

import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.iommuscope.app.graph.GraphModel.Kind;

/**
 * The box drawn for one object: a group's titled frame, or an object's title ("hwpt_paging 6 · hwpt2"),
 * detail line and ⚠ badge, with its tooltip; brought up to date touching only what changed.
 */
final class NodeBoxes {
    /** A box's text (its labels), kept here too: far out it is taken out of the scene, not just hidden. */
    private static final String TEXT = "topology-text";
    private static final String BADGE = "topology-badge";

    private NodeBoxes() {
    }

    /** A new box for {@code n} (empty until {@link #update}); a click on it calls {@code select} with its id. */
    static Region create(GraphModel.Node n, Consumer<String> select) {
        Region r = n.kind() == Kind.GROUP ? groupBox(n, select) : objectBox(n, select);
        // Painted once into a bitmap and blitted after: a travelling edge repaints every box under
        // its path each frame, and redrawing their text and rounded borders cost most of a frame.
        r.setCache(true);
        Tooltip tip = new Tooltip();
        Tooltip.install(r, tip);
        r.getProperties().put(Tooltip.class, tip);
        return r;
    }

    /** Puts a box where the layout says, at exactly its size. */
    static void place(Region r, GraphLayout.Box b) {
        r.relocate(b.x(), b.y());
        r.setPrefSize(b.w(), b.h());
        r.setMinSize(b.w(), b.h());
        r.setMaxSize(b.w(), b.h());
    }

    private static Region groupBox(GraphModel.Node n, Consumer<String> select) {
        Label title = new Label(n.label());
        title.getStyleClass().add("group-title");
        // A group with an RMRR says so under its title ("RMRR · not assignable"); the tooltip has the kernel's reason.
        StackPane box = new StackPane(title);
        StackPane.setAlignment(title, Pos.TOP_LEFT);
        box.getProperties().put(TEXT, title);
        if (!n.detail().isEmpty()) {
            Label mark = new Label(n.detail());
            mark.setId(n.id() + "-mark");
            mark.getStyleClass().add("group-mark");
            StackPane.setAlignment(mark, Pos.TOP_LEFT);
            StackPane.setMargin(mark, new javafx.geometry.Insets(20, 0, 0, 0));
            box.getChildren().add(mark);
        }
        box.setId(n.id());
        box.getStyleClass().addAll("node", "group");
        box.setOnMouseClicked(e -> select.accept(n.id()));
        return box;
    }

    private static Region objectBox(GraphModel.Node n, Consumer<String> select) {
        Label title = new Label();
        title.getStyleClass().add("node-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        // The scenario's handle after the kernel's name ("hwpt_paging 6 · hwpt2"): captions and log say hwpt2.
        Label handle = new Label();
        handle.getStyleClass().add("node-handle");
        // A handle too long for the box gives way (…), never the kernel's name.
        handle.setMinWidth(0);
        handle.setManaged(false);
        handle.setVisible(false);
        HBox titleRow = new HBox(title, handle);
        titleRow.setAlignment(Pos.CENTER);
        Label detail = new Label();
        detail.getStyleClass().add("node-detail");
        VBox text = new VBox(titleRow, detail);
        text.setAlignment(Pos.CENTER);
        StackPane box = new StackPane(text);
        box.getProperties().put(TEXT, text);
        box.setId(n.id());
        box.getStyleClass().addAll("node", n.kind().styleClass());
        box.setOnMouseClicked(e -> {
            select.accept(n.id());
            e.consume();
        });
        return box;
    }

    /**
     * Brings a box up to date, touching only what changed: a style-class change costs a CSS pass.
     *
     * @param changed the step touched the object: outlined for this step only
     */
    static void update(Region r, GraphModel.Node n, boolean selected, boolean changed) {
        List<String> want = new java.util.ArrayList<>(n.kind() == Kind.GROUP ? List.of("node", "group") : List.of("node", n.kind().styleClass()));
        want.addAll(new TreeSet<>(n.classes()));
        if (selected) {
            want.add("selected");
        }
        if (changed) {
            want.add("changed");
        }
        if (!r.getStyleClass().equals(want)) {
            r.getStyleClass().setAll(want);
        }
        if (n.kind() != Kind.GROUP) {
            StackPane box = (StackPane) r;
            VBox text = (VBox) box.getProperties().get(TEXT);
            HBox titleRow = (HBox) text.getChildren().get(0);
            setIfChanged((Label) titleRow.getChildren().get(0), n.name());
            Label handle = (Label) titleRow.getChildren().get(1);
            setIfChanged(handle, n.handle().isEmpty() ? "" : " · " + n.handle());
            handle.setManaged(!n.handle().isEmpty());
            handle.setVisible(!n.handle().isEmpty());
            setIfChanged((Label) text.getChildren().get(1), n.detail());
            setBadge(box, n.classes().contains("diverged") || n.classes().contains("implicit"));
        }
        Tooltip tip = (Tooltip) r.getProperties().get(Tooltip.class);
        if (!n.tooltip().equals(tip.getText())) {
            tip.setText(n.tooltip());
        }
    }

    /**
     * Puts a box's text in or takes it out. Out, not merely invisible: every pulse walks the whole scene
     * to update bounds, so at two thousand boxes their hidden labels alone cost milliseconds a frame.
     */
    static void showText(Region r, boolean show) {
        StackPane box = (StackPane) r;
        Node text = (Node) box.getProperties().get(TEXT);
        boolean in = !box.getChildren().isEmpty() && box.getChildren().get(0) == text;
        if (show && !in) {
            box.getChildren().add(0, text);
        } else if (!show && in) {
            box.getChildren().remove(0);
        }
    }

    /** The ⚠ badge of a diverged or implicit idev: made the first time one is needed. */
    private static void setBadge(StackPane box, boolean on) {
        Label badge = (Label) box.getProperties().get(BADGE);
        if (badge == null) {
            if (!on) {
                return;
            }
            badge = new Label("⚠");
            badge.getStyleClass().add("badge");
            StackPane.setAlignment(badge, Pos.TOP_RIGHT);
            box.getProperties().put(BADGE, badge);
            box.getChildren().add(badge);
        }
        badge.setVisible(on);
    }

    private static void setIfChanged(Label l, String text) {
        if (!text.equals(l.getText())) {
            l.setText(text);
        }
    }
}
