package org.iommuscope.app.explore;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.graphstream.graph.Node;
import org.graphstream.ui.fx_viewer.FxViewPanel;
import org.graphstream.ui.fx_viewer.FxViewer;
import org.graphstream.ui.geom.Point3;
import org.graphstream.ui.graphicGraph.GraphicElement;
import org.graphstream.ui.graphicGraph.GraphicGraph;
import org.graphstream.ui.graphicGraph.GraphicNode;
import org.graphstream.ui.javafx.FxGraphRenderer;
import org.graphstream.ui.layout.Layout;
import org.graphstream.ui.layout.springbox.implementations.SpringBox;
import org.graphstream.ui.view.View;
import org.graphstream.ui.view.Viewer;
import org.graphstream.ui.view.camera.Camera;
import org.graphstream.ui.view.util.InteractiveElement;
import org.graphstream.ui.view.util.MouseManager;

/**
 * Explore: a large machine drawn by GraphStream's FxViewer with its force layout. Search a BDF, a group or a
 * unit; click to select (Shift adds), double-click a group or unit to collapse or expand it; drag to pan,
 * scroll to zoom; "Open in main canvas" hands the selected groups to the main window.
 */
public final class ExploreView extends BorderPane {
    private final ExploreGraph model;
    private final FxViewer viewer;
    private final FxViewPanel panel;
    private final Layout layout = new SpringBox(false);
    private final Set<String> selection = new LinkedHashSet<>();
    private final TextField search = new TextField();
    private final Label status = new Label();
    private final Label found = new Label();
    private final Button send = new Button("Open selection in main canvas");
    private Consumer<List<Integer>> onSend;
    private double dragX;
    private double dragY;
    private boolean dragged;
    private boolean closed;

