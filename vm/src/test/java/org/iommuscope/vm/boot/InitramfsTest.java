package org.iommuscope.vm.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;

class InitramfsTest {

    @Test
    void itIsAGzippedNewcArchiveWithParentsFirstModesAndLinks() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Initramfs().file("init", "#!/bin/busybox sh\n", true).symlink("bin/sh", "busybox")
                .file("lab/steps-1.txt", "1 ioas_alloc\n", false).directory("dev").write(bytes);
        byte[] b = bytes.toByteArray();
        assertEquals(0x1f, b[0] & 0xff);
        assertEquals(0x8b, b[1] & 0xff);
        Map<String, CpioArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, String> content = new LinkedHashMap<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(b)))) {
            CpioArchiveEntry e;
            while ((e = in.getNextCPIOEntry()) != null) {
                assertEquals(CpioConstants.FORMAT_NEW, e.getFormat());
                entries.put(e.getName(), e);
                content.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(java.util.List.of("bin", "bin/sh", "dev", "init", "lab", "lab/steps-1.txt"), java.util.List.copyOf(entries.keySet()));
        assertEquals(CpioConstants.C_ISDIR | 0755, entries.get("bin").getMode());
        assertEquals(CpioConstants.C_ISREG | 0755, entries.get("init").getMode());
        assertEquals(CpioConstants.C_ISREG | 0644, entries.get("lab/steps-1.txt").getMode());
        assertEquals(CpioConstants.C_ISLNK | 0777, entries.get("bin/sh").getMode());
        assertEquals("busybox", content.get("bin/sh"));
        assertEquals("1 ioas_alloc\n", content.get("lab/steps-1.txt"));
    }

    @Test
    void aPathThatClimbsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Initramfs().file("lab/../../etc/passwd", "x", false));
    }
}
