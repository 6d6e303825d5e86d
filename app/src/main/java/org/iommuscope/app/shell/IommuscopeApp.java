package org.iommuscope.app.shell;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;
import org.iommuscope.app.appearance.Appearance;
import org.iommuscope.app.appearance.Theme;
import org.iommuscope.app.explore.ExploreWindow;
import org.iommuscope.app.keys.CheatSheet;
import org.iommuscope.app.present.PresenterMode;
import org.iommuscope.app.whatif.RecoveryOffer;

/**
 * The JavaFX application: a {@link Shell} on the primary stage, the bundled seed scenario (or the file given)
 * loading into it, and an offer to recover unsaved work a crash left behind.
 */
public final class IommuscopeApp extends Application {
    private static volatile Path initialFile;
    private Shell shell;
    private ImportFlow imports;
    private ExploreFlow explore;

    public static void launchWith(Path file) {
        initialFile = file;
        Application.launch(IommuscopeApp.class);
    }

    @Override
    public void start(Stage primary) {
        shell = new Shell(primary);
        explore = new ExploreFlow(shell);
        imports = new ImportFlow(shell, explore);
        shell.setFlows(imports, explore);
        primary.show();
        shell.open(initialFile == null ? BundledScenarios.SEED : initialFile);
        RecoveryOffer.offer(primary, this::recover);
    }

    /** The app ends (the user has chosen about unsaved work): the journal goes, and Explore's threads stop. */
    @Override
    public void stop() {
        shell.stop();
        // GraphStream's layout thread is not a daemon: it would keep the JVM alive.
        explore.close();
    }

    /** The default stylesheet, from the class path (assets/ is packaged there). */
    public static String stylesheet() {
        return Theme.base();
    }

    public Shell shell() {
        return shell;
    }

    /** Loads a scenario in the background; on success shows it, on failure keeps the current one and explains. */
    public void open(Path file) {
        shell.open(file);
    }

    /** Shows the session a journal holds; it goes on journaling under this process. False (and a dialog) if it cannot be read. */
    public boolean recover(Path journal) {
        return shell.recover(journal);
    }

    /** Imports a machine (sysfs directory or capture) in the background, saves it to {@code target} and opens it. */
    public void importMachine(Path source, Path target) {
        imports.importMachine(source, target);
    }

    /** Runs the shown scenario's current branch on a real kernel through {@code service} (File → Run on a kernel… past its chooser). */
    public org.iommuscope.app.kernel.KernelRunWindow runOnKernel(Path kernel, org.iommuscope.app.kernel.KernelRunWindow.Service service) {
        return shell.kernel().run(kernel, service);
    }

    /** View → Explore…: the current scenario's machine in GraphStream's force layout. */
    public void openExplore() {
        explore.openCurrent();
    }

    public ExploreWindow explore() {
        return explore.window();
    }

    /** The presenter mode of the scenario shown, or null before one has loaded. */
    public PresenterMode presenter() {
        return shell.current().get() == null ? null : shell.current().get().presenter();
    }

    public Appearance appearance() {
        return shell.appearance();
    }

    public CheatSheet cheatSheet() {
        return shell.cheatSheet();
    }

    /** What quitting does once the user agreed (the toolkit's exit; a test watches it instead). */
    public void setExit(Runnable exit) {
        shell.setExit(exit);
    }
}
