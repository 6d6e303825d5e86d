package org.iommuscope.app.keys;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.iommuscope.app.keys.KeyAction;

/**
 * View → Key bindings…: every action with its keys; "Change" takes the next key pressed as the action's
 * only key, "Default" forgets the user's choice. Stored at once in the preferences, so the table, the
 * menus' shortcuts (on the next window) and the `?` sheet follow.
 */
public final class KeyBindingsDialog {
    private KeyAction listening;
    private Button listeningButton;

    public static void show(Window owner) {
        new KeyBindingsDialog().dialog(owner).show();
    }

    Dialog<Void> dialog(Window owner) {
        Dialog<Void> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Key bindings");
        d.setHeaderText("Change: press the new key. Default: back to the keys the app ships with.");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        grid.setPadding(new Insets(6));
        grid.setId("key-bindings");
        int row = 0;
        for (KeyAction a : KeyAction.values()) {
            Label keys = new Label(CheatSheet.keysText(a));
            keys.setId("binding-" + a.name());
            keys.getStyleClass().add("cheat-sheet-keys");
            Button change = new Button("Change");
            change.setId("change-" + a.name());
            change.setOnAction(e -> {
                listening = a;
                listeningButton = change;
                change.setText("press a key…");
            });
            Button reset = new Button("Default");
            reset.setId("default-" + a.name());
            reset.setOnAction(e -> {
                KeyBindings.set(a, List.of());
                keys.setText(CheatSheet.keysText(a));
            });
            grid.addRow(row++, new Label(a.description()), keys, change, reset);
        }
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(420);
        d.getDialogPane().setContent(scroll);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        // The dialog is its own window: the keys pressed here never reach the main window's table.
        d.getDialogPane().addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (listening == null || isModifier(e.getCode())) {
                return;
            }
            KeyCombination k = combination(e);
            KeyBindings.set(listening, List.of(k));
            ((Label) grid.lookup("#binding-" + listening.name())).setText(CheatSheet.keysText(listening));
            listeningButton.setText("Change");
            listening = null;
            e.consume();
        });
        return d;
    }

    private static boolean isModifier(KeyCode c) {
        return c.isModifierKey() || c == KeyCode.UNDEFINED;
    }

    /** The pressed key with exactly the modifiers held (Shortcut for Ctrl/Cmd, so a binding travels between systems). */
    static KeyCombination combination(KeyEvent e) {
        List<KeyCombination.Modifier> mods = new java.util.ArrayList<>();
        if (e.isShortcutDown()) {
            mods.add(KeyCombination.SHORTCUT_DOWN);
        }
        if (e.isShiftDown()) {
            mods.add(KeyCombination.SHIFT_DOWN);
        }
        if (e.isAltDown()) {
            mods.add(KeyCombination.ALT_DOWN);
        }
        return new KeyCodeCombination(e.getCode(), mods.toArray(KeyCombination.Modifier[]::new));
    }
}
