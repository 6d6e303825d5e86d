package org.iommuscope.app;

import java.nio.file.Path;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The JavaFX application: opens a scenario (loaded off the FX thread), shows it in a {@link MainWindow},
 * and reports a malformed file's errors (file:line:column) in a dialog while keeping what was open.
 */
public final class IommuscopeApp extends Application {
    private static volatile Path initialFile;
    private Stage stage;
    private Scene scene;

    public static void launchWith(Path file) {
        initialFile = file;
        Application.launch(IommuscopeApp.class);
    }

    @Override
    public void start(Stage primary) {
        this.stage = primary;
        ProgressIndicator busy = new ProgressIndicator();
        VBox wait = new VBox(12, busy, new Label("loading…"));
        wait.setAlignment(javafx.geometry.Pos.CENTER);
        scene = new Scene(wait, 1440, 900);
        scene.getStylesheets().add(stylesheet());
        primary.setScene(scene);
        primary.setTitle("iommuscope");
        primary.show();
        open(initialFile == null ? Path.of("scenarios", "seed-thread.yaml") : initialFile);
    }

    /** The default stylesheet, from the class path (assets/ is packaged there). */
    public static String stylesheet() {
        return IommuscopeApp.class.getResource("assets/iommuscope.css").toExternalForm();
    }

    /** Loads a scenario in the background; on success shows it, on failure keeps the current one and explains. */
    public void open(Path file) {
        Task<ScenarioFrames.Loaded> load = new Task<>() {
            @Override
            protected ScenarioFrames.Loaded call() throws Exception {
                return ScenarioFrames.load(file);
            }
        };
        load.setOnSucceeded(e -> show(file, load.getValue()));
        load.setOnFailed(e -> showError(file, load.getException()));
        Thread t = new Thread(load, "scenario-loader");
        t.setDaemon(true);
        t.start();
    }

    private void show(Path file, ScenarioFrames.Loaded loaded) {
        MainWindow window = new MainWindow(loaded.frames());
        window.setSource(file, loaded.title(), loaded.profile());
        Preferences.addRecentFile(file.toAbsolutePath().normalize().toString());
        window.setTop(new javafx.scene.layout.VBox(menuBar(window), window.getTop()));
        stage.setTitle(loaded.title() + " — " + loaded.profile() + " — iommuscope");
        scene.setRoot(window);
        window.install(scene, Map.of(
                KeyAction.OPEN, this::chooseFile,
                KeyAction.QUIT, Platform::exit));
        Platform.runLater(window.canvas()::fit);
    }

    /** File (open, recent, quit) and View (zoom, fit, divergent only, reduced motion). */
    private javafx.scene.control.MenuBar menuBar(MainWindow window) {
        javafx.scene.control.MenuItem open = new javafx.scene.control.MenuItem("Open…");
        open.setAccelerator(KeyAction.OPEN.defaults()[0]);
        open.setOnAction(e -> chooseFile());
        javafx.scene.control.Menu recent = new javafx.scene.control.Menu("Open Recent");
        recent.setId("menu-recent");
        for (String f : Preferences.recentFiles()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(f);
            item.setOnAction(e -> open(Path.of(f)));
            recent.getItems().add(item);
        }
        recent.setDisable(recent.getItems().isEmpty());
        javafx.scene.control.MenuItem quit = new javafx.scene.control.MenuItem("Quit");
        quit.setAccelerator(KeyAction.QUIT.defaults()[0]);
        quit.setOnAction(e -> Platform.exit());
        javafx.scene.control.Menu export = org.iommuscope.app.export.ExportMenu.create(window::viewExport, () -> stage,
                KeyAction.COPY_VIEW_COMMAND.defaults()[0]);
        javafx.scene.control.Menu fileMenu = new javafx.scene.control.Menu("File", null, open, recent, export,
                new javafx.scene.control.SeparatorMenuItem(), quit);
        javafx.scene.control.MenuItem fit = new javafx.scene.control.MenuItem("Fit (F)");
        fit.setOnAction(e -> window.canvas().fit());
        javafx.scene.control.CheckMenuItem divergent = new javafx.scene.control.CheckMenuItem("Divergent only (D)");
        divergent.setOnAction(e -> window.canvas().setDivergentOnly(divergent.isSelected()));
        javafx.scene.control.CheckMenuItem motion = new javafx.scene.control.CheckMenuItem("Reduced motion");
        motion.setId("menu-reduced-motion");
        motion.setSelected(Preferences.reducedMotion());
        motion.setOnAction(e -> Preferences.setReducedMotion(motion.isSelected()));
        javafx.scene.control.Menu view = new javafx.scene.control.Menu("View", null, fit, divergent, motion);
        javafx.scene.control.MenuBar bar = new javafx.scene.control.MenuBar(fileMenu, view);
        bar.setId("menu-bar");
        return bar;
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open scenario");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Scenarios", "*.yaml", "*.yml"));
        java.io.File f = fc.showOpenDialog(stage);
        if (f != null) {
            open(f.toPath());
        }
    }

    private void showError(Path file, Throwable error) {
        String text = error instanceof ScenarioFrames.LoadFailure lf ? String.join("\n", lf.messages())
                : file + ": " + error.getMessage();
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.setTitle("Cannot open scenario");
        a.setHeaderText(file.getFileName() + " has errors; the current scenario stays open.");
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setId("load-errors");
        a.getDialogPane().setContent(area);
        a.show();
    }
}
