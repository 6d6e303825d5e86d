package org.iommuscope.app.whatif;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.control.Alert;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.StepOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The what-if view-model: connects a {@link Session} to a {@link MainWindow}. Clicks on the canvas become ops
 * on the session; every change of the session comes back as new frames for the stepper, fork marks for the
 * timeline and entries in the branch switcher. A refused op is reported with the kernel's errno and reason
 * in a notification and in the status row.
 */
public final class WhatIf {
    private static final Logger LOG = LoggerFactory.getLogger(WhatIf.class);

    private final MainWindow window;
    private final Session session;
    private final ObjectMenus menus = new ObjectMenus(this);
    private final DragAttach drag = new DragAttach(this);
    private final ComboBox<String> branches = new ComboBox<>();
    private final Label message = new Label();
    private final MenuItem undoItem = new MenuItem("Undo");
    private final MenuItem redoItem = new MenuItem("Redo");
    private boolean updating;

    private WhatIf(MainWindow window, Session session) {
        this.window = window;
        this.session = session;
        message.setId("whatif-message");
        message.getStyleClass().add("whatif-message");
        // A long report (every step an edit of the machine changed) is cut short here and read in full in the
        // notification and the tooltip; it must not widen the status row past the window.
        message.setPrefWidth(1);
        message.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.layout.HBox.setHgrow(message, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(message.textProperty());
        message.setTooltip(tip);
        branches.setId("branch-switcher");
        branches.setFocusTraversable(false);
        branches.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!updating && b.intValue() >= 0) {
                // Later: the switch rebuilds this list, which must not happen inside its own selection event.
                int i = b.intValue();
                javafx.application.Platform.runLater(() -> session.switchTo(i));
            }
        });
        window.timeline().addToStatusRow(branches);
        window.timeline().addToStatusRow(message);
        window.timeline().setOnCaptionEdit(this::editCaption);
        window.stepper().index().addListener((o, a, b) -> session.view(b.intValue()));
        window.canvas().setNodeDecorator(this::decorate);
        window.canvas().setOnContextMenuRequested(e -> {
            if (e.getTarget() == window.canvas()) {
                popup(window.canvas(), menus::canvasMenu, e.getScreenX(), e.getScreenY(), false);
                e.consume();
            }
        });
        window.canvas().addEventHandler(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getTarget() == window.canvas() && e.isSecondaryButtonDown()) {
                popup(window.canvas(), menus::canvasMenu, e.getScreenX(), e.getScreenY(), true);
            }
        });
        undoItem.setId("menu-undo");
        undoItem.setAccelerator(KeyAction.UNDO.defaults()[0]);
        undoItem.setOnAction(e -> session.undo());
        redoItem.setId("menu-redo");
        redoItem.setAccelerator(KeyAction.REDO.defaults()[0]);
        redoItem.setOnAction(e -> session.redo());
        session.addListener(this::refresh);
        refresh();
    }

    /** A window showing the session, with the what-if interactions installed. */
    public static WhatIf open(Session session) {
        MainWindow w = new MainWindow(ScenarioFrames.frames(session.run()));
        w.stepper().jump(session.position());
        return new WhatIf(w, session);
    }

    /** Adds what-if to a window already showing the session's scenario (the session's run must be the same). */
    public static WhatIf attach(MainWindow window, Session session) {
        return new WhatIf(window, session);
    }

    public MainWindow window() {
        return window;
    }

    public Session session() {
        return session;
    }

    /** Undo, redo, save, save as: for the window's key table. */
    public Map<KeyAction, Runnable> actions() {
        return Map.of(KeyAction.UNDO, session::undo, KeyAction.REDO, session::redo,
                KeyAction.SAVE, this::save, KeyAction.SAVE_AS, this::saveAs);
    }

    /** File → Save, Save As…. */
    public List<MenuItem> fileItems() {
        MenuItem save = new MenuItem("Save");
        save.setId("menu-save");
        save.setAccelerator(KeyAction.SAVE.defaults()[0]);
        save.setOnAction(e -> save());
        MenuItem saveAs = new MenuItem("Save As…");
        saveAs.setId("menu-save-as");
        saveAs.setAccelerator(KeyAction.SAVE_AS.defaults()[0]);
        saveAs.setOnAction(e -> saveAs());
        return List.of(save, saveAs);
    }

    /** Edit → Undo, Redo. */
    public Menu editMenu() {
        Menu edit = new Menu("Edit", null, undoItem, redoItem);
        edit.setId("menu-edit");
        return edit;
    }

    // ---- from the session to the screen -----------------------------------------------------------

    private void refresh() {
        updating = true;
        try {
            window.stepper().setFrames(ScenarioFrames.frames(session.run()), session.position());
            window.timeline().setForks(session.forks());
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < session.tree().branches().size(); i++) {
                names.add(session.describe(i));
            }
            if (!branches.getItems().equals(names)) {
                branches.getItems().setAll(names);
            }
            branches.getSelectionModel().select(session.tree().current());
            branches.setVisible(names.size() > 1);
            branches.setManaged(names.size() > 1);
            undoItem.setDisable(!session.canUndo());
            redoItem.setDisable(!session.canRedo());
        } finally {
            updating = false;
        }
    }

    private void decorate(String id, javafx.scene.layout.Region r) {
        drag.install(id, r);
        java.util.function.Supplier<ContextMenu> menu = () -> {
            GraphModel.Node n = window.canvas().shown() == null ? null : window.canvas().shown().nodes().get(id);
            return n == null ? null : menus.menuFor(id, n.label());
        };
        r.setOnContextMenuRequested(e -> {
            popup(r, menu, e.getScreenX(), e.getScreenY(), false);
            e.consume();
        });
        r.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            if (e.isSecondaryButtonDown()) {
                popup(r, menu, e.getScreenX(), e.getScreenY(), true);
                e.consume();
            }
        });
    }

    private ContextMenu popup;

    /**
     * Opens an object's menu on a secondary press or on the platform's context-menu request, whichever comes:
     * some platforms send only one of them (the headless test platform sends no menu request), most send both,
     * and the second must not open the menu again.
     */
    private void popup(javafx.scene.Node anchor, java.util.function.Supplier<ContextMenu> menu, double x, double y, boolean press) {
        if (!press && popup != null && popup.isShowing()) {
            return;
        }
        if (popup != null) {
            popup.hide();
        }
        popup = menu.get();
        if (popup != null) {
            popup.show(anchor, x, y);
        }
    }

    /** The ids of the nodes the canvas shows now. */
    Set<String> visibleNodes() {
        GraphModel shown = window.canvas().shown();
        return shown == null ? Set.of() : shown.nodes().keySet();
    }

    DragAttach drag() {
        return drag;
    }

    ObjectMenus menus() {
        return menus;
    }

    Window owner() {
        return window.getScene() == null ? null : window.getScene().getWindow();
    }

    // ---- from the user to the session -------------------------------------------------------------

    /** Runs a clicked op; a refusal is reported with its errno and recorded as a step that changed nothing. */
    public StepOutcome run(OpSpec op) {
        int branchesBefore = session.tree().branches().size();
        StepOutcome o = session.apply(op);
        String text = op.text(null);
        if (o.engineStep() == null) {
            report(op.name() + " not run", String.join("; ", o.problems()));
            return o;
        }
        Result r = o.engineStep().result();
        if (r.errno() != null) {
            report(op.name() + " refused: " + r.errno() + " (-" + r.errno().number() + ")", text + "\n" + r.reason());
        } else if (r.fault()) {
            report("DMA fault", text + (r.reason().isBlank() ? "" : "\n" + r.reason()));
        } else if (session.tree().branches().size() > branchesBefore) {
            Session.Branch b = session.tree().branch();
            message.setText(b.name() + " forked at step " + b.forkAt() + "; the old future is kept (switch in the list)");
        } else {
            message.setText("");
        }
        return o;
    }

    void addGroup(String group, String name) {
        try {
            session.addGroup(Integer.parseInt(group.strip()), name.strip());
            message.setText("");
        } catch (NumberFormatException e) {
            report("device not added", "'" + group + "' is not a group number");
        } catch (IllegalArgumentException e) {
            report("device not added", e.getMessage());
        }
    }

    /**
     * Adds a device to an existing group; a bad or taken address records nothing and says why. The machine is
     * the one at boot, so the recorded steps replay on it: those whose outcome changed are listed.
     */
    void addDevice(int group, String bdf, String driver, boolean msi) {
        List<String> changed;
        try {
            changed = session.addDevice(group, bdf, driver, msi);
        } catch (IllegalArgumentException e) {
            report("device not added", e.getMessage());
            return;
        }
        String added = bdf.strip().toLowerCase(java.util.Locale.ROOT) + " (" + driver.strip() + ") added to iommu_group " + group;
        if (changed.isEmpty()) {
            message.setText(added + " from boot; no recorded step changed");
        } else {
            long stuck = changed.stream().filter(c -> c.contains(" can no longer run")).count();
            List<String> shown = changed.size() <= 6 ? changed : new java.util.ArrayList<>(changed.subList(0, 5));
            if (shown.size() < changed.size()) {
                shown.add("… and " + (changed.size() - 5) + " more (the log marks them)");
            }
            report(added + " from boot: " + changed.size() + (changed.size() == 1 ? " step changed" : " steps changed")
                    + (stuck > 0 ? ", " + stuck + " can no longer run" : ""), String.join("\n", shown));
        }
    }

    /** Shows a problem in the status row and as a notification. */
    void report(String title, String text) {
        message.setText(title + " — " + text.replace('\n', ' '));
        Window owner = owner();
        if (owner == null || !owner.isShowing()) {
            return;
        }
        try {
            Notifications.create().title(title).text(text).owner(owner).hideAfter(Duration.seconds(6)).showError();
        } catch (RuntimeException e) {
            // The status row already says it; a notification popup that cannot show must not lose the click.
            LOG.warn("cannot show a notification", e);
        }
    }

    public Label message() {
        return message;
    }

    /** The object menu open now, or null. */
    public ContextMenu openMenu() {
        return popup != null && popup.isShowing() ? popup : null;
    }

    public ComboBox<String> branchSwitcher() {
        return branches;
    }

    private void editCaption(int number) {
        var step = session.tree().branch().steps();
        if (number < 1 || number > step.size()) {
            return;
        }
        String old = step.get(number - 1).say();
        TextInputDialog d = new TextInputDialog(old == null ? "" : old);
        d.initOwner(owner());
        d.setTitle("Caption");
        d.setHeaderText("Caption of step " + number);
        d.getDialogPane().setId("caption-dialog");
        d.showAndWait().ifPresent(text -> session.caption(number, text));
    }

    // ---- saving -----------------------------------------------------------------------------------

    /** Saves where the session was last saved, else asks where (the opened file is a demo and is not overwritten). */
    public void save() {
        if (session.savedTo() == null) {
            saveAs();
        } else {
            saveTo(session.savedTo());
        }
    }

    public void saveAs() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save scenario");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Scenarios", "*.yaml", "*.yml"));
        fc.setInitialFileName("what-if.yaml");
        java.io.File f = fc.showSaveDialog(owner());
        if (f != null) {
            saveTo(f.toPath());
        }
    }

    /** Writes the current branch; a failure is shown in a dialog and loses nothing (the journal still holds it). */
    public boolean saveTo(Path file) {
        try {
            session.save(file);
            org.iommuscope.app.settings.Preferences.addRecentFile(file.toAbsolutePath().normalize().toString());
            // A device added from boot can leave recorded steps unable to run (their idev was never bound):
            // the file keeps them, and says so here rather than letting check be the first to tell.
            long failing = org.iommuscope.engine.scenario.ScenarioRunner.run(session.forSaving()).outcomes().stream()
                    .filter(o -> !o.passed()).count();
            message.setText("saved to " + file + (failing == 0 ? ""
                    : " — " + failing + (failing == 1 ? " step does" : " steps do") + " not pass check on this machine (see the log)"));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot save {}", file, e);
            Alert a = new Alert(Alert.AlertType.ERROR, file + ": " + e.getMessage());
            a.initOwner(owner());
            a.setHeaderText("The scenario was not saved");
            a.show();
            return false;
        }
    }
}
