package org.iommuscope.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The command line: `iommuscope` opens the app on the seed scenario, `iommuscope open FILE` on another,
 * `iommuscope check FILE...` runs scenarios headless. No JavaFX class is touched unless the app opens.
 */
@Command(name = "iommuscope", mixinStandardHelpOptions = true, version = "iommuscope 0.1",
        description = "Visualise and emulate Linux iommufd group / domain topology.",
        subcommands = {CheckCommand.class, CompareCommand.class, ShowCommand.class, RenderCommand.class, Main.OpenCommand.class,
                ImportCommand.class, ExportCommand.class, KernelCommand.class})
public final class Main implements Callable<Integer> {

    /** The scenario the app opens with no argument. */
    public static final Path SEED = Path.of("scenarios", "seed-thread.yaml");

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            // No stack trace reaches a user: one line, and a bug report's worth in the log.
            line.getErr().println("iommuscope: " + ex);
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("unexpected error", ex);
            return 3;
        });
        return cl;
    }

    @Override
    public Integer call() {
        return AppLauncher.open(SEED);
    }

    @Command(name = "open", description = "Open the app on a scenario file.")
    static final class OpenCommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the scenario to open")
        Path file;

        @Override
        public Integer call() {
            return AppLauncher.open(file);
        }
    }
}
