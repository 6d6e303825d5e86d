package org.iommuscope.app.compare;

import org.iommuscope.app.appearance.Appearance;
import org.iommuscope.app.keys.CheatSheet;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.engine.iommufd.Profile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** View → Compare profiles…: asks for two profiles, runs the open scenario under both, shows them side by side. */
public final class CompareWindow {
    private static final Logger LOG = LoggerFactory.getLogger(CompareWindow.class);

    private CompareWindow() {
    }

    /** The two profiles to compare; the seed thread's question (v2-patch | v6.15) is the default. */
    public record Choice(Profile left, Profile right) {
    }

    public static Optional<Choice> choose(Window owner) {
        Dialog<Choice> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Compare profiles");
        d.setHeaderText("Run the scenario under two kernel models, side by side.");
        ComboBox<Profile> a = new ComboBox<>();
        ComboBox<Profile> b = new ComboBox<>();
        a.getItems().setAll(Profile.values());
        b.getItems().setAll(Profile.values());
        a.setValue(Profile.V2_PATCH);
        b.setValue(Profile.V6_15);
        a.setId("compare-left");
        b.setId("compare-right");
        d.getDialogPane().setContent(new HBox(8, a, new Label("|"), b));
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(bt -> bt == ButtonType.OK ? new Choice(a.getValue(), b.getValue()) : null);
        return d.showAndWait();
    }

    /** Loads in the background, then opens the comparison in a window of its own. */
    public static void open(Path file, Choice choice, Appearance appearance, Window owner) {
        Task<ProfilePair> load = new Task<>() {
            @Override
            protected ProfilePair call() throws Exception {
                return ProfilePair.load(file, choice.left(), choice.right());
            }
        };
        load.setOnSucceeded(e -> show(load.getValue(), appearance, owner));
        load.setOnFailed(e -> {
            Throwable t = load.getException();
            LOG.warn("cannot compare {}: {}", file, t.toString());
            String text = t instanceof ScenarioFrames.LoadFailure lf ? String.join("\n", lf.messages()) : String.valueOf(t.getMessage());
            Alert alert = new Alert(Alert.AlertType.ERROR, text);
            alert.setHeaderText("Cannot compare " + file.getFileName());
            alert.initOwner(owner);
            alert.show();
        });
        Thread t = new Thread(load, "compare-loader");
        t.setDaemon(true);
        t.start();
    }

    public static Stage show(ProfilePair pair, Appearance appearance, Window owner) {
        SideBySideView view = new SideBySideView(pair);
        Scene scene = new Scene(view, Math.max(900, owner == null ? 1400 : owner.getWidth()), Math.max(600, owner == null ? 860 : owner.getHeight()));
        appearance.track(scene);
        Stage stage = new Stage();
        CheatSheet keys = new CheatSheet();
        view.addActions(Map.of(
                KeyAction.UI_ZOOM_IN, appearance::larger,
                KeyAction.UI_ZOOM_OUT, appearance::smaller,
                KeyAction.UI_ZOOM_RESET, () -> appearance.setZoom(100),
                KeyAction.CHEAT_SHEET, () -> keys.toggle(stage)));
        stage.setTitle(pair.title() + " — " + pair.leftKey() + " | " + pair.rightKey() + " — iommuscope");
        stage.setScene(scene);
        view.activate();
        stage.setOnHidden(e -> {
            view.deactivate();
            appearance.untrack(scene);
        });
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.show();
        Platform.runLater(view::fit);
        return stage;
    }
}
