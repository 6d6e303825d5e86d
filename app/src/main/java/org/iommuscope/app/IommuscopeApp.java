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
        load.setOnSucceeded(e -> show(load.getValue()));
        load.setOnFailed(e -> showError(file, load.getException()));
        Thread t = new Thread(load, "scenario-loader");
        t.setDaemon(true);
        t.start();
    }

    private void show(ScenarioFrames.Loaded loaded) {
        MainWindow window = new MainWindow(loaded.frames());
        stage.setTitle(loaded.title() + " — " + loaded.profile() + " — iommuscope");
        scene.setRoot(window);
        window.install(scene, Map.of(
                KeyAction.OPEN, this::chooseFile,
                KeyAction.QUIT, Platform::exit));
        Platform.runLater(window.canvas()::fit);
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
