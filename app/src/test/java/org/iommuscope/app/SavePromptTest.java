package org.iommuscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.iommuscope.app.whatif.WhatIf;
import org.iommuscope.engine.scenario.OpSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Nothing clicked is lost: quitting, closing the window and opening another file over unsaved what-if work ask
 * Save, Don't save or Cancel first, and the session's journal is removed only once the user has chosen.
 */
@ExtendWith(ApplicationExtension.class)
class SavePromptTest {
    private AppUnderTest ui;
    private final AtomicInteger exits = new AtomicInteger();

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
        ui.app().setExit(exits::incrementAndGet);
    }

    /** Closes what a test left open, and the session with its journal: no test leaves work for the next start to offer. */
    @AfterEach
    void closeOtherWindows(FxRobot robot) {
        robot.interact(ui::closeOtherWindows);
        if (whatIf() != null) {
            whatIf().session().close();
        }
    }

    private WhatIf whatIf() {
        return ui.app().shell().whatIf();
    }

    /** Clicks one op (a new IOAS): work the session journals and nothing has saved. */
    private Path clickSomething(FxRobot robot) throws Exception {
        ui.window();
        robot.interact(() -> whatIf().run(new OpSpec("ioas_alloc", Map.of())));
        assertTrue(whatIf().unsaved().get());
        Path journal = whatIf().session().journal();
        assertTrue(Files.exists(journal), "the click is journaled");
        return journal;
    }

    private void waitForThePrompt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#save-prompt").tryQuery()
                .filter(p -> p.isVisible() && p.getScene() != null && p.getScene().getWindow().isShowing()).isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        String header = robot.lookup("#save-prompt").queryAs(DialogPane.class).getHeaderText();
        assertTrue(header.startsWith("Save changes to Seed thread"), header);
    }

    @Test
    void quittingWithUnsavedWorkAsksAndCancelKeepsTheAppAndTheJournal(FxRobot robot) throws Exception {
        Path journal = clickSomething(robot);
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        waitForThePrompt(robot);
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, exits.get(), "the app goes on");
        assertTrue(Files.exists(journal), "the journal stays");
        assertTrue(whatIf().unsaved().get(), "the work is still there, unsaved");
    }

    @Test
    void quittingWithUnsavedWorkAndDontSaveExitsAndRemovesTheJournal(FxRobot robot) throws Exception {
        Path journal = clickSomething(robot);
        robot.clickOn("File");
        robot.clickOn("#menu-quit");
        waitForThePrompt(robot);
        assertTrue(Files.exists(journal), "nothing is removed while the user chooses");
        robot.clickOn("Don't save");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, exits.get());
        assertFalse(Files.exists(journal), "the user chose: the journal goes");
    }

    @Test
    void quittingAfterASaveWithMoreWorkSavesItThenExits(FxRobot robot, @TempDir Path dir) throws Exception {
        Path journal = clickSomething(robot);
        Path file = dir.resolve("mine.yaml");
        robot.interact(() -> assertTrue(whatIf().saveTo(file)));
        assertFalse(whatIf().unsaved().get(), "saved");
        robot.interact(() -> whatIf().run(new OpSpec("ioas_alloc", Map.of())));
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        waitForThePrompt(robot);
        robot.clickOn("Save");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, exits.get());
        assertEquals(2, Files.readString(file).split("ioas_alloc", -1).length - 1, "both clicks are in the file");
        assertFalse(Files.exists(journal));
    }

    @Test
    void closingTheWindowWithUnsavedWorkAsksAndCancelKeepsItOpen(FxRobot robot) throws Exception {
        Path journal = clickSomething(robot);
        Platform.runLater(() -> ui.stage().fireEvent(new WindowEvent(ui.stage(), WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitForThePrompt(robot);
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ui.stage().isShowing(), "the window stays");
        assertTrue(Files.exists(journal));
    }

    @Test
    void openingAnotherFileOverUnsavedWorkAsksCancelKeepsItDontSaveOpensTheFile(FxRobot robot) throws Exception {
        Path journal = clickSomething(robot);
        Object before = ui.stage().getScene().getRoot();
        Path v2 = Path.of("scenarios", "seed-thread-v2.yaml");
        Platform.runLater(() -> ui.app().open(v2));
        waitForThePrompt(robot);
        robot.clickOn("Cancel");
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        assertEquals(before, ui.stage().getScene().getRoot(), "nothing else opened");
        assertTrue(Files.exists(journal));
        Platform.runLater(() -> ui.app().open(v2));
        waitForThePrompt(robot);
        robot.clickOn("Don't save");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> ui.stage().getScene().getRoot() != before);
        assertTrue(ui.stage().getTitle().contains("v2-patch"), ui.stage().getTitle());
        assertFalse(Files.exists(journal), "the user chose: the old session's journal goes");
    }

    @Test
    void withNothingClickedQuittingAsksNothing(FxRobot robot) throws Exception {
        ui.window();
        Path journal = whatIf().session().journal();
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#save-prompt").tryQuery().isEmpty(), "no question");
        assertEquals(1, exits.get());
        assertFalse(Files.exists(journal));
    }
}
