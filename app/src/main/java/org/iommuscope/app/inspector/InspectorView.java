package org.iommuscope.app.inspector;

import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;

/** The right-hand panel: every field of the selected object (ControlsFX PropertySheet, read-only). */
public final class InspectorView extends VBox {
    private final PropertySheet sheet = new PropertySheet();
    private final Label title = new Label("select an object");

    public InspectorView() {
        getStyleClass().add("inspector");
        title.getStyleClass().add("panel-title");
        title.setId("inspector-title");
        sheet.setId("inspector");
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        // A row with a style (a tombstoned ID: greyed) carries it on its value's editor.
        org.controlsfx.property.editor.DefaultPropertyEditorFactory plain = new org.controlsfx.property.editor.DefaultPropertyEditorFactory();
        sheet.setPropertyEditorFactory(item -> {
            org.controlsfx.property.editor.PropertyEditor<?> editor = plain.call(item);
            if (item instanceof ReadOnlyItem r && !r.field.style().isEmpty() && editor != null) {
                editor.getEditor().getStyleClass().add(r.field.style());
            }
            return editor;
        });
        getChildren().addAll(title, sheet);
        VBox.setVgrow(sheet, Priority.ALWAYS);
        setSpacing(4);
        setPrefWidth(330);
    }

    /** Shows an object's fields under its title ({@code hwpt-6 · hwpt2}); a null title shows nothing selected. */
    public void show(String heading, java.util.List<ObjectFields.Field> fields) {
        sheet.getItems().clear();
        title.setText(heading == null ? "select an object" : heading);
        for (ObjectFields.Field f : fields) {
            sheet.getItems().add(new ReadOnlyItem(f));
        }
    }

    public PropertySheet sheet() {
        return sheet;
    }

    /** A read-only PropertySheet row. */
    static final class ReadOnlyItem implements PropertySheet.Item {
        private final ObjectFields.Field field;

        ReadOnlyItem(ObjectFields.Field field) {
            this.field = field;
        }

        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return field.category();
        }

        @Override
        public String getName() {
            return field.name();
        }

        @Override
        public String getDescription() {
            return field.value();
        }

        @Override
        public Object getValue() {
            return field.value();
        }

        @Override
        public void setValue(Object value) {
            // read-only: the inspector shows the engine's state, it never edits it
        }

        @Override
        public boolean isEditable() {
            return false;
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }
    }
}
