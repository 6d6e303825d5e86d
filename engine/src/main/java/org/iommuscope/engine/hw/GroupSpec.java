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
}
