package org.iommuscope.engine.hw;

import java.util.List;

/**
 * An iommu_group as the topology declares it.
 *
 * @param defaultDomainType sysfs `type`: the default domain's type (DMA unless the topology says identity)
 */
public record GroupSpec(int id, String iommu, DomainType defaultDomainType, List<PciDevice> devices) {
    public GroupSpec {
        devices = List.copyOf(devices);
    }

    /** The devices whose kernel drivers hold DMA ownership: any one makes the group not viable for VFIO. */
    public List<PciDevice> kernelDmaUsers() {
        return devices.stream().filter(PciDevice::usesKernelDma).toList();
    }

    /** Every device can be claimed by one user-space owner: what vfio calls a viable group. */
    public boolean viable() {
        return kernelDmaUsers().isEmpty();
    }

    /**
     * The devices whose firmware demands an identity mapping (a RESV_DIRECT region): since v6.5 the group can
     * never be put on its blocking domain, so claiming it for user space fails with EINVAL.
     */
    public List<PciDevice> directMappedDevices() {
        return devices.stream().filter(PciDevice::requiresDirect).toList();
    }

    /** Viable and free of RESV_DIRECT devices: binding any of its devices to iommufd can succeed. */
    public boolean assignable() {
        return viable() && directMappedDevices().isEmpty();
    }
}
