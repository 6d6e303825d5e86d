package org.iommuscope.app.graph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import org.iommuscope.app.graph.GraphModel.Kind;

/**
 * The presentation canvas: one JavaFX node per object (ids such as `hwpt-7`, `idev-2`, `group-26`),
 * placed where the union layout put it, styled by CSS classes. Showing a frame never moves a node;
 * with animation on, a group's domain edge travels to its new hwpt, a NOP replace pulses, and hwpts
 * fade in when born and out when freed.
 *
 * <p>It draws a {@link GraphStep} (the projection of a step); the boxes are {@link NodeBoxes}', the edges
 * an {@link EdgeLayer}'s, a DMA probe a {@link ProbePath}; zoom, pan and fit are its {@link Viewport}'s.
 */
public final class TopologyView extends Pane {

    private final Group content = new Group();
    /** Zoom, pan and fit: what part of the picture shows. */
    private final Viewport viewport;
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
    private final EdgeLayer edges;
    /** The step animations' durations and clock: real time, or held for {@link #seek}. */
    private final Motion motion = new Motion();
    private GraphLayout layout;
    private final Set<String> changed = new HashSet<>();
    /** What each node and edge was last brought up to date with: a step leaves most of them as they were. */
    private final Map<String, GraphModel.Node> appliedNodes = new HashMap<>();
    private final Set<String> appliedChanged = new HashSet<>();
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
        edges = new EdgeLayer(edgeLayer, movingLayer, motion);
        viewport = new Viewport(this, content, () -> layout, edges::land);
        viewport.scaleProperty().addListener((o, a, b) -> applyDetail(false));
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
        edges.clear();
        nodeLayer.getChildren().clear();
        nodes.clear();
        refs.clear();
        appliedNodes.clear();
        appliedChanged.clear();
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
                NodeBoxes.place(r, b);
                moved.add(id);
            }
        });
        edges.forgetRoutesOf(moved);
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
            Region r = NodeBoxes.create(n, this::select);
            NodeBoxes.place(r, b);
            r.setVisible(false);
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
        boolean show = viewport.scale() >= LABEL_SCALE;
        if (show == labelsShown && !force) {
            return;
        }
        labelsShown = show;
        for (Region r : nodes.values()) {
            NodeBoxes.showText(r, show);
        }
    }

    /** True when node labels are drawn at the current zoom. */
    public boolean labelsShown() {
        return labelsShown;
    }

    /** Shows one frame; with {@code animate} and a previous frame, changes move instead of jumping. */
    public void show(GraphStep step, boolean animate) {
        motion.nextStep();
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
                if (animate && was && viewport.inView(r.getBoundsInParent())) {
                    motion.fadeOut(r);
                } else {
                    r.setVisible(false);
                }
                continue;
            }
            boolean isChanged = changed.contains(n.id());
            if (!n.equals(appliedNodes.get(n.id())) || isChanged != appliedChanged.contains(n.id())) {
                NodeBoxes.update(r, n, n.id().equals(selected), isChanged);
                appliedNodes.put(n.id(), n);
                if (isChanged) {
                    appliedChanged.add(n.id());
                } else {
                    appliedChanged.remove(n.id());
                }
            }
            if (animate && !was && n.kind() != Kind.GROUP && n.kind() != Kind.DEVICE && viewport.inView(r.getBoundsInParent())) {
                motion.fadeIn(r);
            } else {
                r.setOpacity(1);
                r.setVisible(true);
            }
        }
        edges.show(frame, layout, animate, viewport);
        if (animate) {
            for (String id : step.pulses()) {
                Region r = nodes.get(id);
                if (r != null && viewport.inView(r.getBoundsInParent())) {
                    motion.pulse(r);
                }
            }
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
            ProbePath.draw(layout, p, animate, probeLayer, markerLayer, motion);
        }
    }

    /** The DMA probes the shown step drew (device first, marker at the end), for tests and exports. */
    public List<DmaProbe> probes() {
        return List.copyOf(probes);
    }

    /** True while any edge is still travelling (tests and exports wait for it). */
    public boolean animating() {
        return edges.animating();
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

    /**
     * On: the animations a step starts (an edge travelling, boxes fading or pulsing, a probe drawing its path) no
     * longer run in real time but wait at their start, and {@link #seek} sets them to a moment, so that frames
     * can be drawn at any rate (an exported animation). Off: they play as in the window.
     */
    public void setScrubbed(boolean on) {
        motion.setScrubbed(on);
    }

    /** Sets every animation of the shown step to {@code ms} after its start (each stops at its own end). */
    public void seek(double ms) {
        motion.seek(ms);
    }

    /** The view is going off screen: edges in flight land at once. */
    public void stopAnimations() {
        edges.land();
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
        edges.dim(focus, divergentOnly);
        dimmedAny = divergentOnly;
    }

    private static final javafx.css.PseudoClass DIMMED = javafx.css.PseudoClass.getPseudoClass("dimmed");

    // ---- zoom, pan, fit (lstopo's + - 0 F): the viewport's ---------------------------------------------

    /** Zooms about the centre of the view: what is in the middle stays there. */
    public void zoom(double factor) {
        viewport.zoom(factor);
    }

    public void resetZoom() {
        viewport.resetZoom();
    }

    /** The whole picture, as large as the canvas allows (between 0.2 and 2). */
    public void fit() {
        viewport.fit();
    }

    public double scale() {
        return viewport.scale();
    }

    /** Where the view is: its zoom and its pan (the picture's offset in the canvas). */
    public record ViewState(double scale, double translateX, double translateY) {
    }

    public ViewState viewState() {
        return viewport.state();
    }

    /** Puts the view back where it was (null: leaves it). */
    public void restoreView(ViewState v) {
        viewport.restore(v);
    }

    /** The frame on screen. */
    public GraphModel shown() {
        return shown;
    }

    public GraphLayout graphLayout() {
        return layout;
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
        return edges.shown(id) != null;
    }

    /** The route an edge is drawn along (its at-rest shape), or null when it is not drawn. */
    public List<GraphLayout.Point> edgeRoute(String id) {
        EdgeShape s = edges.shown(id);
        return s == null ? null : s.route();
    }

    public String edgeTarget(String id) {
        EdgeShape s = edges.shown(id);
        return s == null ? null : s.target;
    }
}
