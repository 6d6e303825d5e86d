package org.iommuscope.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iommuscope.engine.sysfs.FakeSysfs;

/** Captures shaped like the ones the VM sends: what its 6.12.118 kernel built for a layout. */
public final class VmCaptures {
    private VmCaptures() {
    }

    /**
     * The seed thread's layout as the kernel built it: the two e1000 functions of slot 02 in iommu_group 1 on
     * vfio-pci, the host bridge and the ICH9 functions in groups of their own, QEMU's VT-d with 48 address bits.
     */
    public static byte[] seed(Path dir, String driverOf021) throws IOException {
        FakeSysfs f = new FakeSysfs(dir.resolve("sys"));
        f.group(0, "DMA", FakeSysfs.X86_MSI).device(0, "pci0000:00/0000:00:00.0", null, "dmar0");
        f.group(1, "DMA", FakeSysfs.X86_MSI)
                .device(1, "pci0000:00/0000:00:02.0", "vfio-pci", "dmar0")
                .device(1, "pci0000:00/0000:00:02.1", driverOf021, "dmar0");
        f.group(2, "DMA", FakeSysfs.X86_MSI)
                .device(2, "pci0000:00/0000:00:1f.0", null, "dmar0")
                .device(2, "pci0000:00/0000:00:1f.2", null, "dmar0");
        f.vtdRegisters("dmar0", "d2008c222f0606", "f00f4a");
        return Files.readAllBytes(f.tar(dir.resolve("capture.tar")));
    }
}
