package org.iommuscope.app.whatif;

import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.app.graph.TopologyView;
import org.iommuscope.app.window.MainWindow;

/**
 * The what-if controls on a {@link MainWindow}, bound to a {@link WhatIf}: the branch switcher and the
 * message in the status row, each object's right-click menu, dragging an idev onto a hwpt or an IOAS, and a
 * double click on a log row to caption the step. It holds no state of the session's: all of it is the
 * view-model's.
 */
public final class WhatIfView {
    private final WhatIf whatIf;
    private final MainWindow window;
    private final DragAttach drag;
    private final ComboBox<String> branches = new ComboBox<>();
    private final Label message = new Label();
    /** The object and canvas menus: one open at a time. */
    private final org.iommuscope.app.menu.RightClick menus = new org.iommuscope.app.menu.RightClick();
    private boolean updating;

    private WhatIfView(WhatIf whatIf, MainWindow window) {
        this.whatIf = whatIf;
        this.window = window;
        this.drag = new DragAttach(whatIf, window.canvas());
        message.setId("whatif-message");
        message.getStyleClass().add("whatif-message");
        // A long report (every step an edit of the machine changed) is cut short here and read in full in the
        // notification and the tooltip; it must not widen the status row past the window.
        message.setPrefWidth(1);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.textProperty().bind(whatIf.message());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(message.textProperty());
        message.setTooltip(tip);
        branches.setId("branch-switcher");
        branches.setFocusTraversable(false);
        branches.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!updating && b.intValue() >= 0 && b.intValue() != whatIf.currentBranch().get()) {
                // Later: the switch rebuilds this list, which must not happen inside its own selection event.
                int i = b.intValue();
                Platform.runLater(() -> whatIf.switchTo(i));
            }
        });
        whatIf.branches().addListener((javafx.collections.ListChangeListener<String>) c -> showBranches());
        whatIf.currentBranch().addListener((o, a, b) -> showBranches());
        showBranches();
        window.timeline().addToStatusRow(branches);
        window.timeline().addToStatusRow(message);
        window.timeline().setOnCaptionEdit(whatIf::editCaption);
        window.addActions(whatIf.actions());
        TopologyView canvas = window.canvas();
        canvas.setNodeDecorator(this::decorate);
        canvas.setOnContextMenuRequested(e -> {
            if (e.getTarget() == canvas) {
                menus.open(() -> ObjectMenus.of("menu-canvas", whatIf.canvasActions()), canvas, e.getScreenX(), e.getScreenY(), false);
                e.consume();
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getTarget() == canvas && e.isSecondaryButtonDown()) {
                menus.open(() -> ObjectMenus.of("menu-canvas", whatIf.canvasActions()), canvas, e.getScreenX(), e.getScreenY(), true);
            }
        });
    }

    /** Puts the what-if controls on {@code window}, which shows {@code whatIf}'s scenario. */
    public static WhatIfView attach(WhatIf whatIf, MainWindow window) {
        return new WhatIfView(whatIf, window);
    }

    private void showBranches() {
        updating = true;
        try {
            if (!branches.getItems().equals(whatIf.branches())) {
                branches.getItems().setAll(whatIf.branches());
            }
            branches.getSelectionModel().select(whatIf.currentBranch().get());
            boolean several = whatIf.branches().size() > 1;
            branches.setVisible(several);
            branches.setManaged(several);
        } finally {
            updating = false;
        }
    }

    private void decorate(NodeId node, Region r) {
        drag.install(node, r);
        menus.install(r, () -> ObjectMenus.of("menu-" + node.css(), whatIf.actionsFor(node)));
    }

    public WhatIf model() {
        return whatIf;
    }

    public MainWindow window() {
        return window;
    }

    /** The object menu open now, or null. */
    public ContextMenu openMenu() {
        return menus.showing();
    }

    public ComboBox<String> branchSwitcher() {
        return branches;
    }

    public Label message() {
        return message;
    }

    /** Closes what it opened (a menu left open). */
    public void close() {
        menus.hide();
        drag.end();
    }
}
