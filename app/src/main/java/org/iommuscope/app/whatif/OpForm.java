package org.iommuscope.app.whatif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.NumberSyntax;

/** The few values an op needs beyond what was clicked (length, IOVA, perm…), asked in one small dialog. */
final class OpForm {
    private OpForm() {
    }

    /**
     * One input. {@code choices} non-empty makes it a choice box.
     *
     * @param hint shown greyed in an empty field ("automatic")
     */
    record Field(String key, String label, String initial, String hint, List<String> choices) {
        static Field text(String key, String label, String initial, String hint) {
            return new Field(key, label, initial, hint, List.of());
        }

        static Field choice(String key, String label, List<String> choices) {
            return new Field(key, label, choices.get(0), "", choices);
        }
    }

    /** The values typed, by key; empty when cancelled. */
    static Optional<Map<String, String>> ask(Window owner, String title, String header, List<Field> fields) {
        Dialog<Map<String, String>> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(title);
        d.setHeaderText(header);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().setId("op-form");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        Map<String, Control> inputs = new LinkedHashMap<>();
        int row = 0;
        for (Field f : fields) {
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

    /** A number as typed (decimal, 0x hex, 4K/2M/1G), keeping its spelling for the saved file. */
    static Arg.Num number(String label, String text) {
        try {
            return new Arg.Num(NumberSyntax.parse(text), text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage());
        }
    }

    /** "0x1000-0x1fff, 0x4000-0x4fff": inclusive first-last ranges. */
    static Arg.Ranges ranges(String label, String text) {
        List<IovaRange> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] ends = part.split("-");
            if (ends.length != 2) {
                throw new IllegalArgumentException(label + ": '" + part.strip() + "' is not first-last");
            }
            long first = number(label, ends[0]).value();
            long last = number(label, ends[1]).value();
            if (Long.compareUnsigned(first, last) > 0) {
                throw new IllegalArgumentException(label + ": " + part.strip() + " ends before it starts");
            }
            out.add(new IovaRange(first, last));
        }
        return new Arg.Ranges(out);
    }
}
