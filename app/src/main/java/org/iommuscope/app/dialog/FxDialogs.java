package org.iommuscope.app.dialog;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dialogs of the desktop: JavaFX alerts, choosers and forms, owned by the window {@code owner} gives. */
public final class FxDialogs implements DialogService {
    private static final Logger LOG = LoggerFactory.getLogger(FxDialogs.class);
    public static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.YES);
    public static final ButtonType DONT_SAVE = new ButtonType("Don't save", ButtonBar.ButtonData.NO);

    private final Supplier<Window> owner;

    public FxDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    private Window owner() {
        Window w = owner.get();
        return w != null && w.isShowing() ? w : null;
    }

    @Override
    public SaveChoice askToSave(String what, String before) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", SAVE, DONT_SAVE, ButtonType.CANCEL);
        a.initOwner(owner());
        a.setTitle("Unsaved what-if work");
        a.setHeaderText("Save changes to " + what + " before " + before + "?");
        a.setContentText("The steps you clicked are kept in the journal until you choose; \"Don't save\" throws them away.");
        a.getDialogPane().setId("save-prompt");
        ButtonType answer = a.showAndWait().orElse(ButtonType.CANCEL);
        return answer == SAVE ? SaveChoice.SAVE : answer == DONT_SAVE ? SaveChoice.DONT_SAVE : SaveChoice.CANCEL;
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String initialName, FileKind kind) {
        FileChooser fc = chooser(title, kind);
        fc.setInitialFileName(initialName);
        File f = fc.showSaveDialog(owner());
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, FileKind kind) {
        File f = chooser(title, kind).showOpenDialog(owner());
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, FileKind kind, Path initial) {
        FileChooser fc = chooser(title, kind);
        if (initial != null && initial.toFile().isFile()) {
            fc.setInitialDirectory(initial.toAbsolutePath().getParent().toFile());
            fc.setInitialFileName(initial.getFileName().toString());
        } else if (initial != null && initial.toFile().isDirectory()) {
            fc.setInitialDirectory(initial.toAbsolutePath().toFile());
        }
        File f = fc.showOpenDialog(owner());
        return Optional.ofNullable(f).map(File::toPath);
    }

    private static FileChooser chooser(String title, FileKind kind) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind.label(), kind.patterns()));
        return fc;
    }

    @Override
    public Optional<Path> chooseDirectory(String title, Path initial) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        if (initial != null && initial.toFile().isDirectory()) {
            dc.setInitialDirectory(initial.toFile());
        }
        return Optional.ofNullable(dc.showDialog(owner())).map(File::toPath);
    }

    @Override
    public Optional<String> askText(String title, String header, String initial) {
        TextInputDialog d = new TextInputDialog(initial == null ? "" : initial);
        d.initOwner(owner());
        d.setTitle(title);
        d.setHeaderText(header);
        d.getDialogPane().setId("caption-dialog");
        return d.showAndWait();
    }

    @Override
    public Optional<Map<String, String>> askForm(String title, String header, List<FormField> fields) {
        Dialog<Map<String, String>> d = new Dialog<>();
        d.initOwner(owner());
        d.setTitle(title);
        d.setHeaderText(header);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().setId("op-form");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        Map<String, Control> inputs = new LinkedHashMap<>();
        int row = 0;
        for (FormField f : fields) {
            Control c;
            if (f.choices().isEmpty()) {
                TextField t = new TextField(f.initial());
                t.setPromptText(f.hint());
                c = t;
            } else {
                ChoiceBox<String> b = new ChoiceBox<>();
                b.getItems().setAll(f.choices());
                b.setValue(f.initial());
                c = b;
            }
            c.setId("form-" + f.key());
            inputs.put(f.key(), c);
            grid.addRow(row++, new Label(f.label()), c);
        }
        d.getDialogPane().setContent(grid);
        d.setResultConverter(bt -> {
            if (bt != ButtonType.OK) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            inputs.forEach((k, c) -> out.put(k, c instanceof TextField t ? t.getText().strip() : String.valueOf(((ChoiceBox<?>) c).getValue())));
            return out;
        });
        return d.showAndWait();
    }

    @Override
    public void showError(String title, String header, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text);
        a.initOwner(owner());
        a.setTitle(title);
        a.setHeaderText(header);
        a.show();
    }

    @Override
    public void showErrorDetails(String title, String header, String details) {
        show(Alert.AlertType.ERROR, title, header, details, "load-errors");
    }

    @Override
    public void showWarning(String title, String header, String details) {
        show(Alert.AlertType.WARNING, title, header, details, "import-warnings");
    }

    /** A non-blocking alert with its text in a read-only area (with {@code areaId}), to read or copy. */
    private void show(Alert.AlertType type, String title, String header, String details, String areaId) {
        Alert a = new Alert(type);
        a.initOwner(owner());
        a.setTitle(title);
        a.setHeaderText(header);
        TextArea area = new TextArea(details);
        area.setEditable(false);
        area.setWrapText(true);
        area.setId(areaId);
        a.getDialogPane().setContent(area);
        a.show();
    }

    @Override
    public void notifyProblem(String title, String text) {
        Window w = owner();
        if (w == null) {
            return;
        }
        try {
            Notifications.create().title(title).text(text).owner(w).hideAfter(Duration.seconds(6)).showError();
        } catch (RuntimeException e) {
            // The status row already says it; a notification popup that cannot show must not lose the click.
            LOG.warn("cannot show a notification", e);
        }
    }
}
