package org.iommuscope.app.shell;

import java.nio.file.Path;
import org.iommuscope.app.dialog.DialogService;
import org.iommuscope.app.kernel.KernelRunWindow;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.vm.KernelCheck;

/** File → Run on a kernel…: which kernel image (the last one used is offered), then the shown branch on it. */
final class KernelFlow {
    private final Shell shell;

    KernelFlow(Shell shell) {
        this.shell = shell;
    }

    void choose() {
        String last = Preferences.kernelImage();
        shell.dialogs().chooseFileToOpen("Run on a kernel: the kernel image (bzImage) to boot in QEMU", DialogService.FileKind.KERNEL,
                last == null ? null : Path.of(last)).ifPresent(f -> {
                    Preferences.setKernelImage(f.toAbsolutePath().toString());
                    run(f, KernelCheck::run);
                });
    }

    /** Runs the shown scenario's current branch on a real kernel; the timeline marks what the kernel said. */
    KernelRunWindow run(Path kernel, KernelRunWindow.Service service) {
        OpenScenario c = shell.current().get();
        return KernelRunWindow.start(shell.stage(), c.whatIf().session().current(), kernel, c.window().timeline(), service);
    }
}
