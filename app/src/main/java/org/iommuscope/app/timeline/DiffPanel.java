package org.iommuscope.app.timeline;

import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

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

    /** Shows a step's changes, one line each (see {@link StepChanges}). */
    public void show(java.util.List<String> lines) {
        list.getItems().setAll(lines);
    }

    public ListView<String> list() {
        return list;
    }
}
