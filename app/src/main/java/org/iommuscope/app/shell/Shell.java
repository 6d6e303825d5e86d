package org.iommuscope.app.shell;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.Image;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.iommuscope.app.appearance.Appearance;
import org.iommuscope.app.dialog.DialogService;
import org.iommuscope.app.dialog.FxDialogs;
import org.iommuscope.app.dialog.SaveChoice;
import org.iommuscope.app.keys.CheatSheet;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.menu.MenuBarBuilder;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.timeline.StreamedFrames;
import org.iommuscope.app.whatif.Journal;
import org.iommuscope.app.whatif.Session;
import org.iommuscope.app.whatif.WhatIf;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.app.window.ScenarioViewModel;

/**
 * The main stage: one scene, one menu bar, one {@link OpenScenario} shown at a time. Showing another
 * deactivates the one shown (its keys, listeners and timers go) and activates the new one. Whatever would
 * drop unsaved what-if work — quitting, closing the window, opening something over it — first asks Save,
 * Don't save or Cancel; the session's journal is removed only once the user has chosen.
 */
public final class Shell {
    private final Stage stage;
    private final Scene scene;
    private final Appearance appearance = new Appearance();
    private final CheatSheet cheatSheet = new CheatSheet();
    private final DialogService dialogs;
    private final ScenarioLoader loader = new ScenarioLoader(ScenarioSource.RUN_WHOLE);
    private final ObjectProperty<OpenScenario> current = new SimpleObjectProperty<>(this, "current");
    private final MenuBar menuBar;
    private Runnable exit = Platform::exit;
    private ExploreFlow explore;
    private ImportFlow imports;
    private final KernelFlow kernel = new KernelFlow(this);
    /**
     * A long trace's window while its steps still run (or one whose file turned out to have errors past its first
     * chunk): shown, stepping, but with no what-if session yet; null otherwise.
     */
    private MainWindow running;
    /** The greyed "what-if opens once every step has run" on the running trace's canvas, or null. */
    private org.iommuscope.app.whatif.WhatIfPending pending;

    Shell(Stage stage) {
        this.stage = stage;
        this.dialogs = new FxDialogs(() -> stage);
        ProgressIndicator busy = new ProgressIndicator();
        VBox wait = new VBox(12, busy, new Label("loading…"));
        wait.setAlignment(Pos.CENTER);
        scene = new Scene(wait, 1440, 900);
        appearance.track(scene);
        stage.setScene(scene);
        // 1440×900 unless a saved placement says otherwise, on a stage shown before too.
        stage.sizeToScene();
        stage.setTitle("iommuscope");
        stage.getIcons().setAll(new Image(Shell.class.getResource("/org/iommuscope/app/assets/iommuscope-icon.png").toExternalForm()));
        WindowPlacement.restore(stage);
        stage.setOnHiding(e -> WindowPlacement.save(stage));
        stage.setOnCloseRequest(this::closeRequested);
        menuBar = MenuBarBuilder.build(AppMenus.of(this));
    }

    /** The flows that open scenarios made elsewhere: an imported machine, groups chosen in Explore. */
    void setFlows(ImportFlow imports, ExploreFlow explore) {
        this.imports = imports;
        this.explore = explore;
    }

    // ---- what is shown --------------------------------------------------------------------------------

    /** The scenario shown, or null before the first has loaded. */
    ReadOnlyObjectProperty<OpenScenario> current() {
        return current;
    }

    /** The main window shown, or null. */
    public MainWindow window() {
        OpenScenario c = current.get();
        return c == null ? running : c.window();
    }

    /** The what-if view-model of the scenario shown, or null. */
    public WhatIf whatIf() {
        OpenScenario c = current.get();
        return c == null ? null : c.whatIf();
    }

    /** Loads a scenario in the background (after the user agreed to drop unsaved work); on failure keeps what is open. */
    public void open(Path file) {
        open(file, () -> { });
    }

    /** As {@link #open(Path)}, running {@code then} once it shows. */
    void open(Path file, Runnable then) {
        if (!mayDrop("opening " + file.getFileName())) {
            return;
        }
        loader.load(file, loaded -> {
            Preferences.addRecentFile(file.toAbsolutePath().normalize().toString());
            show(file, loaded);
            then.run();
        }, new ScenarioLoader.Streamed() {
            @Override
            public void first(ScenarioFrames.Loaded loaded, StreamedFrames.Chunk chunk) {
                showRunning(file, loaded, chunk, then);
            }

            @Override
            public void more(StreamedFrames.Chunk chunk) {
                grow(file, chunk, then);
            }
        }, error -> showLoadError(file, error));
    }

