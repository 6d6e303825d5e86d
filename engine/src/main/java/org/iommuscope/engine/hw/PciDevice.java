package org.iommuscope.engine.hw;

import java.util.List;
import java.util.Set;

/**
 * A device of the emulated machine, as the topology declares it.
 *
 * @param driverManagedDma the bound driver sets {@code driver_managed_dma} (vfio-pci and its variants, pci-stub,
 *                         pcieport), or no driver is bound: the driver core then skips
 *                         iommu_device_use_default_domain() and the device claims no DMA ownership of its group
 * @param pasidWidth       the PCI PASID capability's Max PASID Width in bits (0: no PASID capability)
 */
public record PciDevice(String name, int groupId, String driver, List<ReservedRegion> reserved, Set<DeviceQuirk> quirks,
                        boolean driverManagedDma, int pasidWidth) {

    public static final String VFIO_PCI = "vfio-pci";
    /** The driver name an imported device with no driver bound gets. */
    public static final String NO_DRIVER = "none";
    /** PCIe's PASID is at most 20 bits wide. */
    public static final int MAX_PASID_WIDTH = 20;

    public PciDevice {
        reserved = List.copyOf(reserved);
        quirks = Set.copyOf(quirks);
    }

    public PciDevice(String name, int groupId, String driver, List<ReservedRegion> reserved, Set<DeviceQuirk> quirks,
                     boolean driverManagedDma) {
        this(name, groupId, driver, reserved, quirks, driverManagedDma, 0);
    }

    /** The scenario format's default: only vfio-pci manages DMA itself; any other driver is a DMA-API user. */
    public PciDevice(String name, int groupId, String driver, List<ReservedRegion> reserved, Set<DeviceQuirk> quirks) {
        this(name, groupId, driver, reserved, quirks, VFIO_PCI.equals(driver));
    }

    /** A driver other than vfio-pci: there is no VFIO device to bind to iommufd. */
    public boolean onKernelDriver() {
        return !VFIO_PCI.equals(driver);
    }

    /**
     * The device's driver is a kernel DMA-API user: really_probe() called iommu_device_use_default_domain(),
     * so owner_cnt > 0 with no owner, and iommufd's claim on any device of the group gets EPERM.
     */
    public boolean usesKernelDma() {
        return !driverManagedDma;
    }

    public boolean has(DeviceQuirk quirk) {
        return quirks.contains(quirk);
    }

    /**
     * dev->iommu->require_direct: iommu_create_device_direct_mappings() sets it for a device with an
     * IOMMU_RESV_DIRECT region (an RMRR on Intel, an IVMD on AMD); a DIRECT_RELAXABLE region does not.
     */
    public boolean requiresDirect() {
        return reserved.stream().anyMatch(r -> r.type() == ResvType.DIRECT);
    }
}
