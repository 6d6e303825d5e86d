package org.iommuscope.app.graph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.animation.FadeTransition;
import javafx.animation.ScaleTransition;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.util.Duration;
import org.iommuscope.app.graph.GraphModel.EdgeKind;
import org.iommuscope.app.graph.GraphModel.Kind;

/**
 * The presentation canvas: one JavaFX node per object (ids such as `hwpt-7`, `idev-2`, `group-26`),
 * placed where the union layout put it, styled by CSS classes. Showing a frame never moves a node;
 * with animation on, a group's domain edge travels to its new hwpt, a NOP replace pulses, and hwpts
 * fade in when born and out when freed.
 */
public final class TopologyView extends Pane {
    static final Duration MOVE = Duration.millis(650);
    static final Duration FADE = Duration.millis(350);

    private final Group content = new Group();
    /** The zoom: a scale about the layout's origin (see the constructor). */
    private final javafx.scene.transform.Scale scaling = new javafx.scene.transform.Scale(1, 1, 0, 0);
    private final Group groupLayer = new Group();
    private final Group edgeLayer = new Group();
    /** Edges while they travel: the only layer repainted every frame of an animation. */
    private final Group movingLayer = new Group();
    private final Group nodeLayer = new Group();
    /** A DMA probe's path (under the boxes it passes through) and its marker (over everything). */
    private final Group probeLayer = new Group();
    private final Group markerLayer = new Group();
    private final List<DmaProbe> probes = new java.util.ArrayList<>();
    private final Map<String, Region> nodes = new HashMap<>();
    private final Map<String, EdgeShape> edges = new HashMap<>();
    private GraphLayout layout;
    private final Set<String> changed = new HashSet<>();
    /** What each node and edge was last brought up to date with: a step leaves most of them as they were. */
    private final Map<String, GraphModel.Node> appliedNodes = new HashMap<>();
    private final Set<String> appliedChanged = new HashSet<>();
    private final Map<String, GraphModel.Edge> appliedEdges = new HashMap<>();
    /** Whether any node or edge is dimmed now (the divergent-only filter): if not, and none should be, nothing to undo. */
    private boolean dimmedAny;
    private GraphModel shown;
    private Consumer<NodeId> onSelect = id -> { };
    /** The object each node stands for, by its scene id. */
    private final Map<String, NodeId> refs = new HashMap<>();
    private String selected;
    private boolean divergentOnly;
    private java.util.function.BiConsumer<NodeId, Region> decorator = (id, r) -> { };
    private final Label hint = new Label();
    private final javafx.scene.shape.Line dragLine = new javafx.scene.shape.Line();

    public TopologyView() {
        getStyleClass().add("topology");
        hint.setId("drop-hint");
        hint.getStyleClass().add("drop-hint");
        hint.setVisible(false);
        hint.setMouseTransparent(true);
        dragLine.setId("drag-line");
        dragLine.getStyleClass().add("drag-line");
        dragLine.setVisible(false);
        dragLine.setMouseTransparent(true);
        content.getChildren().addAll(groupLayer, edgeLayer, movingLayer, probeLayer, nodeLayer, markerLayer, dragLine, hint);
        probeLayer.setMouseTransparent(true);
        markerLayer.setMouseTransparent(true);
        // Zoom is a scale about the layout's origin, not the node's scaleX/Y: those pivot on the centre of
        // the content's bounds, so an edge in flight (changing those bounds) would re-transform, and thus
        // repaint, the whole picture on every frame.
        content.getTransforms().add(scaling);
        scaling.xProperty().addListener((o, a, b) -> applyDetail(false));
        // A moving edge changes its layer's bounds; unmanaged, that never ripples into a window-wide layout pass.
        content.setManaged(false);
        getChildren().add(content);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setOnMouseClicked(e -> {
            if (e.getTarget() == this) {
                select(null);
            }
        });
        installPanning();
    }

    /** Called with the object a click selected (null: the background, nothing). */
    public void setOnSelect(Consumer<NodeId> handler) {
        this.onSelect = handler;
    }

    /** Builds one node per object that appears in any frame, at its union-layout position, all hidden. */
    public void setFrames(List<GraphModel> frames) {
        setFrames(frames, GraphLayout.of(frames));
    }

