package org.iommuscope.app;

import java.nio.file.Path;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.iommuscope.app.whatif.Journal;
import org.iommuscope.app.whatif.RecoveryOffer;
import org.iommuscope.app.whatif.Session;
import org.iommuscope.app.whatif.WhatIf;
import org.iommuscope.engine.scenario.ScenarioException;

/**
 * The JavaFX application: opens a scenario (loaded off the FX thread), shows it in a {@link MainWindow},
 * and reports a malformed file's errors (file:line:column) in a dialog while keeping what was open.
 */
public final class IommuscopeApp extends Application {
    private static volatile Path initialFile;
    private Stage stage;
    private Scene scene;
    private final org.iommuscope.app.present.Appearance appearance = new org.iommuscope.app.present.Appearance();
    private final org.iommuscope.app.present.CheatSheet cheatSheet = new org.iommuscope.app.present.CheatSheet();
    private Path currentFile;
    private org.iommuscope.app.present.PresenterMode presenter;
    private Session session;
    /** Bumped by every open and recovery: a load that finishes after a later one is dropped. */
    private int generation;
    private MainWindow window;
    private String title = "";
    private org.iommuscope.app.explore.ExploreWindow explore;
    /** Above this many devices, an import opens in Explore rather than on the canvas, which is for a few groups at a time. */
    static final int EXPLORE_AFTER_IMPORT = 150;

    public static void launchWith(Path file) {
        initialFile = file;
        Application.launch(IommuscopeApp.class);
    }

    @Override
    public void start(Stage primary) {
        this.stage = primary;
        ProgressIndicator busy = new ProgressIndicator();
        VBox wait = new VBox(12, busy, new Label("loading…"));
        wait.setAlignment(javafx.geometry.Pos.CENTER);
        scene = new Scene(wait, 1440, 900);
        appearance.track(scene);
        primary.setScene(scene);
        primary.setTitle("iommuscope");
        WindowPlacement.restore(primary);
        primary.setOnHiding(e -> WindowPlacement.save(primary));
        primary.show();
        open(initialFile == null ? Path.of("scenarios", "seed-thread.yaml") : initialFile);
        RecoveryOffer.offer(stage, this::recover);
    }

