package org.iommuscope.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line: `iommuscope` opens the app on the seed scenario, `iommuscope FILE` (or `open FILE`) on
 * another, `iommuscope check FILE...` runs scenarios headless. No JavaFX class is touched unless the app
 * opens; when it cannot (no GTK 3, no display) the user is told what to install or do.
 */
@Command(name = "iommuscope", mixinStandardHelpOptions = true, version = "iommuscope 0.1",
        description = "Visualise and emulate Linux iommufd group / domain topology.",
        subcommands = {CheckCommand.class, CompareCommand.class, ShowCommand.class, RenderCommand.class, Main.OpenCommand.class,
                ImportCommand.class, ExportCommand.class, KernelCommand.class})
public final class Main implements Callable<Integer> {

    /** The scenario the app opens with no argument (the repository's, or the installed app's own copy). */
    public static final Path SEED = org.iommuscope.app.shell.BundledScenarios.SEED;

    /** The app could not open: no GTK, no display. */
    static final int NO_WINDOW = 4;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a scenario to open in the app (default: the bundled seed)")
    Path file;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final AppLauncher launcher;

    public Main() {
        this(AppLauncher.JAVAFX);
    }

    Main(AppLauncher launcher) {
        this.launcher = launcher;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(AppLauncher.JAVAFX);
    }

    /** The command line with its own way of starting the app (a test's). */
    static CommandLine commandLine(AppLauncher launcher) {
        CommandLine cl = new CommandLine(new Main(launcher));
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            // No stack trace, and no class name, reaches a user: one line, and a bug report's worth in the log.
            line.getErr().println("iommuscope: " + (ex.getMessage() != null ? ex.getMessage() : "an unexpected error")
                    + " (run with -Dorg.slf4j.simpleLogger.defaultLogLevel=debug for details)");
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("unexpected error", ex);
            return 3;
        });
        return cl;
    }

    @Override
    public Integer call() {
        return open(file == null ? SEED : file);
    }

    /**
     * Opens the app on {@code scenario}; returns when its last window closes. A file that is not there, and a
     * window that cannot open, are said in words (exit 2 and {@value #NO_WINDOW}).
     */
    int open(Path scenario) {
        java.io.PrintWriter err = spec.commandLine().getErr();
        String problem = org.iommuscope.app.timeline.ScenarioFrames.fileProblem(scenario);
        if (problem != null) {
            err.println("iommuscope: " + problem);
            err.flush();
            return CheckCommand.INVALID;
        }
        try {
            launcher.open(scenario);
            return 0;
        } catch (RuntimeException e) {
            java.util.Optional<String> why = DisplayProblem.explain(e);
            if (why.isEmpty()) {
                throw e;
            }
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("cannot open the window", e);
            err.println("iommuscope: " + why.get());
            err.flush();
            return NO_WINDOW;
        }
    }

    @Command(name = "open", description = "Open the app on a scenario file (the same as `iommuscope FILE`).")
    static final class OpenCommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the scenario to open")
        Path file;

        @picocli.CommandLine.ParentCommand
        Main main;

        @Override
        public Integer call() {
            return main.open(file);
        }
    }
}
