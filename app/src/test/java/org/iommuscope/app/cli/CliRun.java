package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;

/** One `iommuscope` command line: its exit code and what it printed to stdout and stderr. */
public record CliRun(int code, String out, String err) {
    /** Runs the command line in this JVM, with stdout and stderr captured. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs the command line in a fresh JVM with no DISPLAY, as over SSH or in CI. */
    static CliRun inChildJvm(String... args) throws Exception {
        return inChildJvm(true, args);
    }

    /** Runs the command line in a fresh JVM with no DISPLAY and no JavaFX jar on its class path. */
    static CliRun inChildJvmWithoutJavaFx(String... args) throws Exception {
        return inChildJvm(false, args);
    }

    /** Runs the command line in a fresh JVM with no DISPLAY and this PATH (to leave out a program it may run). */
    static CliRun inChildJvmWithPath(String path, String... args) throws Exception {
        return inChildJvm(true, Map.of("PATH", path), args);
    }

    private static CliRun inChildJvm(boolean withJavaFx, String... args) throws Exception {
        return inChildJvm(withJavaFx, Map.of(), args);
    }

    private static CliRun inChildJvm(boolean withJavaFx, Map<String, String> env, String... args) throws Exception {
        String cp = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> withJavaFx || !Path.of(e).getFileName().toString().startsWith("javafx-"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().putAll(env);
        // stderr to a file, so that a child writing much to both streams never blocks on a full pipe.
        Path err = Files.createTempFile("iommuscope", ".err");
        try {
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", args) + " finished");
            return new CliRun(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }
}
