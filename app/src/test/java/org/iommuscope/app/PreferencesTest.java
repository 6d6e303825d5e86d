package org.iommuscope.app;

import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.shell.WindowPlacement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.iommuscope.app.appearance.Theme;
import org.iommuscope.app.appearance.UiZoom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What outlives a session: theme, text zoom, speed, key bindings and the window's place, in the test node. */
class PreferencesTest {

    @AfterEach
    void backToDefaults() throws Exception {
        java.util.prefs.Preferences node = java.util.prefs.Preferences.userRoot().node(System.getProperty("iommuscope.prefs"));
        node.node("keys").clear();
        node.clear();
    }

    @org.junit.jupiter.api.BeforeEach
    void fromDefaults() throws Exception {
        backToDefaults();
    }

    private static javafx.scene.input.KeyEvent press(KeyCode code, String text, boolean shift, boolean shortcut) {
        return new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", text, code, shift, shortcut, false, false);
    }

    @Test
    void plusZoomsInAsTypedOnAUsKeyboardWhereItIsShiftEquals() {
        assertTrue(KeyAction.ZOOM_IN.matches(press(KeyCode.EQUALS, "+", true, false)), "Shift+= is +");
        assertTrue(KeyAction.ZOOM_IN.matches(press(KeyCode.EQUALS, "=", false, false)));
        assertTrue(KeyAction.ZOOM_IN.matches(press(KeyCode.PLUS, "+", false, false)), "a keyboard with its own + key");
        assertTrue(KeyAction.ZOOM_IN.matches(press(KeyCode.ADD, "+", false, false)), "the keypad");
        assertTrue(!KeyAction.ZOOM_IN.matches(press(KeyCode.EQUALS, "=", false, true)), "Ctrl+= is the text zoom");
        assertTrue(KeyAction.UI_ZOOM_IN.matches(press(KeyCode.EQUALS, "=", false, true)));
    }

    @Test
    void everySettingRoundTrips() {
        Preferences.setTheme("high-contrast");
        Preferences.setUiZoom(150);
        Preferences.setSpeed(0.5);
        Preferences.setWindowGeometry(new Preferences.WindowGeometry(40, 60, 1200, 800, true));
        org.iommuscope.app.keys.KeyBindings.set(KeyAction.BLANK, List.of(KeyCombination.valueOf("W"), KeyCombination.valueOf("Shortcut+B")));
        assertEquals(Theme.HIGH_CONTRAST, Theme.byKey(Preferences.theme()));
        assertEquals(150, Preferences.uiZoom());
        assertEquals(0.5, Preferences.speed());
        assertEquals(new Preferences.WindowGeometry(40, 60, 1200, 800, true), Preferences.windowGeometry());
        assertEquals(List.of(new KeyCodeCombination(KeyCode.W), new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN)),
                KeyAction.BLANK.keys());
        org.iommuscope.app.keys.KeyBindings.set(KeyAction.BLANK, List.of());
        assertEquals(List.of(KeyAction.BLANK.defaults()), KeyAction.BLANK.keys(), "an empty override restores the defaults");
    }

    @Test
    void missingOrUnreadableValuesFallBackToTheDefaults() {
        assertNull(Preferences.windowGeometry(), "no geometry before the first close");
        assertEquals(Theme.LIGHT, Theme.byKey("solarized"));
        assertEquals(100, UiZoom.clamp(Preferences.uiZoom()));
        assertEquals(200, UiZoom.clamp(400));
        java.util.prefs.Preferences.userRoot().node(System.getProperty("iommuscope.prefs")).node("keys").put("NEXT", "Ctrl+Nonsense+");
        assertEquals(List.of(KeyAction.NEXT.defaults()), KeyAction.NEXT.keys(), "a broken override is ignored, not fatal");
    }

    @Test
    void textZoomStepsLikeAtlantaFx() {
        assertEquals(110, UiZoom.larger(100));
        assertEquals(200, UiZoom.larger(200));
        assertEquals(175, UiZoom.smaller(200));
        assertEquals(100, UiZoom.smaller(100));
        assertEquals(26.0, UiZoom.fontPx(200));
    }

    @Test
    void aWindowLastSeenOffScreenComesBackOnAScreen() {
        List<Rectangle2D> screens = List.of(new Rectangle2D(0, 0, 1920, 1080), new Rectangle2D(1920, 0, 1280, 1024));
        Rectangle2D gone = WindowPlacement.clamp(new Preferences.WindowGeometry(5000, 3000, 1400, 900, false), screens);
        assertTrue(screens.stream().anyMatch(s -> s.contains(gone)), gone.toString());
        Rectangle2D second = WindowPlacement.clamp(new Preferences.WindowGeometry(2000, 100, 1000, 700, false), screens);
        assertEquals(new Rectangle2D(2000, 100, 1000, 700), second, "a window that fits stays where it was");
        Rectangle2D tooBig = WindowPlacement.clamp(new Preferences.WindowGeometry(-50, -50, 4000, 3000, false), screens);
        assertEquals(new Rectangle2D(0, 0, 1920, 1080), tooBig);
    }
}
