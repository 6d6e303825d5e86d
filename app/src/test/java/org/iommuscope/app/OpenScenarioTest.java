package org.iommuscope.app;

import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The app itself: opens the seed scenario; a malformed file shows its errors and keeps what is open. */
@ExtendWith(ApplicationExtension.class)
class OpenScenarioTest {
    private AppUnderTest ui;

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
    }

    @Test
    void opensTheSeedScenarioWithItsTitleAndProfile(FxRobot robot) throws Exception {
        ui.window();
        assertTrue(ui.stage().getTitle().contains("Seed thread"), ui.stage().getTitle());
        assertTrue(ui.stage().getTitle().contains("v6.15"), ui.stage().getTitle());
        MainWindow w = (MainWindow) ui.stage().getScene().getRoot();
        assertTrue(w.canvas().nodeFor("hwpt-5") != null, "hwpt1 of the seed is object 5");
        robot.interact(w.stepper()::end);
        assertEquals(w.stepper().frames().size() - 1, w.stepper().index().get());
    }

    @Test
    void fileOpenStartsBesideTheScenarioShown(FxRobot robot) throws Exception {
        ui.window();
        Path seed = Path.of("scenarios", "seed-thread.yaml").toAbsolutePath();
        assertEquals(seed.normalize(), ui.app().shell().openDialogStart().normalize(),
                "the dialog opens in the shown scenario's folder, not the toolkit's 'Recent'");
    }

    @Test
    void anOpenedFileJoinsTheRecentListAndCanBeReopenedFromTheFileMenu(FxRobot robot) throws Exception {
        ui.window();
        Path v2 = Path.of("scenarios", "seed-thread-v2.yaml").toAbsolutePath().normalize();
        Object seedWindow = ui.stage().getScene().getRoot();
        robot.interact(() -> ui.app().open(v2));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> ui.stage().getScene().getRoot() != seedWindow);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ui.stage().getTitle().contains("v2-patch"), ui.stage().getTitle());
        assertEquals(v2.toString(), Preferences.recentFiles().get(0));
        robot.clickOn("File");
        robot.clickOn("#menu-recent");
        String seed = Path.of("scenarios", "seed-thread.yaml").toAbsolutePath().normalize().toString();
        Object v2Window = ui.stage().getScene().getRoot();
        robot.clickOn(seed);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> ui.stage().getScene().getRoot() != v2Window);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ui.stage().getTitle().contains("v6.15"), ui.stage().getTitle());
        assertEquals(seed, Preferences.recentFiles().get(0));
    }

    @Test
    void aMalformedFileShowsItsErrorsAndKeepsTheCurrentScenario(FxRobot robot, @TempDir Path dir) throws Exception {
        ui.window();
        Object before = ui.stage().getScene().getRoot();
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "scenario: bad\ntopology:\n  groups:\n    - id: 1\n      devices: [{name: a, drvier: vfio-pci}]\nsteps: []\n");
        robot.interact(() -> ui.app().open(bad));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#load-errors").tryQuery().isPresent());
        String text = robot.lookup("#load-errors").queryAs(TextArea.class).getText();
        assertTrue(text.contains(bad + ":5:27"), text);
        assertTrue(text.contains("did you mean 'driver'"), text);
        assertEquals(before, ui.stage().getScene().getRoot());
    }
}
