package org.iommuscope.vm.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.iommuscope.vm.VmException;
import org.iommuscope.vm.boot.StaticBusyboxProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerBinaryTest {

    @Test
    void withoutACompilerTheMessageSaysWhatToInstall(@TempDir Path empty) {
        VmException e = assertThrows(VmException.class, () -> RunnerBinary.compiler(null, empty.toString()));
        assertTrue(e.getMessage().contains("no gcc on the PATH") && e.getMessage().contains("apt-get install gcc"), e.getMessage());
        e = assertThrows(VmException.class, () -> RunnerBinary.compiler("/opt/none/bin/cc", null));
        assertTrue(e.getMessage().contains("no /opt/none/bin/cc"), e.getMessage());
    }

    /** Needs the system's gcc and static C library, as a user's run does. */
    @Test
    void theRunnerIsCompiledStaticOnceAndThenTakenFromTheCache(@TempDir Path cache) throws Exception {
        String cc;
        try {
            cc = RunnerBinary.compiler();
        } catch (VmException e) {
            Assumptions.abort("no C compiler here: " + e.getMessage());
            return;
        }
        Path bin = RunnerBinary.get(cache, cc);
        assertEquals(cache.resolve("runner").resolve(RunnerBinary.sourceHash()).resolve("iommuscope-runner"), bin);
        assertTrue(StaticBusyboxProbe.isStatic(bin), "the VM has no C library: the runner must be static");
        FileTime built = Files.getLastModifiedTime(bin);
        Files.setLastModifiedTime(bin, FileTime.fromMillis(built.toMillis() - 60_000));
        FileTime aged = Files.getLastModifiedTime(bin);
        assertEquals(bin, RunnerBinary.get(cache, cc));
        assertEquals(aged, Files.getLastModifiedTime(bin), "the cached binary is not rebuilt");
        try (var s = Files.list(bin.getParent())) {
            assertEquals(1, s.count(), "no build directory is left behind");
        }
    }
}
