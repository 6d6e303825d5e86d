package org.iommuscope.vm.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iommuscope.vm.VmException;

/** The busybox the VM's user space is made of: it must be static (the initramfs has no C library). */
public final class StaticBusybox {
    private static final int PT_INTERP = 3;

    private StaticBusybox() {
    }

    /** $IOMMUSCOPE_BUSYBOX, else /bin/busybox or /usr/bin/busybox, if static. */
    public static Path find() throws VmException {
        String env = System.getenv("IOMMUSCOPE_BUSYBOX");
        List<Path> candidates = env != null && !env.isBlank() ? List.of(Path.of(env))
                : List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                if (isStatic(p)) {
                    return p;
                }
                throw new VmException(p + " is linked dynamically; the VM needs a static busybox (Debian/Ubuntu: apt-get install busybox-static)");
            }
        }
        throw new VmException("no busybox for the VM (Debian/Ubuntu: apt-get install busybox-static, or set IOMMUSCOPE_BUSYBOX)");
    }

    /** An ELF64 little-endian executable with no PT_INTERP program header. */
    static boolean isStatic(Path elf) throws VmException {
        try (FileChannel ch = FileChannel.open(elf)) {
            ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            if (h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                throw new VmException(elf + " is not an x86-64 ELF executable");
            }
            long phoff = h.getLong(0x20);
            int phentsize = h.getShort(0x36) & 0xffff;
            int phnum = h.getShort(0x38) & 0xffff;
            ByteBuffer ph = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < phnum; i++) {
                ph.clear();
                ch.read(ph, phoff + (long) i * phentsize);
                if (ph.getInt(0) == PT_INTERP) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new VmException("cannot read " + elf + ": " + e.getMessage());
        }
    }
}