    /**
     * A long trace's first chunk: its window replaces what is shown (the user agreed to drop it), steps and
     * filters, and grows as the run goes on; its what-if session starts once every step has run.
     */
    private void showRunning(Path file, ScenarioFrames.Loaded loaded, StreamedFrames.Chunk chunk, Runnable then) {
        MainWindow window = new MainWindow(new ScenarioViewModel(loaded.frames()), loaded.layout(), chunk.newShapes());
        dropShown();
        running = window;
        pending = org.iommuscope.app.whatif.WhatIfPending.install(window);
        window.addActions(actions());
        window.setSource(file, loaded.title(), loaded.profile());
        window.setTop(new VBox(menuBar, window.getTop()));
        stage.setTitle(loaded.title() + " — " + loaded.profile() + " — iommuscope");
        if (!chunk.last()) {
            // The window shows up already saying how far the run is.
            window.model().loadingProgress(chunk.progressText(), chunk.fraction());
        }
        scene.setRoot(window);
        window.requestFocus();
        window.activate();
        Platform.runLater(window.canvas()::fit);
        if (chunk.last()) {
            finishRunning(file, window, chunk, then);
        }
    }

    private void grow(Path file, StreamedFrames.Chunk chunk, Runnable then) {
        MainWindow window = running;
        if (window == null) {
            return;
        }
        window.model().append(chunk.frames(), chunk.newShapes());
        if (chunk.last()) {
            finishRunning(file, window, chunk, then);
        } else {
            window.model().loadingProgress(chunk.progressText(), chunk.fraction());
        }
    }

    /**
     * Every step has run: the trace gets its what-if session, as a scenario loaded whole does. A file with
     * errors past its first chunk stays shown up to them, without a session (nothing could be saved whole).
     */
    private void finishRunning(Path file, MainWindow window, StreamedFrames.Chunk chunk, Runnable then) {
        window.model().loaded();
        Preferences.addRecentFile(file.toAbsolutePath().normalize().toString());
        if (!chunk.problems().isEmpty()) {
            if (pending != null) {
                pending.never("No what-if on this file: it has errors from step " + (window.stepper().last() + 1)
                        + " (fix them and open it again)");
            }
            dialogs.showErrorDetails("Cannot open scenario", file.getFileName() + " has errors; it is shown up to step "
                    + window.stepper().last() + ", where they start.", String.join("\n", chunk.problems()));
            return;
        }
        running = null;
        dropPending();
        Session s = new Session(chunk.scenario(), Journal.create(Journal.defaultDir()));
        OpenScenario next = new OpenScenario(file, window, new WhatIf(s, window.model(), dialogs), stage, actions());
        current.set(next);
        next.activate();
        then.run();
    }

    private void dropPending() {
        if (pending != null) {
            pending.remove();
            pending = null;
        }
    }

    /** The notice a running trace's canvas shows on a right-click until its what-if session starts, or null. */
    public org.iommuscope.app.whatif.WhatIfPending whatIfPending() {
        return pending;
    }

    /** What is shown goes: its keys, timers and session (the user has agreed already). */
    private void dropShown() {
        OpenScenario old = current.get();
        if (old != null) {
            old.deactivate();
            old.whatIf().session().close();
            current.set(null);
        }
        if (running != null) {
            running.deactivate();
            running = null;
        }
        dropPending();
    }

    /** Shows a loaded scenario, a new what-if session on it, in place of the one shown. */
    void show(Path file, ScenarioFrames.Loaded loaded) {
        MainWindow window = new MainWindow(new ScenarioViewModel(loaded.frames()), loaded.layout());
        Session s = new Session(loaded.scenario(), Journal.create(Journal.defaultDir()));
        replace(new OpenScenario(file, window, new WhatIf(s, window.model(), dialogs), stage, actions()));
    }

    /** Shows the session a journal holds; it goes on journaling under this process. False (and a dialog) if it cannot be read. */
    public boolean recover(Path journal) {
        if (!mayDrop("recovering another session")) {
            return false;
        }
        try {
            Session s = Journal.resume(journal, Journal.create(Journal.defaultDir()));
            loader.supersede();
            WhatIf whatIf = WhatIf.open(s, dialogs);
            replace(new OpenScenario(null, new MainWindow(whatIf.scenario(), null), whatIf, stage, actions()));
            return true;
        } catch (java.io.IOException | org.iommuscope.engine.scenario.ScenarioException e) {
            showLoadError(journal, e instanceof org.iommuscope.engine.scenario.ScenarioException se
                    ? new ScenarioFrames.LoadFailure(se.diagnostics().stream().map(Object::toString).toList()) : e);
            return false;
        }
    }

