package org.iommuscope.app;

import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.iommuscope.app.present.PresenterMode;
import org.iommuscope.app.appearance.Theme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Presenter mode, text zoom, themes and key bindings, in the app as a presenter drives it: by keys. */
@ExtendWith(ApplicationExtension.class)
class PresenterModeTest {
    private AppUnderTest ui;

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
    }

    @AfterEach
    void restorePreferences(FxRobot robot) {
        robot.interact(() -> {
            ui.app().presenter().leave();
            ui.app().cheatSheet().hide();
            ui.app().appearance().setTheme(Theme.LIGHT);
            ui.app().appearance().setZoom(100);
        });
        org.iommuscope.app.keys.KeyBindings.set(KeyAction.NEXT, List.of());
        Preferences.setSpeed(1);
    }

    private MainWindow window() throws Exception {
        MainWindow w = ui.window();
        WaitForAsyncUtils.waitForFxEvents();
        return w;
    }

    private boolean showing(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(n -> n.getScene() != null && n.isVisible()).orElse(false);
    }

    private String say(FxRobot robot) {
        return robot.lookup("#presenter-say").queryAs(Label.class).getText();
    }

    @Test
    void f11EntersPresenterModeWithOnlyTheCanvasAndALargeCaption(FxRobot robot) throws Exception {
        MainWindow w = window();
        assertTrue(showing(robot, "#menu-bar") && showing(robot, "#op-log") && showing(robot, "#inspector-title"));
        robot.type(KeyCode.F11);
        PresenterMode p = ui.app().presenter();
        assertTrue(p.isActive());
        assertTrue(showing(robot, "#canvas"), "the canvas stays");
        for (String chrome : List.of("#menu-bar", "#op-log", "#inspector-title", "#ioas-view", "#caption", "#timeline-slider")) {
            assertFalse(showing(robot, chrome), chrome + " is hidden while presenting");
        }
        assertEquals("Step 0 / " + w.stepper().last(), robot.lookup("#presenter-step").queryAs(Label.class).getText());
        double captionSize = robot.lookup("#presenter-say").queryAs(Label.class).getFont().getSize();
        double statusSize = w.timeline().status().getFont().getSize();
        assertTrue(captionSize >= 2 * statusSize - 0.5, "large type: " + captionSize + " vs " + statusSize);
        assertEquals(KeyCombination.NO_MATCH, ui.stage().getFullScreenExitKeyCombination());
        assertEquals("", ui.stage().getFullScreenExitHint());
        // The picture is fitted to the larger room it now has.
        WaitForAsyncUtils.waitForFxEvents();
        var canvas = w.canvas();
        double fit = Math.max(0.2, Math.min(2, Math.min(canvas.getWidth() / canvas.graphLayout().width(),
                canvas.getHeight() / canvas.graphLayout().height())));
        assertEquals(fit, canvas.scale(), 1e-6, "fitted to " + canvas.getWidth() + "x" + canvas.getHeight());
    }

    @Test
    void spacePlaysTheStepsBetweenTwoStopsAndShowsTheNextSay(FxRobot robot) throws Exception {
        MainWindow w = window();
        robot.type(KeyCode.F11);
        robot.interact(() -> w.stepper().jump(1));
        assertEquals("Two functions of one device share iommu_group 26: they cannot be isolated from each other.", say(robot));
        List<Integer> visited = new ArrayList<>();
        robot.interact(() -> w.stepper().index().addListener((o, a, b) -> visited.add(b.intValue())));
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !w.stepper().runningToStop());
        WaitForAsyncUtils.waitForFxEvents();
        // Step 2 (bind idev1) has no say; step 3 (bind idev2) has one: Space plays 2 on its way to 3.
        assertEquals(List.of(2, 3), visited);
        assertEquals("Step 3 / " + w.stepper().last(), robot.lookup("#presenter-step").queryAs(Label.class).getText());
        assertTrue(say(robot).startsWith("Binding claims DMA ownership"), say(robot));
        robot.press(KeyCode.SHIFT).type(KeyCode.SPACE).release(KeyCode.SHIFT);
        assertEquals(1, w.stepper().index().get(), "Shift+Space goes back to the previous stop");
    }

    @Test
    void withReducedMotionSpaceJumpsStraightToTheStop(FxRobot robot) throws Exception {
        MainWindow w = window();
        System.setProperty("iommuscope.reducedMotion", "true");
        try {
            robot.interact(() -> w.stepper().jump(1));
            List<Integer> visited = new ArrayList<>();
            robot.interact(() -> w.stepper().index().addListener((o, a, b) -> visited.add(b.intValue())));
            robot.type(KeyCode.SPACE);
            assertEquals(List.of(3), visited);
            assertFalse(w.stepper().runningToStop());
        } finally {
            System.clearProperty("iommuscope.reducedMotion");
        }
    }

    @Test
    void leavingPresenterModeGivesBackTheZoomAndPanTheUserHad(FxRobot robot) throws Exception {
        MainWindow w = window();
        robot.interact(w.canvas()::fit);
        robot.type(KeyCode.PLUS);
        robot.type(KeyCode.PLUS);
        robot.drag(w.canvas()).moveBy(-120, -60).drop();
        org.iommuscope.app.graph.TopologyView.ViewState mine = w.canvas().viewState();
        robot.type(KeyCode.F11);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Math.abs(w.canvas().scale() - mine.scale()) > 1e-3, "presenting fits the picture to the screen");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(mine, w.canvas().viewState(), "the user's view is back, not a fit");
    }

    @Test
    void bOrDotBlanksTheScreenAndAnyKeyBringsItBackWithoutStepping(FxRobot robot) throws Exception {
        MainWindow w = window();
        robot.type(KeyCode.F11);
        robot.type(KeyCode.B);
        assertTrue(showing(robot, "#presenter-blank"));
        robot.type(KeyCode.RIGHT);
        assertFalse(showing(robot, "#presenter-blank"));
        assertEquals(0, w.stepper().index().get(), "the key that un-blanks does nothing else");
        robot.type(KeyCode.PERIOD);
        assertTrue(showing(robot, "#presenter-blank"));
        robot.type(KeyCode.A);
        assertFalse(showing(robot, "#presenter-blank"));
        robot.type(KeyCode.RIGHT);
        assertEquals(1, w.stepper().index().get());
    }

    @Test
    void hHidesTheCursorAndEscLeavesWithTheChromeBack(FxRobot robot) throws Exception {
        MainWindow w = window();
        robot.type(KeyCode.F11);
        robot.type(KeyCode.H);
        assertEquals(Cursor.NONE, ui.stage().getScene().getCursor());
        robot.type(KeyCode.RIGHT);
        robot.type(KeyCode.ESCAPE);
        assertFalse(ui.app().presenter().isActive());
        assertEquals(null, ui.stage().getScene().getCursor(), "leaving gives the cursor back");
        for (String chrome : List.of("#menu-bar", "#op-log", "#inspector-title", "#ioas-view", "#caption", "#canvas")) {
            assertTrue(showing(robot, chrome), chrome + " is back");
        }
        assertFalse(showing(robot, "#presenter-caption"));
        assertEquals(1, w.stepper().index().get(), "the step taken while presenting stays");
        assertTrue(w.timeline().status().getText().startsWith("Step 1 /"));
    }

    @Test
    void textZoomGrowsTheRootFontAndTheLabelsButNotTheCanvasBoxes(FxRobot robot) throws Exception {
        MainWindow w = window();
        Label status = w.timeline().status();
        double before = status.getFont().getSize();
        Node title = w.canvas().nodeFor("idev-1").lookup(".node-title");
        double titleBefore = ((Label) title).getFont().getSize();
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(125, ui.app().appearance().zoomProperty().get());
        assertTrue(w.getStyle().contains("-fx-font-size: 16.25px"), w.getStyle());
        assertEquals(before * 1.25, status.getFont().getSize(), 0.01);
        assertEquals(titleBefore, ((Label) title).getFont().getSize(), 0.01, "canvas text keeps its box size");
        assertEquals(125, Preferences.uiZoom());
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, status.getFont().getSize(), 0.01);
    }

    @Test
    void theThemeMenuAppliesTheStylesheetAndRemembersIt(FxRobot robot) throws Exception {
        window();
        javafx.scene.control.MenuBar bar = robot.lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.Menu view = bar.getMenus().stream().filter(m -> m.getText().equals("View")).findFirst().orElseThrow();
        javafx.scene.control.Menu theme = (javafx.scene.control.Menu) view.getItems().stream()
                .filter(i -> "menu-theme".equals(i.getId())).findFirst().orElseThrow();
        javafx.scene.control.MenuItem dark = theme.getItems().stream().filter(i -> i.getText().equals("Dark")).findFirst().orElseThrow();
        robot.interact(dark::fire);
        assertTrue(ui.stage().getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("theme-dark.css")));
        assertEquals("dark", Preferences.theme());
        assertEquals(Theme.DARK, new org.iommuscope.app.appearance.Appearance().themeProperty().get(), "a new session starts dark");
        robot.interact(() -> ui.app().appearance().setTheme(Theme.HIGH_CONTRAST));
        assertFalse(ui.stage().getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("theme-dark.css")), "one theme at a time");
        assertTrue(ui.stage().getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("theme-high-contrast.css")));
    }

    @Test
    void aUserKeyOverrideTakesEffectAndShowsInTheKeySheet(FxRobot robot) throws Exception {
        MainWindow w = window();
        org.iommuscope.app.keys.KeyBindings.set(KeyAction.NEXT, List.of(KeyCombination.valueOf("N")));
        robot.type(KeyCode.N);
        assertEquals(1, w.stepper().index().get());
        robot.type(KeyCode.RIGHT);
        assertEquals(1, w.stepper().index().get(), "the override replaces the default keys");
        robot.type(KeyCode.F1);
        assertTrue(ui.app().cheatSheet().isShowing());
        assertEquals("N", robot.lookup("#keys-NEXT").queryAs(Label.class).getText());
        assertEquals("F11", robot.lookup("#keys-PRESENTER").queryAs(Label.class).getText());
        assertEquals(KeyAction.values().length, robot.lookup(".cheat-sheet-action").queryAll().size(), "one row per action");
        robot.type(KeyCode.F1);
        assertFalse(ui.app().cheatSheet().isShowing());
        robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
        assertTrue(ui.app().cheatSheet().isShowing(), "? opens the sheet");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot.lookup("#cheat-sheet").query().getScene(), "key-sheet");
        robot.type(KeyCode.ESCAPE);
        assertFalse(ui.app().cheatSheet().isShowing(), "Esc closes the sheet");
    }

    @Test
    void theKeyBindingsDialogRebindsAnActionByTheNextKeyPressed(FxRobot robot) throws Exception {
        MainWindow w = window();
        robot.interact(() -> org.iommuscope.app.keys.KeyBindingsDialog.show(ui.stage()));
        robot.clickOn("#change-NEXT");
        robot.type(KeyCode.N);
        assertEquals(List.of(KeyCombination.valueOf("N")), org.iommuscope.app.keys.KeyBindings.of(KeyAction.NEXT));
        assertEquals("N", robot.lookup("#binding-NEXT").queryAs(Label.class).getText());
        assertEquals(0, w.stepper().index().get(), "the key pressed in the dialog did not step");
        robot.clickOn("Close");
        robot.type(KeyCode.N);
        assertEquals(1, w.stepper().index().get());
        robot.interact(() -> org.iommuscope.app.keys.KeyBindingsDialog.show(ui.stage()));
        robot.clickOn("#default-NEXT");
        assertEquals(List.of(), org.iommuscope.app.keys.KeyBindings.of(KeyAction.NEXT));
        robot.clickOn("Close");
        robot.type(KeyCode.RIGHT);
        assertEquals(2, w.stepper().index().get(), "→ steps again");
    }

    @Test
    void theSpeedOutlivesTheSession(FxRobot robot) throws Exception {
        Preferences.setSpeed(0.5);
        robot.interact(() -> ui.app().open(java.nio.file.Path.of("scenarios", "seed-thread.yaml")));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> ((MainWindow) ui.stage().getScene().getRoot()).stepper().speed().get() == 0.5);
        MainWindow w = (MainWindow) ui.stage().getScene().getRoot();
        robot.type(KeyCode.CLOSE_BRACKET);
        assertEquals(1.0, w.stepper().speed().get());
        assertEquals(1.0, Preferences.speed());
        robot.type(KeyCode.CLOSE_BRACKET);
        assertEquals(2.0, Preferences.speed(), "the next window starts at the speed the user chose");
    }

    @Test
    void screenshotsOfPresenterModeAndTheThemes(FxRobot robot) throws Exception {
        MainWindow w = window();
        robot.type(KeyCode.F11);
        robot.interact(() -> w.stepper().jump(12));
        robot.interact(w.canvas()::fit);
        WaitForAsyncUtils.sleep(400, TimeUnit.MILLISECONDS);
        assertTrue(Screenshots.distinctColours(Screenshots.save(ui.stage().getScene(), "presenter-100")) > 20);
        robot.interact(() -> ui.app().appearance().setZoom(200));
        robot.interact(w.canvas()::fit);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        Screenshots.save(ui.stage().getScene(), "presenter-200");
        robot.type(KeyCode.ESCAPE);
        robot.interact(w.canvas()::fit);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        Screenshots.save(ui.stage().getScene(), "window-200");
        robot.interact(() -> ui.app().appearance().setZoom(100));
        Screenshots.save(ui.stage().getScene(), "window-100");
        for (Theme t : List.of(Theme.DARK, Theme.HIGH_CONTRAST)) {
            robot.interact(() -> ui.app().appearance().setTheme(t));
            robot.interact(w.canvas()::fit);
            WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
            assertTrue(Screenshots.distinctColours(Screenshots.save(ui.stage().getScene(), "theme-" + t.key())) > 20);
        }
    }
}
