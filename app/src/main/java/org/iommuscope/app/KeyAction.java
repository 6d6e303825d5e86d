package org.iommuscope.app;

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
    ZOOM_IN("Zoom in", new KeyCodeCombination(KeyCode.PLUS), new KeyCodeCombination(KeyCode.EQUALS), new KeyCodeCombination(KeyCode.ADD)),
    ZOOM_OUT("Zoom out", new KeyCodeCombination(KeyCode.MINUS), new KeyCodeCombination(KeyCode.SUBTRACT)),
    ZOOM_RESET("Reset zoom", new KeyCodeCombination(KeyCode.DIGIT0)),
    FIT("Fit to window", new KeyCodeCombination(KeyCode.F)),
    DIVERGENT_ONLY("Divergent only", new KeyCodeCombination(KeyCode.D)),
    COPY_VIEW_COMMAND("Copy view as command", new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)),
    OPEN("Open scenario…", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN)),
    QUIT("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));

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

    public boolean matches(javafx.scene.input.KeyEvent e) {
        for (KeyCombination k : defaults) {
            if (k.match(e)) {
                return true;
            }
        }
        return false;
    }
}
