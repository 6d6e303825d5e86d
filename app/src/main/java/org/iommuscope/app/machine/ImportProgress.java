package org.iommuscope.app.machine;

import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/** A small window with a progress bar, shown only when an import takes longer than a moment. */
public final class ImportProgress {
    static final Duration MOMENT = Duration.millis(300);

    private ImportProgress() {
    }

    public static void watch(Window owner, ImportTask task) {
        ProgressBar bar = new ProgressBar();
        bar.setId("import-progress");
        bar.setPrefWidth(360);
        bar.progressProperty().bind(task.progressProperty());
        Label message = new Label();
        message.textProperty().bind(task.messageProperty());
        VBox box = new VBox(10, new Label("Importing the machine's IOMMU topology"), bar, message);
        box.setPadding(new Insets(16));
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Import machine");
        stage.setScene(new Scene(box));
        PauseTransition wait = new PauseTransition(MOMENT);
        wait.setOnFinished(e -> {
            if (task.isRunning()) {
                stage.show();
            }
        });
        wait.play();
        task.runningProperty().addListener((o, was, running) -> {
            if (!running) {
                wait.stop();
                stage.close();
            }
        });
    }
}
