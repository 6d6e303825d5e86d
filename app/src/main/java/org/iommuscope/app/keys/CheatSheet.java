package org.iommuscope.app.keys;

import java.util.stream.Collectors;
import javafx.geometry.HPos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import org.iommuscope.app.keys.KeyAction;

/**
 * The `?` overlay: every action of {@link KeyAction} with the keys in effect (the user's own where set),
 * generated from the table itself so it can never disagree with what the keys do.
 */
public final class CheatSheet {
    private final Popup popup = new Popup();

    public CheatSheet() {
        popup.setAutoHide(true);
        popup.setHideOnEscape(true);
    }

    /** The sheet's content, built afresh so it shows the bindings as they are now. */
    public static VBox content() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("cheat-sheet-grid");
        ColumnConstraints keys = new ColumnConstraints();
        keys.setHalignment(HPos.RIGHT);
        grid.getColumnConstraints().addAll(keys, new ColumnConstraints());
        int row = 0;
        for (KeyAction a : KeyAction.values()) {
            Label k = new Label(keysText(a));
            k.getStyleClass().add("cheat-sheet-keys");
            k.setId("keys-" + a.name());
            Label d = new Label(a.description());
            d.getStyleClass().add("cheat-sheet-action");
            grid.addRow(row++, k, d);
        }
        Label title = new Label("Keys");
        title.getStyleClass().add("cheat-sheet-title");
        Label hint = new Label("? or Esc closes this sheet");
        hint.getStyleClass().add("cheat-sheet-hint");
        VBox box = new VBox(title, grid, hint);
        box.setId("cheat-sheet");
        box.getStyleClass().add("cheat-sheet");
        return box;
    }

    /** "→ or Page Down". */
    public static String keysText(KeyAction a) {
        return KeyBindings.text(a);
    }

    public boolean isShowing() {
        return popup.isShowing();
    }

    public void toggle(Window owner) {
        if (popup.isShowing()) {
            popup.hide();
            return;
        }
        VBox box = content();
        // A popup is its own scene: it takes the owner's theme and text zoom explicitly.
        popup.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        Parent root = owner.getScene().getRoot();
        box.setStyle(root.getStyle());
        popup.getContent().setAll(box);
        popup.show(owner);
        popup.setX(owner.getX() + (owner.getWidth() - box.prefWidth(-1)) / 2);
        popup.setY(owner.getY() + Math.max(0, (owner.getHeight() - box.prefHeight(-1)) / 2));
    }

    public void hide() {
        popup.hide();
    }
}
