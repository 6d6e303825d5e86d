package org.iommuscope.vm.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iommuscope.vm.VmException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticBusyboxTest {

    @Test
    void aDynamicProgramHasAnInterpreterAndANonElfFileIsRefused(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Assumptions.assumeTrue(Files.isRegularFile(java));
        assertFalse(StaticBusybox.isStatic(java), "the JDK's launcher is linked dynamically");
        Path text = Files.writeString(dir.resolve("busybox"), "#!/bin/sh\n");
        assertThrows(VmException.class, () -> StaticBusybox.isStatic(text));
    }

    @Test
    void debiansBusyboxStaticIsStatic() throws Exception {
        Path bb = Path.of("/bin/busybox");
        Assumptions.assumeTrue(Files.isRegularFile(bb), "no busybox here");
        assertTrue(StaticBusybox.isStatic(bb));
    }
}