    /** The machine {@code model} holds, drawn by GraphStream; {@code onSend} gets the groups chosen for the main canvas. */
    public ExploreView(ExploreGraph model, Consumer<List<Integer>> onSend) {
        this.onSend = onSend;
        getStyleClass().add("explore");
        this.model = model;
        boolean small = model.deviceCount() <= ExploreStyle.SMALL_DEVICES;
        model.graph().setAttribute("ui.stylesheet", small ? ExploreStyle.CSS + ExploreStyle.SMALL : ExploreStyle.CSS);
        viewer = new FxViewer(model.graph(), Viewer.ThreadingModel.GRAPH_IN_GUI_THREAD);
        viewer.enableAutoLayout(layout);
        panel = (FxViewPanel) viewer.addDefaultView(false, new FxGraphRenderer());
        // Our own mouse handling: GraphStream's would select on its graphic graph, out of our sight.
        panel.setMouseManager(new MouseManager() {
            @Override
            public void init(GraphicGraph graph, View view) {
            }

            @Override
            public void release() {
            }

            @Override
            public EnumSet<InteractiveElement> getManagedTypes() {
                return EnumSet.noneOf(InteractiveElement.class);
            }
        });
        panel.setId("explore-graph");
        // FxViewPanel hit-tests wrongly unless it sits at (0,0) of its parent: its own StackPane.
        StackPane canvas = new StackPane(panel);
        canvas.setId("explore-canvas");
        canvas.setMinSize(200, 200);
        installMouse();

        search.setId("explore-search");
        search.setPromptText("BDF, group or IOMMU unit (Enter)");
        search.setPrefColumnCount(22);
        search.setOnAction(e -> find(search.getText()));
        found.setId("explore-found");
        Button collapse = new Button("Collapse / expand");
        collapse.setId("explore-collapse");
        collapse.setTooltip(new Tooltip("Collapse or expand the selected groups and IOMMU units (or double-click one)"));
        collapse.setOnAction(e -> toggleCollapse(new ArrayList<>(selection)));
        Button collapseAll = new Button("Collapse all groups");
        collapseAll.setId("explore-collapse-all");
        collapseAll.setOnAction(e -> structural(() -> model.collapseAllGroups(true)));
        Button expandAll = new Button("Expand all");
        expandAll.setId("explore-expand-all");
        expandAll.setOnAction(e -> structural(model::expandAll));
        send.setId("explore-send");
        send.setDefaultButton(false);
        send.setOnAction(e -> sendSelection());
        HBox bar = new HBox(8, search, found, new Separator(javafx.geometry.Orientation.VERTICAL), collapse, collapseAll, expandAll, send);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        HBox.setHgrow(found, Priority.ALWAYS);
        found.setMaxWidth(Double.MAX_VALUE);
        status.setId("explore-status");
        status.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);
        setCenter(canvas);
        setBottom(status);
        updateStatus();
    }

    public void setOnSend(Consumer<List<Integer>> handler) {
        this.onSend = handler;
    }

    public ExploreGraph model() {
        return model;
    }

    public FxViewPanel panel() {
        return panel;
    }

    /** The force layout has come to rest (it wakes again on the next structural change). */
    public boolean layoutSettled() {
        return layout.getStabilization() >= layout.getStabilizationLimit();
    }

    /** Where a node is drawn, in screen coordinates; empty while it has no place yet. */
    public Optional<javafx.geometry.Point2D> screenPositionOf(String id) {
        if (!closed && viewer.getGraphicGraph().getNode(id) instanceof GraphicNode n) {
            Point3 px = panel.getCamera().transformGuToPx(n.getX(), n.getY(), 0);
            return Optional.ofNullable(panel.localToScreen(px.x, px.y));
        }
        return Optional.empty();
    }

    public Set<String> selection() {
        return Set.copyOf(selection);
    }

    /** Stops the layout thread (non-daemon) and the repaint timer; once (GraphStream's close is not idempotent). */
    public void close() {
        if (!closed) {
            closed = true;
            viewer.disableAutoLayout();
            viewer.close();
        }
    }

    private void installMouse() {
        panel.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
        });
        panel.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            Camera cam = panel.getCamera();
            Point3 a = cam.transformPxToGu(dragX, dragY);
            Point3 b = cam.transformPxToGu(e.getX(), e.getY());
            Point3 c = cam.getViewCenter();
            cam.setViewCenter(c.x - (b.x - a.x), c.y - (b.y - a.y), 0);
            dragX = e.getX();
            dragY = e.getY();
            dragged = true;
        });
        panel.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (dragged || e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            GraphicElement el = panel.findGraphicElementAt(EnumSet.of(InteractiveElement.NODE), e.getX(), e.getY());
            String id = el == null ? null : el.getId();
            if (id != null && e.getClickCount() == 2) {
                toggleCollapse(List.of(id));
            } else if (id != null && e.isShiftDown()) {
                if (!selection.remove(id)) {
                    selection.add(id);
                }
                showSelection();
            } else {
                select(id == null ? List.of() : List.of(id));
            }
        });
        panel.addEventHandler(ScrollEvent.SCROLL, e -> {
            Camera cam = panel.getCamera();
            double f = e.getDeltaY() > 0 ? 1 / 1.15 : 1.15;
            cam.setViewPercent(Math.max(0.01, Math.min(2, cam.getViewPercent() * f)));
        });
    }

    /** Replaces the selection. */
    public void select(List<String> ids) {
        selection.clear();
        selection.addAll(ids);
        showSelection();
    }

    private void showSelection() {
        model.graph().nodes().forEach(n -> {
            if (selection.contains(n.getId())) {
                n.setAttribute("ui.selected");
            } else if (n.hasAttribute("ui.selected")) {
                n.removeAttribute("ui.selected");
            }
        });
        selection.removeIf(id -> model.graph().getNode(id) == null);
        updateStatus();
    }

    /** Finds a BDF, group or unit, selects it and brings it to the middle of the view. */
    public Optional<String> find(String query) {
        int before = model.graph().getNodeCount();
        Optional<String> id = model.find(query);
        if (model.graph().getNodeCount() != before) {
            layout.shake();
        }
        if (id.isEmpty()) {
            found.setText("no device, group or unit '" + query.strip() + "'");
            return id;
        }
        found.setText("");
        select(List.of(id.get()));
        centerOn(id.get(), 0.25);
        // A node just revealed has no place yet: look again once the layout has put it somewhere.
        PauseTransition later = new PauseTransition(Duration.millis(600));
        later.setOnFinished(e -> centerOn(id.get(), 0.25));
        later.play();
        return id;
    }

    private void centerOn(String id, double viewPercent) {
        // A delayed re-centre may fire after the window closed.
        if (closed) {
            return;
        }
        if (viewer.getGraphicGraph().getNode(id) instanceof GraphicNode n) {
            panel.getCamera().setViewCenter(n.getX(), n.getY(), 0);
            panel.getCamera().setViewPercent(viewPercent);
        }
    }

    /** Collapses a group or unit that is expanded, expands one that is collapsed; a device stands for its group. */
    public void toggleCollapse(List<String> ids) {
        structural(() -> {
            for (String id : ids) {
                if (id.startsWith("iommu-")) {
                    String unit = id.substring(6);
                    model.collapseUnit(unit, !model.unitCollapsed(unit));
                } else {
                    for (int g : model.groupsOf(List.of(id))) {
                        model.collapseGroup(g, !model.groupCollapsed(g));
                        if (!id.startsWith("group-")) {
                            selection.remove(id);
                            selection.add("group-" + g);
                        }
                    }
                }
            }
        });
    }

    /**
     * A change of nodes and edges: the layout, asleep once stable, must run again (shake() clears its energy
     * history, nothing moves); the view follows the selection, or fits the graph when nothing is selected.
     */
    private void structural(Runnable change) {
        change.run();
        layout.shake();
        showSelection();
        PauseTransition later = new PauseTransition(Duration.millis(500));
        later.setOnFinished(e -> {
            if (closed) {
                return;
            }
            if (selection.isEmpty()) {
                panel.getCamera().resetView();
            } else {
                centerOn(selection.iterator().next(), panel.getCamera().getViewPercent());
            }
        });
        later.play();
    }

    private void sendSelection() {
        List<Integer> groups = model.groupsOf(selection);
        if (!groups.isEmpty()) {
            onSend.accept(groups);
        }
    }

    private void updateStatus() {
        StringBuilder s = new StringBuilder();
        s.append(model.summary()).append(" · ").append(model.graph().getNodeCount()).append(" nodes drawn");
        if (!selection.isEmpty()) {
            List<Integer> groups = model.groupsOf(selection);
            s.append(" · selected: ").append(String.join(", ", selection.stream().limit(4).map(this::describe).toList()));
            if (selection.size() > 4) {
                s.append(" and ").append(selection.size() - 4).append(" more");
            }
            s.append(" → ").append(groups.size()).append(" group(s)");
            String notViable = groups.size() == 1 ? model.notViableText(groups.get(0)) : null;
            if (notViable != null) {
                s.append(" · not viable: ").append(notViable);
            }
        }
        status.setText(s.toString());
        send.setDisable(selection.isEmpty());
    }

    private String describe(String id) {
        Node n = model.graph().getNode(id);
        Object label = n == null ? null : n.getAttribute("ui.label");
        return label == null ? id : label.toString();
    }
}
