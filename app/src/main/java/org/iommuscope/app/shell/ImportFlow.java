package org.iommuscope.app.shell;

import java.nio.file.Path;
import java.util.Optional;
import org.iommuscope.app.dialog.DialogService;
import org.iommuscope.app.machine.ImportProgress;
import org.iommuscope.app.machine.ImportTask;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.engine.sysfs.SysfsImport;

/**
 * File → Import machine…: a sysfs directory (default /sys) or a capture, then where to save the scenario; the
 * import runs in the background, and the machine opens on the canvas, or in Explore when it is large.
 */
final class ImportFlow {
    /** Above this many devices, an import opens in Explore rather than on the canvas, which is for a few groups at a time. */
    static final int EXPLORE_AFTER_IMPORT = 150;

    private final Shell shell;
    private final ExploreFlow explore;

    ImportFlow(Shell shell, ExploreFlow explore) {
        this.shell = shell;
        this.explore = explore;
    }

    /** Asks for the machine (a directory, or a capture when {@code capture}) and for where to save it, then imports. */
    void choose(boolean capture) {
        DialogService d = shell.dialogs();
        Optional<Path> source = capture ? d.chooseFileToOpen("Import machine capture", DialogService.FileKind.CAPTURE)
                : d.chooseDirectory("Import machine: /sys or a copy of it", Path.of("/sys"));
        source.ifPresent(s -> d.chooseFileToSave("Save the imported topology as", "topology.yaml", DialogService.FileKind.SCENARIO)
                .ifPresent(target -> importMachine(s, target)));
    }

    /** Imports a machine (sysfs directory or capture) in the background, saves it to {@code target} and opens it. */
    void importMachine(Path source, Path target) {
        ImportTask task = new ImportTask(source, target);
        ImportProgress.watch(shell.stage(), task);
        task.setOnSucceeded(e -> {
            SysfsImport.Result r = task.getValue();
            if (r.deviceCount() > EXPLORE_AFTER_IMPORT) {
                // Laying out thousands of objects on the main canvas would freeze the window for seconds and draw
                // nothing readable: a large machine opens in Explore, and groups go to the canvas from there.
                Preferences.addRecentFile(target.toAbsolutePath().normalize().toString());
                explore.open(r.scenario().title(), r.topology());
                warnings(r);
                return;
            }
            shell.open(target, () -> warnings(r));
        });
        task.setOnFailed(e -> shell.dialogs().showError("Cannot import machine", "Nothing was imported; the current scenario stays open.",
                task.getException().getMessage()));
        Thread t = new Thread(task, "machine-import");
        t.setDaemon(true);
        t.start();
    }

    private void warnings(SysfsImport.Result r) {
        if (!r.warnings().isEmpty()) {
            shell.dialogs().showWarning("Machine imported with warnings",
                    r.warnings().size() + " thing(s) in " + r.source() + " were skipped or guessed; the rest was imported.",
                    String.join("\n", r.warnings().stream().map(Object::toString).toList()));
        }
    }
}