    /**
     * The one place a scenario replaces another: the old one is deactivated and its session closed (the user
     * has chosen, or had nothing unsaved), the new one put in the scene with the menu bar and activated.
     */
    private void replace(OpenScenario next) {
        dropShown();
        MainWindow window = next.window();
        window.setTop(new VBox(menuBar, window.getTop()));
        stage.setTitle(next.title() + " — " + next.profile() + " — iommuscope");
        current.set(next);
        scene.setRoot(window);
        // The scene keeps its focus owner across a new root: a node of the old window, which would take the
        // keys (and keep that window alive). The new window takes the focus.
        window.requestFocus();
        next.activate();
        Platform.runLater(window.canvas()::fit);
    }

    /** What the shell's own keys do, whichever scenario is shown: they go in its window's key table. */
    private Map<KeyAction, Runnable> actions() {
        Map<KeyAction, Runnable> keys = new EnumMap<>(KeyAction.class);
        keys.put(KeyAction.OPEN, this::chooseFile);
        keys.put(KeyAction.QUIT, this::quit);
        keys.put(KeyAction.UI_ZOOM_IN, appearance::larger);
        keys.put(KeyAction.UI_ZOOM_OUT, appearance::smaller);
        keys.put(KeyAction.UI_ZOOM_RESET, () -> appearance.setZoom(100));
        keys.put(KeyAction.CHEAT_SHEET, () -> cheatSheet.toggle(stage));
        return keys;
    }

    // ---- nothing lost ---------------------------------------------------------------------------------

    /**
     * Whether the scenario shown may go: yes when it holds no unsaved what-if work; otherwise the user chooses
     * (Save: only once it is saved; Don't save: yes; Cancel: no).
     */
    boolean mayDrop(String before) {
        OpenScenario c = current.get();
        if (c == null || !c.whatIf().unsaved().get()) {
            return true;
        }
        SaveChoice choice = dialogs.askToSave(c.title(), before);
        return switch (choice) {
            case SAVE -> c.whatIf().save();
            case DONT_SAVE -> true;
            case CANCEL -> false;
        };
    }

    /** Ctrl+Q, File → Quit: asks about unsaved work, then ends the app. */
    public void quit() {
        if (mayDrop("quitting")) {
            closeSession();
            exit.run();
        }
    }

    /** The window's close button: as quitting; Cancel keeps it open. */
    private void closeRequested(WindowEvent e) {
        if (mayDrop("closing the window")) {
            closeSession();
        } else {
            e.consume();
        }
    }

    /** The user has chosen: the shown session's journal goes. */
    private void closeSession() {
        OpenScenario c = current.get();
        if (c != null) {
            c.whatIf().session().close();
        }
    }

    /** What quitting does once the user agreed (the toolkit's exit; a test watches it instead). */
    public void setExit(Runnable exit) {
        this.exit = exit;
    }

    /**
     * The toolkit is stopping: every way out of the app (quit, the window's close button) has asked about
     * unsaved work already, so the journal is no longer needed. A crash or a kill never gets here: its journal
     * stays, and the next start offers it.
     */
    void stop() {
        closeSession();
    }

    // ---- dialogs --------------------------------------------------------------------------------------

    void chooseFile() {
        dialogs.chooseFileToOpen("Open scenario", DialogService.FileKind.SCENARIO, openDialogStart()).ifPresent(this::open);
    }

    /**
     * Where File → Open starts: beside the scenario shown, else beside the newest recent file that is still
     * there, else in the bundled scenarios' folder (null when none is: the toolkit's own default).
     */
    public Path openDialogStart() {
        OpenScenario c = current.get();
        if (c != null && c.file() != null && java.nio.file.Files.isRegularFile(c.file())) {
            return c.file().toAbsolutePath();
        }
        for (String recent : Preferences.recentFiles()) {
            Path p = Path.of(recent);
            if (java.nio.file.Files.isRegularFile(p)) {
                return p;
            }
        }
        return java.nio.file.Files.isDirectory(BundledScenarios.DIR) ? BundledScenarios.DIR.toAbsolutePath() : null;
    }

    void showLoadError(Path file, Throwable error) {
        String text = error instanceof ScenarioFrames.LoadFailure lf ? String.join("\n", lf.messages()) : file + ": " + error.getMessage();
        dialogs.showErrorDetails("Cannot open scenario", file.getFileName() + " has errors; the current scenario stays open.", text);
    }

    // ---- parts ----------------------------------------------------------------------------------------

    public Stage stage() {
        return stage;
    }

    public Scene scene() {
        return scene;
    }

    public Appearance appearance() {
        return appearance;
    }

    public CheatSheet cheatSheet() {
        return cheatSheet;
    }

    public DialogService dialogs() {
        return dialogs;
    }

    ExploreFlow explore() {
        return explore;
    }

    ImportFlow imports() {
        return imports;
    }

    KernelFlow kernel() {
        return kernel;
    }

    MenuBar menuBar() {
        return menuBar;
    }
}
