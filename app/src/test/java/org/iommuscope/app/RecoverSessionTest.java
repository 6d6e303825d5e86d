package org.iommuscope.app;

import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.iommuscope.app.whatif.Journal;
import org.iommuscope.app.whatif.Session;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.Ref;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The app resumes a what-if session from the journal a crashed run left behind. */
@ExtendWith(ApplicationExtension.class)
class RecoverSessionTest {
    private IommuscopeApp app;
    private Stage stage;

    private Path orphan;

    /** A journal of a process that no longer runs waits in the journal directory when the app starts. */
    @Start
    void start(Stage s) throws Exception {
        Path dir = Journal.defaultDir();
        Files.createDirectories(dir);
        Path scratch = Files.createTempDirectory("journal");
        Journal j = Journal.create(scratch);
        Session crashed = new Session(ScenarioLoader.load(Path.of("scenarios", "seed-thread.yaml")), j);
        crashed.view(10);
        crashed.apply(new OpSpec("detach", Map.of("dev", new Arg.Obj(Ref.handle("idev2")))));
        orphan = dir.resolve("session-" + Long.MAX_VALUE + "-1.journal");
        Files.move(j.file(), orphan);
        stage = s;
        app = new IommuscopeApp();
        app.start(s);
    }

    @org.junit.jupiter.api.AfterEach
    void tidy() throws Exception {
        Files.deleteIfExists(orphan);
    }

    @Test
    void atStartTheAppOffersToRecoverUnsavedWorkAndShowsIt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#recover-dialog").tryQuery().isPresent());
        robot.clickOn("Yes");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> stage.getScene().getRoot() instanceof MainWindow w
                && w.stepper().frames().size() == 12);
        MainWindow w = (MainWindow) stage.getScene().getRoot();
        assertEquals("detach: {dev: idev2}", w.stepper().frames().get(11).op());
        assertEquals(List.of(10), w.timeline().forks());
        assertTrue(Files.notExists(orphan), "the recovered journal is taken over by this run's");
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        assertEquals(12, ((MainWindow) stage.getScene().getRoot()).stepper().frames().size(),
                "the scenario loading at start does not replace the recovered session");
        robot.interact(app::stop);
    }

    @Test
    void recoverShowsTheBranchesOfAJournal(FxRobot robot, @TempDir Path dir) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#recover-dialog").tryQuery().isPresent());
        robot.clickOn("No");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> stage.getScene().getRoot() instanceof MainWindow);
        assertEquals(26, ((MainWindow) stage.getScene().getRoot()).stepper().frames().size(), "declined: the seed as loaded");
        Journal left = Journal.create(dir);
        Session crashed = new Session(ScenarioLoader.load(Path.of("scenarios", "seed-thread.yaml")), left);
        crashed.view(10);
        crashed.apply(new OpSpec("detach", Map.of("dev", new Arg.Obj(Ref.handle("idev2")))));
        Path journal = left.file();
        Object before = stage.getScene().getRoot();
        robot.interact(() -> assertTrue(app.recover(journal)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> stage.getScene().getRoot() != before);
        MainWindow w = (MainWindow) stage.getScene().getRoot();
        assertEquals(12, w.stepper().frames().size(), "the branch with the clicked detach");
        assertEquals("detach: {dev: idev2}", w.stepper().frames().get(11).op());
        assertEquals(List.of(10), w.timeline().forks(), "the old future is still there, forked at step 10");
        assertTrue(Files.notExists(journal), "the old journal is taken over by this run's");
        robot.interact(app::stop);
    }
}
