package org.iommuscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.keys.KeyBindings;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.engine.scenario.OpSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A key rebound in View → Key bindings… reaches every menu's shortcut and every tooltip at once, and acts. */
@ExtendWith(ApplicationExtension.class)
class KeyRebindingTest {
    private AppUnderTest ui;

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
    }

    @AfterEach
    void defaults(FxRobot robot) {
        for (KeyAction a : List.of(KeyAction.UNDO, KeyAction.SAVE, KeyAction.NEXT, KeyAction.FIT)) {
            KeyBindings.set(a, List.of());
        }
        WaitForAsyncUtils.waitForFxEvents();
        if (ui.app().shell().whatIf() != null) {
            ui.app().shell().whatIf().session().close();
        }
    }

    private MenuItem item(FxRobot robot, String menu, String id) {
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        Menu m = bar.getMenus().stream().filter(x -> x.getText().equals(menu)).findFirst().orElseThrow();
        return m.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    @Test
    void reboundKeysShowInTheEditFileAndViewMenusAndInTheTooltips(FxRobot robot) throws Exception {
        MainWindow w = ui.window();
        assertEquals(KeyCombination.valueOf("Shortcut+Z"), item(robot, "Edit", "menu-undo").getAccelerator());
        assertEquals(KeyCombination.valueOf("Shortcut+S"), item(robot, "File", "menu-save").getAccelerator());
        robot.interact(() -> {
            KeyBindings.set(KeyAction.UNDO, List.of(KeyCombination.valueOf("Shortcut+U")));
            KeyBindings.set(KeyAction.SAVE, List.of(KeyCombination.valueOf("Shortcut+W")));
            KeyBindings.set(KeyAction.FIT, List.of(KeyCombination.valueOf("G")));
            KeyBindings.set(KeyAction.NEXT, List.of(KeyCombination.valueOf("N")));
        });
        assertEquals(KeyCombination.valueOf("Shortcut+U"), item(robot, "Edit", "menu-undo").getAccelerator());
        assertEquals(KeyCombination.valueOf("Shortcut+W"), item(robot, "File", "menu-save").getAccelerator());
        assertEquals(KeyCombination.valueOf("G"), item(robot, "View", "menu-fit").getAccelerator());
        String tip = robot.lookup("#timeline-next").queryAs(Button.class).getTooltip().getText();
        assertEquals("Next (" + KeyCombination.valueOf("N").getDisplayText() + ")", tip);
        // And the rebound keys do what the menus say.
        int frames = w.stepper().frames().size();
        robot.interact(w.stepper()::end);
        robot.interact(() -> ui.app().shell().whatIf().run(new OpSpec("ioas_alloc", Map.of())));
        assertEquals(frames + 1, w.stepper().frames().size());
        robot.press(KeyCode.CONTROL).type(KeyCode.U).release(KeyCode.CONTROL);
        assertEquals(frames, w.stepper().frames().size(), "Ctrl+U undid the click");
        robot.interact(w.stepper()::first);
        robot.type(KeyCode.N);
        assertEquals(1, w.stepper().index().get());
    }
}