    /**
     * As {@link #setFrames(List)}, on a layout computed elsewhere: two canvases that share one layout (over
     * the union of both runs) draw the same object at the same place.
     */
    public void setFrames(List<GraphModel> frames, GraphLayout sharedLayout) {
        hint.setVisible(false);
        groupLayer.getChildren().clear();
        edgeLayer.getChildren().clear();
        movingLayer.getChildren().clear();
        nodeLayer.getChildren().clear();
        nodes.clear();
        refs.clear();
        edges.clear();
        appliedNodes.clear();
        appliedChanged.clear();
        appliedEdges.clear();
        shown = null;
        layout = sharedLayout != null ? sharedLayout : GraphLayout.of(frames);
        addNodes(frames);
    }

    /**
     * Takes a new set of frames (a what-if step, a fork, an undo) without moving anything already drawn: nodes
     * seen before keep their place, new ones are placed by {@link GraphLayout#extend}.
     */
    public void extendFrames(List<GraphModel> frames) {
        if (layout == null) {
            setFrames(frames);
            return;
        }
        GraphLayout was = layout;
        layout = layout.extend(frames);
        // A group that took a new device grew, and what it would have overlapped moved down: follow the layout.
        Set<String> moved = new HashSet<>();
        nodes.forEach((id, r) -> {
            GraphLayout.Box b = layout.box(id);
            if (b != null && !b.equals(was.box(id))) {
                r.relocate(b.x(), b.y());
                r.setPrefSize(b.w(), b.h());
                r.setMinSize(b.w(), b.h());
                r.setMaxSize(b.w(), b.h());
                moved.add(id);
            }
        });
        edges.forEach((id, shape) -> {
            if (moved.contains(shape.from) || moved.contains(shape.target)) {
                shape.target = null; // drawn anew on the next show
            }
        });
        addNodes(frames);
    }

    /** Called for every node drawn, now and later (the what-if view adds its menus and drag handlers). */
    public void setNodeDecorator(java.util.function.BiConsumer<NodeId, Region> d) {
        decorator = d;
        nodes.forEach((id, r) -> d.accept(refs.get(id), r));
    }

    /** A short text over a node (the kernel's verdict on a drop); null hides it. */
    public void showHint(String id, String text, boolean accepted) {
        Region r = id == null ? null : nodes.get(id);
        if (r == null || text == null) {
            hint.setVisible(false);
            return;
        }
        hint.setText(text);
        hint.pseudoClassStateChanged(REFUSED, !accepted);
        hint.relocate(r.getLayoutX(), r.getLayoutY() + r.getHeight() + 4);
        hint.setVisible(true);
    }

    /** A rubber band from a node to the pointer (scene coordinates) while it is dragged; null id hides it. */
    public void showDragLine(String fromId, double sceneX, double sceneY) {
        Region r = fromId == null ? null : nodes.get(fromId);
        if (r == null) {
            dragLine.setVisible(false);
            return;
        }
        javafx.geometry.Point2D to = content.sceneToLocal(sceneX, sceneY);
        dragLine.setStartX(r.getLayoutX() + r.getWidth() / 2);
        dragLine.setStartY(r.getLayoutY() + r.getHeight() / 2);
        dragLine.setEndX(to.getX());
        dragLine.setEndY(to.getY());
        dragLine.setVisible(true);
    }

    public Label hint() {
        return hint;
    }

    private static final javafx.css.PseudoClass REFUSED = javafx.css.PseudoClass.getPseudoClass("refused");

    private void addNodes(List<GraphModel> frames) {
        Map<String, GraphModel.Node> union = new java.util.LinkedHashMap<>();
        frames.forEach(f -> f.nodes().forEach(union::putIfAbsent));
        for (GraphModel.Node n : union.values()) {
            if (nodes.containsKey(n.id())) {
                continue;
            }
            GraphLayout.Box b = layout.box(n.id());
            Region r = n.kind() == Kind.GROUP ? groupBox(n) : objectBox(n);
            r.relocate(b.x(), b.y());
            r.setPrefSize(b.w(), b.h());
            r.setMinSize(b.w(), b.h());
            r.setMaxSize(b.w(), b.h());
            r.setVisible(false);
            // Painted once into a bitmap and blitted after: a travelling edge repaints every box under
            // its path each frame, and redrawing their text and rounded borders cost most of a frame.
            r.setCache(true);
            Tooltip tip = new Tooltip();
            Tooltip.install(r, tip);
            r.getProperties().put(Tooltip.class, tip);
            nodes.put(n.id(), r);
            refs.put(n.id(), n.ref());
            (n.kind() == Kind.GROUP ? groupLayer : nodeLayer).getChildren().add(r);
            decorator.accept(n.ref(), r);
        }
        applyDetail(true);
    }

