package org.iommuscope.app.timeline;

import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Snapshot;

/** What the current step changed (its events), the kernel's reason when it failed, and every divergence explained. */
public final class DiffPanel extends VBox {
    private final ListView<String> list = new ListView<>();
    private final Label title = new Label("step changes");

    public DiffPanel() {
        getStyleClass().add("diff-panel");
        list.setId("diff-list");
        list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            {
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        title.getStyleClass().add("panel-title");
        getChildren().addAll(title, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        setSpacing(4);
    }

    public void show(Frame f) {
        list.getItems().clear();
        if (f.number() == 0 && f.captioned()) {
            list.getItems().add(f.caption());
        }
        if (f.number() > 0 && !"ok".equals(f.outcome())) {
            list.getItems().add("✗ " + f.outcome() + (f.reason() == null || f.reason().isBlank() ? "" : ": " + f.reason()));
        }
        for (Event e : f.events()) {
            list.getItems().add(prefix(e) + e.describe());
        }
        if (f.number() > 0 && f.events().isEmpty() && "ok".equals(f.outcome())) {
            list.getItems().add("(no change)");
        }
        new Snapshot(f.state()).explanations().values().forEach(w -> list.getItems().add("⚠ " + w));
    }

    private static String prefix(Event e) {
        if (e instanceof Event.ObjectCreated || e instanceof Event.AreaMapped || e instanceof Event.ReservedAdded
                || e instanceof Event.DeviceAttached || e instanceof Event.DomainAllocated) {
            return "+ ";
        }
        if (e instanceof Event.ObjectDestroyed || e instanceof Event.AreaUnmapped || e instanceof Event.ReservedRemoved
                || e instanceof Event.DeviceDetached || e instanceof Event.DomainFreed) {
            return "− ";
        }
        return "~ ";
    }

    public ListView<String> list() {
        return list;
    }
}
