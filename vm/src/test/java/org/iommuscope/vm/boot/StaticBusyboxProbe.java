package org.iommuscope.vm.boot;

import java.nio.file.Path;
import org.iommuscope.vm.VmException;

/** The ELF check of {@link StaticBusybox}, for other packages' tests. */
public final class StaticBusyboxProbe {
    private StaticBusyboxProbe() {
    }

    public static boolean isStatic(Path elf) throws VmException {
        return StaticBusybox.isStatic(elf);
    }
}