    /** Below this on-screen scale a node's text is under ~5 px: unreadable, so it is not drawn at all. */
    static final double LABEL_SCALE = 0.42;
    private boolean labelsShown = true;

    /** Level of detail: labels only where they can be read; a far view of a big machine draws boxes. */
    private void applyDetail(boolean force) {
        boolean show = scaling.getX() >= LABEL_SCALE;
        if (show == labelsShown && !force) {
            return;
        }
        labelsShown = show;
        for (Region r : nodes.values()) {
            showText((StackPane) r, show);
        }
    }

    /**
     * Puts a box's text in or takes it out. Out, not merely invisible: every pulse walks the whole scene
     * to update bounds, so at two thousand boxes their hidden labels alone cost milliseconds a frame.
     */
    private static void showText(StackPane box, boolean show) {
        javafx.scene.Node text = (javafx.scene.Node) box.getProperties().get(TEXT);
        boolean in = !box.getChildren().isEmpty() && box.getChildren().get(0) == text;
        if (show && !in) {
            box.getChildren().add(0, text);
        } else if (!show && in) {
            box.getChildren().remove(0);
        }
    }

    /** True when node labels are drawn at the current zoom. */
    public boolean labelsShown() {
        return labelsShown;
    }

    private Region groupBox(GraphModel.Node n) {
        Label title = new Label(n.label());
        title.getStyleClass().add("group-title");
        StackPane box = new StackPane(title);
        StackPane.setAlignment(title, Pos.TOP_LEFT);
        box.getProperties().put(TEXT, title);
        box.setId(n.id());
        box.getStyleClass().addAll("node", "group");
        box.setOnMouseClicked(e -> select(n.id()));
        return box;
    }

