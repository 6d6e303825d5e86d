package org.iommuscope.engine.hw;

import java.util.List;
import java.util.Set;

/** A device of the emulated machine, as the topology declares it. */
public record PciDevice(String name, int groupId, String driver, List<ReservedRegion> reserved, Set<DeviceQuirk> quirks) {

    public static final String VFIO_PCI = "vfio-pci";

    public PciDevice {
        reserved = List.copyOf(reserved);
        quirks = Set.copyOf(quirks);
    }

    /** A driver other than vfio-pci is a kernel DMA-API user holding DMA ownership of the group. */
    public boolean onKernelDriver() {
        return !VFIO_PCI.equals(driver);
    }

    public boolean has(DeviceQuirk quirk) {
        return quirks.contains(quirk);
    }
}
