package org.iommuscope.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The copied command line is one a POSIX shell reads back word for word. */
class ViewCommandTest {

    @Test
    void aFileInsideTheWorkingDirectoryIsWrittenRelativeAndPlainOptionsStayUnquoted() {
        Path cwd = Path.of("").toAbsolutePath();
        String line = new ViewCommand(cwd.resolve("scenarios/seed-thread.yaml"), "v2-patch", 7, true).line(cwd, Path.of("frames"), "svg", 2);
        assertEquals("./iommuscope render scenarios/seed-thread.yaml --out frames --format svg --step 7 --profile v2-patch --scale 2 --divergent-only",
                line);
    }

    @Test
    void awkwardFileNamesSurviveTheShell() throws Exception {
        Path odd = Path.of("/srv/demo files/it's \"odd\" $HOME.yaml");
        String line = new ViewCommand(odd, "v6.15", 0, false).line(Path.of("/elsewhere"), Path.of("out dir"), "png", 1);
        // Let a real shell split the line (minus the program name) and print each word on its own line.
        String words = line.substring("./iommuscope ".length());
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s\\n' " + words).start();
        List<String> got = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, p.waitFor());
        assertEquals(List.of("render", odd.toString(), "--out", Path.of("out dir").toAbsolutePath().toString(), "--format", "png", "--step", "0",
                "--profile", "v6.15"), got);
    }
}