    private Region objectBox(GraphModel.Node n) {
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
        javafx.scene.layout.HBox titleRow = new javafx.scene.layout.HBox(title, handle);
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
            select(n.id());
            e.consume();
        });
        return box;
    }

    /** A box's text (its labels), kept here too: far out it is taken out of the scene, not just hidden. */
    private static final String TEXT = "topology-text";
    private static final String BADGE = "topology-badge";

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

    /** Shows one frame; with {@code animate} and a previous frame, changes move instead of jumping. */
    public void show(GraphStep step, boolean animate) {
        GraphModel frame = step.graph();
        GraphModel prev = shown;
        shown = frame;
        changed.clear();
        changed.addAll(step.changed());
        for (Map.Entry<String, Region> e : nodes.entrySet()) {
            GraphModel.Node n = frame.nodes().get(e.getKey());
            Region r = e.getValue();
            boolean was = prev != null && prev.nodes().containsKey(e.getKey());
            if (n == null) {
                if (animate && was && inView(r.getBoundsInParent())) {
                    fadeOut(r);
                } else {
                    r.setVisible(false);
                }
                continue;
            }
            boolean isChanged = changed.contains(n.id());
            if (!n.equals(appliedNodes.get(n.id())) || isChanged != appliedChanged.contains(n.id())) {
                update(r, n);
                appliedNodes.put(n.id(), n);
                if (isChanged) {
                    appliedChanged.add(n.id());
                } else {
                    appliedChanged.remove(n.id());
                }
            }
            if (animate && !was && n.kind() != Kind.GROUP && n.kind() != Kind.DEVICE && inView(r.getBoundsInParent())) {
                fadeIn(r);
            } else {
                r.setOpacity(1);
                r.setVisible(true);
            }
        }
        Set<String> keep = new HashSet<>();
        for (GraphModel.Edge e : frame.edges().values()) {
            GraphLayout.Box from = layout.box(e.from());
            GraphLayout.Box to = layout.box(e.to());
            if (from == null || to == null) {
                continue;
            }
            keep.add(e.id());
            EdgeShape drawn = edges.get(e.id());
            if (drawn != null && drawn.target != null && drawn.isVisible() && e.equals(appliedEdges.get(e.id()))) {
                continue;
            }
            appliedEdges.put(e.id(), e);
            EdgeShape shape = edges.computeIfAbsent(e.id(), id -> {
                EdgeShape s = new EdgeShape(id);
                edgeLayer.getChildren().add(s);
                return s;
            });
            List<String> cls = new java.util.ArrayList<>(List.of("edge", e.kind().styleClass()));
            cls.addAll(new java.util.TreeSet<>(e.classes()));
            if (!shape.getStyleClass().equals(cls)) {
                shape.getStyleClass().setAll(cls);
            }
            boolean moved = shape.target != null && !shape.target.equals(e.to()) && shape.isVisible();
            boolean same = e.to().equals(shape.target) && e.from().equals(shape.from) && shape.isVisible();
            // Only an edge that changes needs its route (a step leaves almost every edge as it was).
            List<GraphLayout.Point> route = same ? null : layout.routeOf(e.from(), e.to());
            // An edge travelling out of sight would still cost full frames: JavaFX repaints the whole
            // window when the only change of a pulse lies outside it. Out of view it simply moves.
            javafx.geometry.Bounds view = animate && moved && e.kind() == EdgeKind.GROUP_DOMAIN ? flightView(shape) : null;
            if (view != null && shape.visibleIn(route, view)) {
                edgeLayer.getChildren().remove(shape);
                if (!movingLayer.getChildren().contains(shape)) {
                    movingLayer.getChildren().add(shape);
                }
                shape.travelTo(route, MOVE, view, () -> {
                    movingLayer.getChildren().remove(shape);
                    edgeLayer.getChildren().add(shape);
                });
            } else if (!same) {
                // Redraw only what changed: new geometry dirties the canvas under the whole edge.
                shape.draw(route);
            }
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
        if (animate) {
            step.pulses().forEach(this::pulse);
        }
        showProbes(step.probes(), animate);
        applyFilter();
    }

    /** Draws each DMA of the step as a path from the device to the page (or to the fault) with a marker. */
    private void showProbes(List<DmaProbe> stepProbes, boolean animate) {
        probeLayer.getChildren().clear();
        markerLayer.getChildren().clear();
        probes.clear();
        for (DmaProbe p : stepProbes) {
            probes.add(p);
            drawProbe(p, animate);
        }
    }

    private void drawProbe(DmaProbe p, boolean animate) {
        List<String> ids = p.nodes();
        GraphLayout.Box dev = layout.box(ids.get(0));
        if (dev == null) {
            return;
        }
        List<GraphLayout.Point> pts = new java.util.ArrayList<>();
        pts.add(new GraphLayout.Point(dev.x() + dev.w(), dev.cy()));
        for (int i = 1; i + 1 < ids.size(); i++) {
            GraphLayout.Box a = layout.box(ids.get(i));
            GraphLayout.Box b = layout.box(ids.get(i + 1));
            if (a == null || b == null) {
                return;
            }
            pts.addAll(layout.routeOf(ids.get(i), ids.get(i + 1)));
        }
        javafx.scene.shape.Polyline path = new javafx.scene.shape.Polyline();
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
        probeLayer.getChildren().add(path);
        markerLayer.getChildren().add(marker);
        if (animate) {
            // The path draws itself from the device to where the DMA ended: a dash as long as the
            // path slides in, then the marker appears.
            path.getStrokeDashArray().setAll(length, length);
            path.setStrokeDashOffset(length);
            marker.setOpacity(0);
            javafx.animation.Timeline draw = new javafx.animation.Timeline(
                    new javafx.animation.KeyFrame(PROBE, new javafx.animation.KeyValue(path.strokeDashOffsetProperty(), 0)));
            draw.setOnFinished(e -> {
                path.getStrokeDashArray().clear();
                fadeIn(marker);
            });
            draw.play();
        }
    }

    static final Duration PROBE = Duration.millis(900);

    /** The DMA probes the shown step drew (device first, marker at the end), for tests and exports. */
    public List<DmaProbe> probes() {
        return List.copyOf(probes);
    }

    /** Brings a node up to date, touching only what changed: a style-class change costs a CSS pass. */
    private void update(Region r, GraphModel.Node n) {
        List<String> want = new java.util.ArrayList<>(n.kind() == Kind.GROUP ? List.of("node", "group") : List.of("node", n.kind().styleClass()));
        want.addAll(new java.util.TreeSet<>(n.classes()));
        if (n.id().equals(selected)) {
            want.add("selected");
        }
        if (changed.contains(n.id())) {
            // What this step changed (created, moved, refcounted, mapped) is outlined for this step only.
            want.add("changed");
        }
        if (!r.getStyleClass().equals(want)) {
            r.getStyleClass().setAll(want);
        }
        if (n.kind() != Kind.GROUP) {
            StackPane box = (StackPane) r;
            VBox text = (VBox) box.getProperties().get(TEXT);
            javafx.scene.layout.HBox titleRow = (javafx.scene.layout.HBox) text.getChildren().get(0);
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

    private static void setIfChanged(Label l, String text) {
        if (!text.equals(l.getText())) {
            l.setText(text);
        }
    }

    /**
     * Whether a rectangle of the picture (in layout coordinates) shows in the canvas at the current zoom and
     * pan. Before the canvas has a size (built, not yet shown) everything counts as in view.
     */
    boolean inView(javafx.geometry.Bounds inLayout) {
        if (getWidth() <= 0 || getHeight() <= 0) {
            return true;
        }
        return content.localToParent(inLayout).intersects(0, 0, getWidth(), getHeight());
    }

    /** Inside the canvas's border by this much (px), an edge in flight never covers the whole canvas. */
    static final double FLIGHT_INSET = 3;

    /**
     * The canvas less {@link #FLIGHT_INSET} and the edge's stroke width (its bounds include the stroke, and
     * JavaFX pads a stroked path's bounds beyond half the width), in layout coordinates: where an edge in
     * flight is drawn.
     */
    private javafx.geometry.Bounds flightView(EdgeShape shape) {
        double inset = FLIGHT_INSET + shape.strokeWidth() * scale();
        if (getWidth() <= 2 * inset || getHeight() <= 2 * inset) {
            return new javafx.geometry.BoundingBox(-1e9, -1e9, 2e9, 2e9);
        }
        return content.parentToLocal(new javafx.geometry.BoundingBox(inset, inset, getWidth() - 2 * inset, getHeight() - 2 * inset));
    }

    /** True while any edge is still travelling (tests and exports wait for it). */
    public boolean animating() {
        return edges.values().stream().anyMatch(EdgeShape::travelling);
    }

    private void pulse(String id) {
        Region r = nodes.get(id);
        if (r == null || !inView(r.getBoundsInParent())) {
            return;
        }
        ScaleTransition st = new ScaleTransition(Duration.millis(220), r);
        st.setToX(1.12);
        st.setToY(1.12);
        st.setAutoReverse(true);
        st.setCycleCount(4);
        st.play();
    }

    private static void fadeIn(javafx.scene.Node r) {
        r.setOpacity(0);
        r.setVisible(true);
        FadeTransition ft = new FadeTransition(FADE, r);
        ft.setToValue(1);
        ft.play();
    }

    private static void fadeOut(Region r) {
        FadeTransition ft = new FadeTransition(FADE, r);
        ft.setToValue(0);
        ft.setOnFinished(e -> r.setVisible(false));
        ft.play();
    }

    public void select(String id) {
        if (selected != null && nodes.containsKey(selected)) {
            nodes.get(selected).getStyleClass().remove("selected");
        }
        selected = id;
        if (id != null && nodes.containsKey(id)) {
            nodes.get(id).getStyleClass().add("selected");
        }
        onSelect.accept(id == null ? null : refs.get(id));
    }

    /** The view is going off screen: edges in flight land at once. */
    public void stopAnimations() {
        landFlights();
    }

    public String selected() {
        return selected;
    }

    /** `D`: dim everything but diverged or implicit idevs and what they point at. */
    public void setDivergentOnly(boolean on) {
        divergentOnly = on;
        applyFilter();
    }

    public boolean divergentOnly() {
        return divergentOnly;
    }

    private void applyFilter() {
        if (shown == null) {
            return;
        }
        if (!divergentOnly && !dimmedAny) {
            return;
        }
        Set<String> focus = shown.divergenceFocus();
        nodes.forEach((id, r) -> r.pseudoClassStateChanged(DIMMED, divergentOnly && !focus.contains(id)
                && !(r.getStyleClass().contains("group"))));
        edges.forEach((id, s) -> s.pseudoClassStateChanged(DIMMED, divergentOnly && !focus.contains(s.from)));
        dimmedAny = divergentOnly;
    }

    private static final javafx.css.PseudoClass DIMMED = javafx.css.PseudoClass.getPseudoClass("dimmed");

    // ---- zoom, pan, fit (lstopo's + - 0 F) ----------------------------------------------------------

    /**
     * The view moves (pan, zoom, fit): edges in flight land at once, since their flight was cut to the old
     * view; and any edge a quick step stopped mid-flight goes back to its layer.
     */
    private void landFlights() {
        for (javafx.scene.Node n : List.copyOf(movingLayer.getChildren())) {
            ((EdgeShape) n).finish();
            movingLayer.getChildren().remove(n);
            edgeLayer.getChildren().add(n);
        }
    }

    /** Zooms about the centre of the view: what is in the middle stays there. */
    public void zoom(double factor) {
        landFlights();
        double was = scaling.getX();
        double s = Math.max(0.2, Math.min(5, was * factor));
        double cx = getWidth() / 2;
        double cy = getHeight() / 2;
        content.setTranslateX(cx - (cx - content.getTranslateX()) * s / was);
        content.setTranslateY(cy - (cy - content.getTranslateY()) * s / was);
        setZoom(s);
    }

    private void setZoom(double s) {
        scaling.setX(s);
        scaling.setY(s);
    }

    public void resetZoom() {
        landFlights();
        setZoom(1);
        content.setTranslateX(0);
        content.setTranslateY(0);
    }

    public void fit() {
        if (layout == null || getWidth() <= 0) {
            return;
        }
        landFlights();
        double s = Math.min(getWidth() / Math.max(1, layout.width()), getHeight() / Math.max(1, layout.height()));
        s = Math.max(0.2, Math.min(2, s));
        setZoom(s);
        // The layout's centre to the view's centre.
        content.setTranslateX(getWidth() / 2 - s * layout.width() / 2);
        content.setTranslateY(getHeight() / 2 - s * layout.height() / 2);
    }

    public double scale() {
        return scaling.getX();
    }

    /** Where the view is: its zoom and its pan (the picture's offset in the canvas). */
    public record ViewState(double scale, double translateX, double translateY) {
    }

    public ViewState viewState() {
        return new ViewState(scaling.getX(), content.getTranslateX(), content.getTranslateY());
    }

    /** Puts the view back where it was (null: leaves it). */
    public void restoreView(ViewState v) {
        if (v == null) {
            return;
        }
        landFlights();
        setZoom(v.scale());
        content.setTranslateX(v.translateX());
        content.setTranslateY(v.translateY());
    }

    /** The frame on screen. */
    public GraphModel shown() {
        return shown;
    }

    public GraphLayout graphLayout() {
        return layout;
    }

    private double dragX;
    private double dragY;

    private void installPanning() {
        setOnMousePressed(e -> {
            dragX = e.getX() - content.getTranslateX();
            dragY = e.getY() - content.getTranslateY();
        });
        setOnMouseDragged(e -> {
            landFlights();
            content.setTranslateX(e.getX() - dragX);
            content.setTranslateY(e.getY() - dragY);
        });
        setOnScroll(e -> zoom(e.getDeltaY() > 0 ? 1.1 : 1 / 1.1));
    }

    /** The object a drawn node stands for, by its scene id (`hwpt-6`), or null. */
    public NodeId refOf(String id) {
        return refs.get(id);
    }

    /** The node drawn for an object id, for tests and exports. */
    public Region nodeFor(String id) {
        return nodes.get(id);
    }

    public boolean edgeVisible(String id) {
        EdgeShape s = edges.get(id);
        return s != null && s.isVisible();
    }

    /** The route an edge is drawn along (its at-rest shape), or null when it is not drawn. */
    public List<GraphLayout.Point> edgeRoute(String id) {
        EdgeShape s = edges.get(id);
        return s == null || !s.isVisible() ? null : s.route();
    }

    public String edgeTarget(String id) {
        EdgeShape s = edges.get(id);
        return s == null || !s.isVisible() ? null : s.target;
    }
}
