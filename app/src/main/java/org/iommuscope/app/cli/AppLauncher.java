package org.iommuscope.app.cli;

import java.nio.file.Path;

/** Starts the JavaFX app; kept apart so that headless commands never load a JavaFX class. */
final class AppLauncher {
    private AppLauncher() {
    }

    static int open(Path file) {
        // Returns when the last window closes.
        org.iommuscope.app.shell.IommuscopeApp.launchWith(file);
        return 0;
    }
}
