package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * How the app starts from the command line: `./iommuscope FILE` opens FILE; a file that is not there, a
 * directory, and a machine where the window cannot open are said in words, with no Java class name.
 */
class LaunchTest {
    private final List<Path> opened = new ArrayList<>();

    /** Runs a command line whose app launch is {@code launcher}. */
    private CliRun run(AppLauncher launcher, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(launcher);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    private CliRun run(String... args) {
        return run(opened::add, args);
    }

    private static void noJavaNames(CliRun r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("Exception") || all.contains("java."), "no Java class name reaches the user: " + all);
    }

    @Test
    void aScenarioFileAloneOpensItInTheApp() {
        CliRun r = run("scenarios/seed-thread-v2.yaml");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(Path.of("scenarios/seed-thread-v2.yaml")), opened);
        assertEquals(0, run("open", "scenarios/reserved-msi.yaml").code());
        assertEquals(0, run().code());
        assertEquals(List.of(Path.of("scenarios/seed-thread-v2.yaml"), Path.of("scenarios/reserved-msi.yaml"), Main.SEED), opened);
    }

    @Test
    void aFileThatIsNotThereIsSaidInWordsAndTheAppDoesNotStart() {
        CliRun r = run("nosuch.yaml");
        assertEquals(CheckCommand.INVALID, r.code());
        assertEquals("iommuscope: nosuch.yaml: no such file", r.err().strip());
        assertEquals(List.of(), opened);
        noJavaNames(r);
    }

    @Test
    void checkSaysAMissingFileOrADirectoryInWords() {
        CliRun missing = CliRun.of("check", "nosuch.yaml");
        assertEquals(CheckCommand.INVALID, missing.code());
        assertTrue(missing.out().startsWith("nosuch.yaml: no such file\n"), missing.out());
        assertTrue(missing.out().contains("0 passed, 1 failed"), missing.out());
        noJavaNames(missing);
        CliRun dir = CliRun.of("check", "scenarios");
        assertEquals(CheckCommand.INVALID, dir.code());
        assertTrue(dir.out().startsWith("scenarios: is a directory, not a scenario file (give its files, e.g. scenarios/*.yaml)"),
                dir.out());
        noJavaNames(dir);
        CliRun json = CliRun.of("check", "--porcelain", "nosuch.yaml");
        assertTrue(json.out().startsWith("{\"file\":\"nosuch.yaml\",\"error\":\"no such file\"}"), json.out());
        CliRun show = CliRun.of("show", "nosuch.yaml");
        assertEquals("nosuch.yaml: no such file", show.out().strip());
    }

    @Test
    void withoutGtkTheAppNamesThePackageToInstall() {
        // The exception JavaFX 21 throws from Application.launch when libgtk-3.so.0 cannot be loaded (seen with
        // the library hidden from a real launch).
        CliRun r = run(file -> {
            throw new UnsupportedOperationException("Unable to load glass GTK library.");
        }, "scenarios/seed-thread.yaml");
        assertEquals(Main.NO_WINDOW, r.code());
        assertTrue(r.err().contains("the app needs GTK 3") && r.err().contains("sudo apt install libgtk-3-0")
                && r.err().contains("sudo dnf install gtk3"), r.err());
        noJavaNames(r);
    }

    @Test
    void withoutADisplayTheAppSaysSoInWords() throws Exception {
        CliRun r = CliRun.inChildJvm("scenarios/seed-thread.yaml");
        assertEquals(Main.NO_WINDOW, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("the app needs a display, and there is none"), r.err());
        noJavaNames(r);
    }
}
