package org.iommuscope.app.cli;

import java.nio.file.Path;

/** Starts the app on a scenario file; the JavaFX one is kept apart so that headless commands never load a JavaFX class. */
@FunctionalInterface
interface AppLauncher {
    /** Opens the app on {@code file}; returns when its last window closes. */
    void open(Path file);

    /** The JavaFX app ({@link org.iommuscope.app.shell.IommuscopeApp}). */
    AppLauncher JAVAFX = file -> org.iommuscope.app.shell.IommuscopeApp.launchWith(file);
}
