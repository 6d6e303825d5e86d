package org.iommuscope.app.shell;

import java.nio.file.Path;

/**
 * Where the bundled scenarios are: `scenarios/` of the working directory (the repository), or the installed
 * app's own copy, which its launcher names with `-Diommuscope.scenarios=DIR`. No JavaFX here: the command
 * line reads it without loading the toolkit.
 */
public final class BundledScenarios {
    /** The directory of the bundled scenarios. */
    public static final Path DIR = Path.of(System.getProperty("iommuscope.scenarios", "scenarios"));

    /** The scenario the app opens with no argument. */
    public static final Path SEED = DIR.resolve("seed-thread.yaml");

    private BundledScenarios() {
    }
}
