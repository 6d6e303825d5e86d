package org.iommuscope.app.keys;

import javafx.scene.input.KeyCharacterCombination;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** Key bindings as data: each action with its default keys (lstopo's viewer keys, manim-slides' stepping keys). */
public enum KeyAction {
    NEXT("Next step", new KeyCodeCombination(KeyCode.RIGHT), new KeyCodeCombination(KeyCode.PAGE_DOWN)),
    BACK("Previous step", new KeyCodeCombination(KeyCode.LEFT), new KeyCodeCombination(KeyCode.PAGE_UP)),
    FIRST("First step", new KeyCodeCombination(KeyCode.HOME)),
    LAST("Last step", new KeyCodeCombination(KeyCode.END)),
    NEXT_CAPTION("Next captioned step", new KeyCodeCombination(KeyCode.SPACE)),
    PREVIOUS_CAPTION("Previous captioned step", new KeyCodeCombination(KeyCode.SPACE, KeyCombination.SHIFT_DOWN)),
    PLAY("Play / pause", new KeyCodeCombination(KeyCode.P)),
    SLOWER("Slower", new KeyCodeCombination(KeyCode.OPEN_BRACKET)),
    FASTER("Faster", new KeyCodeCombination(KeyCode.CLOSE_BRACKET)),
    // On a US keyboard "+" is Shift+=: the = key zooms in with or without Shift.
    ZOOM_IN("Zoom in", new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHIFT_ANY),
            new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHIFT_ANY), new KeyCodeCombination(KeyCode.ADD)),
    ZOOM_OUT("Zoom out", new KeyCodeCombination(KeyCode.MINUS), new KeyCodeCombination(KeyCode.SUBTRACT)),
    ZOOM_RESET("Reset zoom", new KeyCodeCombination(KeyCode.DIGIT0)),
    FIT("Fit to window", new KeyCodeCombination(KeyCode.F)),
    DIVERGENT_ONLY("Divergent only", new KeyCodeCombination(KeyCode.D)),
    // What-if sessions.
    UNDO("Undo the last clicked step", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN)),
    REDO("Redo", new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN),
            new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)),
    SAVE("Save the branch as a scenario", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN)),
    SAVE_AS("Save as…", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)),
    COPY_VIEW_COMMAND("Copy view as command", new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)),
    OPEN("Open scenario…", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN)),
    QUIT("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN)),
    // Presenting: a clicker sends PageDown/PageUp, B or '.' (blank) and Esc; the rest is for the keyboard.
    PRESENTER("Presenter mode", new KeyCodeCombination(KeyCode.F11)),
    LEAVE_PRESENTER("Leave presenter mode", new KeyCodeCombination(KeyCode.ESCAPE)),
    BLANK("Blank the screen (any key returns)", new KeyCodeCombination(KeyCode.B), new KeyCodeCombination(KeyCode.PERIOD)),
    HIDE_CURSOR("Hide / show the mouse cursor", new KeyCodeCombination(KeyCode.H)),
    UI_ZOOM_IN("Larger text", new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN),
            new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN), new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN)),
    UI_ZOOM_OUT("Smaller text", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN),
            new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN)),
    UI_ZOOM_RESET("Text at 100 %", new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN)),
    CHEAT_SHEET("Show / hide these keys", new KeyCharacterCombination("?", KeyCombination.SHIFT_ANY), new KeyCodeCombination(KeyCode.F1));

    private final String description;
    private final KeyCombination[] defaults;

    KeyAction(String description, KeyCombination... defaults) {
        this.description = description;
        this.defaults = defaults;
    }

    public String description() {
        return description;
    }

    public KeyCombination[] defaults() {
        return defaults.clone();
    }

    /** The keys in effect: the user's override from the preferences if there is one, else the defaults. */
    public java.util.List<KeyCombination> keys() {
        java.util.List<KeyCombination> own = KeyBindings.of(this);
        return own.isEmpty() ? java.util.List.of(defaults) : own;
    }

    public boolean matches(javafx.scene.input.KeyEvent e) {
        for (KeyCombination k : keys()) {
            if (k.match(e)) {
                return true;
            }
        }
        return false;
    }
}