    /** A clean exit: the session's journal is no longer needed. */
    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
        // GraphStream's layout thread is not a daemon: it would keep the JVM alive.
        if (explore != null) {
            explore.close();
        }
    }

    /** Shows the session a journal holds; it goes on journaling under this process. False (and a dialog) if it cannot be read. */
    public boolean recover(Path journal) {
        try {
            Session s = Journal.resume(journal, Journal.create(Journal.defaultDir()));
            generation++;
            showSession(s);
            return true;
        } catch (java.io.IOException | ScenarioException e) {
            showError(journal, e instanceof ScenarioException se
                    ? new ScenarioFrames.LoadFailure(se.diagnostics().stream().map(Object::toString).toList()) : e);
            return false;
        }
    }

    /** The default stylesheet, from the class path (assets/ is packaged there). */
    public static String stylesheet() {
        return IommuscopeApp.class.getResource("assets/iommuscope.css").toExternalForm();
    }

    /** Loads a scenario in the background; on success shows it, on failure keeps the current one and explains. */
    public void open(Path file) {
        Task<ScenarioFrames.Loaded> load = new Task<>() {
            @Override
            protected ScenarioFrames.Loaded call() throws Exception {
                return ScenarioFrames.load(file).laidOut();
            }
        };
        int g = ++generation;
        load.setOnSucceeded(e -> {
            if (g == generation) {
                show(file, load.getValue());
            }
        });
        load.setOnFailed(e -> showError(file, load.getException()));
        Thread t = new Thread(load, "scenario-loader");
        t.setDaemon(true);
        t.start();
    }

    private void show(Path file, ScenarioFrames.Loaded loaded) {
        currentFile = file;
        MainWindow window = new MainWindow(loaded.frames(), loaded.layout());
        if (file != null) {
            Preferences.addRecentFile(file.toAbsolutePath().normalize().toString());
        }
        Session s = new Session(loaded.scenario(), Journal.create(Journal.defaultDir()));
        install(window, WhatIf.attach(window, s));
    }

    private void showSession(Session s) {
        currentFile = null;
        WhatIf whatIf = WhatIf.open(s);
        install(whatIf.window(), whatIf);
    }

    private void install(MainWindow window, WhatIf whatIf) {
        if (presenter != null) {
            presenter.leave();
        }
        presenter = new org.iommuscope.app.present.PresenterMode(stage, window);
        window.stepper().speed().set(Preferences.speed());
        window.stepper().speed().addListener((o, a, b) -> Preferences.setSpeed(b.doubleValue()));
        if (session != null && !session.hasWork()) {
            session.close();
        }
        session = whatIf.session();
        this.window = window;
        this.title = session.base().title();
        window.setSource(currentFile, session.base().title(), session.base().profile().key());
        window.setTop(new javafx.scene.layout.VBox(menuBar(window, whatIf), window.getTop()));
        stage.setTitle(session.base().title() + " — " + session.base().profile().key() + " — iommuscope");
        scene.setRoot(window);
        Map<KeyAction, Runnable> keys = new java.util.EnumMap<>(KeyAction.class);
        keys.put(KeyAction.OPEN, this::chooseFile);
        keys.put(KeyAction.QUIT, Platform::exit);
        keys.putAll(presenter.actions());
        keys.put(KeyAction.UI_ZOOM_IN, appearance::larger);
        keys.put(KeyAction.UI_ZOOM_OUT, appearance::smaller);
        keys.put(KeyAction.UI_ZOOM_RESET, () -> appearance.setZoom(100));
        keys.put(KeyAction.CHEAT_SHEET, () -> cheatSheet.toggle(stage));
        keys.putAll(whatIf.actions());
        window.install(scene, keys);
        Platform.runLater(window.canvas()::fit);
    }

    /** File (open, recent, quit) and View (zoom, fit, divergent only, reduced motion). */
    private javafx.scene.control.MenuBar menuBar(MainWindow window, WhatIf whatIf) {
        javafx.scene.control.MenuItem open = new javafx.scene.control.MenuItem("Open…");
        open.setAccelerator(KeyAction.OPEN.keys().get(0));
        open.setOnAction(e -> chooseFile());
        javafx.scene.control.Menu recent = new javafx.scene.control.Menu("Open Recent");
        recent.setId("menu-recent");
        for (String f : Preferences.recentFiles()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(f);
            item.setOnAction(e -> open(Path.of(f)));
            recent.getItems().add(item);
        }
        recent.setDisable(recent.getItems().isEmpty());
        javafx.scene.control.MenuItem quit = new javafx.scene.control.MenuItem("Quit");
        quit.setAccelerator(KeyAction.QUIT.keys().get(0));
        quit.setOnAction(e -> Platform.exit());
        javafx.scene.control.MenuItem importDir = new javafx.scene.control.MenuItem("Import machine…");
        importDir.setId("menu-import");
        importDir.setOnAction(e -> chooseImport(false));
        javafx.scene.control.MenuItem importTar = new javafx.scene.control.MenuItem("Import machine capture (.tar)…");
        importTar.setOnAction(e -> chooseImport(true));
        javafx.scene.control.Menu export = org.iommuscope.app.export.ExportMenu.create(window::viewExport, () -> stage,
                KeyAction.COPY_VIEW_COMMAND.keys().get(0));
        javafx.scene.control.MenuItem onKernel = new javafx.scene.control.MenuItem("Run on a kernel…");
        onKernel.setId("menu-kernel");
        onKernel.setOnAction(e -> chooseKernel());
        javafx.scene.control.Menu fileMenu = new javafx.scene.control.Menu("File", null, open, recent,
                new javafx.scene.control.SeparatorMenuItem());
        fileMenu.getItems().addAll(whatIf.fileItems());
        // Export is a submenu: kept away from Open Recent, so a pointer on its way into that list
        // does not open Export instead.
        fileMenu.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), export, importDir, importTar, onKernel,
                new javafx.scene.control.SeparatorMenuItem(), quit);
        javafx.scene.control.MenuItem fit = new javafx.scene.control.MenuItem("Fit (F)");
        fit.setOnAction(e -> window.canvas().fit());
        javafx.scene.control.CheckMenuItem divergent = new javafx.scene.control.CheckMenuItem("Divergent only (D)");
        divergent.setOnAction(e -> window.canvas().setDivergentOnly(divergent.isSelected()));
        javafx.scene.control.CheckMenuItem motion = new javafx.scene.control.CheckMenuItem("Reduced motion");
        motion.setId("menu-reduced-motion");
        motion.setSelected(Preferences.reducedMotion());
        motion.setOnAction(e -> Preferences.setReducedMotion(motion.isSelected()));
        javafx.scene.control.MenuItem exploreItem = new javafx.scene.control.MenuItem("Explore…");
        exploreItem.setId("menu-explore");
        exploreItem.setOnAction(e -> openExplore());
        javafx.scene.control.Menu view = new javafx.scene.control.Menu("View", null, fit, divergent, motion,
                new javafx.scene.control.SeparatorMenuItem(), exploreItem);
        view.getItems().addAll(presentingItems());
        javafx.scene.control.MenuBar bar = new javafx.scene.control.MenuBar(fileMenu, whatIf.editMenu(), view);
        bar.setId("menu-bar");
        return bar;
    }

    /** View: presenter mode, compare profiles, theme, text size, the key sheet; shortcuts from the key table. */
    private java.util.List<javafx.scene.control.MenuItem> presentingItems() {
        javafx.scene.control.MenuItem present = new javafx.scene.control.MenuItem(KeyAction.PRESENTER.description());
        present.setId("menu-presenter");
        present.setAccelerator(KeyAction.PRESENTER.keys().get(0));
        present.setOnAction(e -> presenter.enter());
        javafx.scene.control.MenuItem compare = new javafx.scene.control.MenuItem("Compare profiles…");
        compare.setId("menu-compare");
        compare.setOnAction(e -> org.iommuscope.app.present.CompareWindow.choose(stage)
                .ifPresent(c -> org.iommuscope.app.present.CompareWindow.open(currentFile, c, appearance, stage)));
        javafx.scene.control.Menu theme = new javafx.scene.control.Menu("Theme");
        theme.setId("menu-theme");
        javafx.scene.control.ToggleGroup themes = new javafx.scene.control.ToggleGroup();
        for (org.iommuscope.app.present.Theme t : org.iommuscope.app.present.Theme.values()) {
            javafx.scene.control.RadioMenuItem item = new javafx.scene.control.RadioMenuItem(t.label());
            item.setId("menu-theme-" + t.key());
            item.setToggleGroup(themes);
            item.setSelected(appearance.themeProperty().get() == t);
            item.setOnAction(e -> appearance.setTheme(t));
            theme.getItems().add(item);
        }
        javafx.scene.control.Menu text = new javafx.scene.control.Menu("Text size");
        for (KeyAction a : java.util.List.of(KeyAction.UI_ZOOM_IN, KeyAction.UI_ZOOM_OUT, KeyAction.UI_ZOOM_RESET)) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(a.description());
            item.setAccelerator(a.keys().get(0));
            item.setOnAction(e -> {
                switch (a) {
                    case UI_ZOOM_IN -> appearance.larger();
                    case UI_ZOOM_OUT -> appearance.smaller();
                    default -> appearance.setZoom(100);
                }
            });
            text.getItems().add(item);
        }
        javafx.scene.control.MenuItem keys = new javafx.scene.control.MenuItem("Show keys");
        keys.setAccelerator(KeyAction.CHEAT_SHEET.keys().get(0));
        keys.setOnAction(e -> cheatSheet.toggle(stage));
        javafx.scene.control.MenuItem bindings = new javafx.scene.control.MenuItem("Key bindings…");
        bindings.setOnAction(e -> org.iommuscope.app.present.KeyBindingsDialog.show(stage));
        return java.util.List.of(new javafx.scene.control.SeparatorMenuItem(), present, compare,
                new javafx.scene.control.SeparatorMenuItem(), theme, text, keys, bindings);
    }

    public org.iommuscope.app.present.PresenterMode presenter() {
        return presenter;
    }

    public org.iommuscope.app.present.Appearance appearance() {
        return appearance;
    }

    public org.iommuscope.app.present.CheatSheet cheatSheet() {
        return cheatSheet;
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open scenario");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Scenarios", "*.yaml", "*.yml"));
        java.io.File f = fc.showOpenDialog(stage);
        if (f != null) {
            open(f.toPath());
        }
    }

    /** File → Import machine…: a sysfs directory (default /sys) or a capture, then where to save the scenario. */
    private void chooseImport(boolean capture) {
        java.io.File source;
        if (capture) {
            FileChooser fc = new FileChooser();
            fc.setTitle("Import machine capture");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("sysfs captures", "*.tar", "*.tar.gz", "*.tgz"));
            source = fc.showOpenDialog(stage);
        } else {
            javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
            dc.setTitle("Import machine: /sys or a copy of it");
            java.io.File sys = new java.io.File("/sys");
            if (sys.isDirectory()) {
                dc.setInitialDirectory(sys);
            }
            source = dc.showDialog(stage);
        }
        if (source == null) {
            return;
        }
        FileChooser save = new FileChooser();
        save.setTitle("Save the imported topology as");
        save.setInitialFileName("topology.yaml");
        java.io.File target = save.showSaveDialog(stage);
        if (target != null) {
            importMachine(source.toPath(), target.toPath());
        }
    }

    /** File → Run on a kernel…: which kernel image (the last one used is offered), then the run. */
    private void chooseKernel() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Run on a kernel: the kernel image (bzImage) to boot in QEMU");
        String last = Preferences.kernelImage();
        if (last != null && new java.io.File(last).getParentFile() != null && new java.io.File(last).getParentFile().isDirectory()) {
            fc.setInitialDirectory(new java.io.File(last).getParentFile());
            fc.setInitialFileName(new java.io.File(last).getName());
        }
        java.io.File f = fc.showOpenDialog(stage);
        if (f != null) {
            Preferences.setKernelImage(f.getAbsolutePath());
            runOnKernel(f.toPath(), org.iommuscope.vm.KernelCheck::run);
        }
    }

    /** Runs the scenario on the screen (its current branch) on a real kernel; the timeline marks what the kernel said. */
    public org.iommuscope.app.kernel.KernelRunWindow runOnKernel(Path kernel, org.iommuscope.app.kernel.KernelRunWindow.Service service) {
        return org.iommuscope.app.kernel.KernelRunWindow.start(stage, session.current(), kernel, window.timeline(), service);
    }

    /** Imports a machine (sysfs directory or capture) in the background, saves it to {@code target} and opens it. */
    public void importMachine(Path source, Path target) {
        org.iommuscope.app.machine.ImportTask task = new org.iommuscope.app.machine.ImportTask(source, target);
        org.iommuscope.app.machine.ImportProgress.watch(stage, task);
        task.setOnSucceeded(e -> {
            org.iommuscope.engine.sysfs.SysfsImport.Result r = task.getValue();
            if (r.deviceCount() > EXPLORE_AFTER_IMPORT) {
                // Laying out thousands of objects on the main canvas would freeze the window for seconds and draw
                // nothing readable: a large machine opens in Explore, and groups go to the canvas from there.
                Preferences.addRecentFile(target.toAbsolutePath().normalize().toString());
                openExplore(r.scenario().title(), r.topology());
                if (!r.warnings().isEmpty()) {
                    showImportWarnings(r);
                }
                return;
            }
            openThen(target, () -> {
                if (!r.warnings().isEmpty()) {
                    showImportWarnings(r);
                }
            });
        });
        task.setOnFailed(e -> {
            Alert a = new Alert(Alert.AlertType.ERROR, task.getException().getMessage());
            a.setTitle("Cannot import machine");
            a.setHeaderText("Nothing was imported; the current scenario stays open.");
            a.show();
        });
        Thread t = new Thread(task, "machine-import");
        t.setDaemon(true);
        t.start();
    }

    private void showImportWarnings(org.iommuscope.engine.sysfs.SysfsImport.Result r) {
        Alert a = new Alert(Alert.AlertType.WARNING);
        a.setTitle("Machine imported with warnings");
        a.setHeaderText(r.warnings().size() + " thing(s) in " + r.source() + " were skipped or guessed; the rest was imported.");
        TextArea area = new TextArea(String.join("\n", r.warnings().stream().map(Object::toString).toList()));
        area.setEditable(false);
        area.setWrapText(true);
        area.setId("import-warnings");
        a.getDialogPane().setContent(area);
        a.show();
    }

    /** Opens a file and runs {@code then} once it shows. */
    private void openThen(Path file, Runnable then) {
        Object before = scene.getRoot();
        open(file);
        javafx.beans.value.ChangeListener<javafx.scene.Parent> once = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Parent> o, javafx.scene.Parent a, javafx.scene.Parent b) {
                if (b != before) {
                    scene.rootProperty().removeListener(this);
                    then.run();
                }
            }
        };
        scene.rootProperty().addListener(once);
    }

    /** View → Explore…: the current scenario's machine in GraphStream's force layout, one Explore window at a time. */
    public void openExplore() {
        if (window != null) {
            openExplore(title, window.stepper().frames().get(0).state().topology());
        }
    }

    private void openExplore(String machineTitle, org.iommuscope.engine.hw.Topology machine) {
        if (explore != null) {
            explore.close();
        }
        explore = new org.iommuscope.app.explore.ExploreWindow(stage, machineTitle, machine,
                (groups, selected) -> openGroups(machineTitle, machine, groups, selected));
        explore.show();
    }

    public org.iommuscope.app.explore.ExploreWindow explore() {
        return explore;
    }

    /** Explore's "open in main canvas": the chosen groups as a scenario of their own, the selection selected. */
    private void openGroups(String machineTitle, org.iommuscope.engine.hw.Topology machine, java.util.List<Integer> groups,
                            java.util.List<String> selected) {
        org.iommuscope.engine.hw.Topology part = explore.view().model().subTopology(groups);
        String which = groups.size() == 1 ? "group " + groups.get(0) : "groups " + groups.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
        java.util.List<String> notViable = part.groups().stream().filter(g -> !g.viable())
                .map(org.iommuscope.engine.sysfs.SysfsImport::nonViableText).toList();
        String description = "The " + which + " of " + machineTitle + ", taken out in Explore for what-ifs."
                + (notViable.isEmpty() ? "" : " Not viable: " + String.join("; ", notViable) + ".");
        org.iommuscope.engine.scenario.Scenario s = new org.iommuscope.engine.scenario.Scenario(machineTitle, machineTitle + ": " + which,
                description, org.iommuscope.engine.iommufd.Profile.V6_15, part, java.util.List.of());
        org.iommuscope.engine.scenario.ScenarioRun run = org.iommuscope.engine.scenario.ScenarioRunner.run(s, null);
        show(null, new ScenarioFrames.Loaded(s.title(), run.profile().key(), ScenarioFrames.frames(run), s));
        selected.stream().filter(id -> window.canvas().nodeFor(id) != null).findFirst().ifPresent(window.canvas()::select);
        stage.toFront();
    }


    private void showError(Path file, Throwable error) {
        String text = error instanceof ScenarioFrames.LoadFailure lf ? String.join("\n", lf.messages())
                : file + ": " + error.getMessage();
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.setTitle("Cannot open scenario");
        a.setHeaderText(file.getFileName() + " has errors; the current scenario stays open.");
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setId("load-errors");
        a.getDialogPane().setContent(area);
        a.show();
    }
}
