package org.iommuscope.engine.hw;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The emulated machine: CPU page size, IOMMU units, iommu_groups and their devices. Immutable. */
public record Topology(long pageSize, List<Iommu> iommus, List<GroupSpec> groups) {

    public Topology {
        iommus = List.copyOf(iommus);
        groups = List.copyOf(groups);
    }

    public Optional<Iommu> iommu(String name) {
        return iommus.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<GroupSpec> group(int id) {
        return groups.stream().filter(g -> g.id() == id).findFirst();
    }

    /** Every device by name, in topology order. */
    public Map<String, PciDevice> devices() {
        Map<String, PciDevice> all = new LinkedHashMap<>();
        for (GroupSpec g : groups) {
            for (PciDevice d : g.devices()) {
                all.put(d.name(), d);
            }
        }
        return all;
    }

    public Optional<PciDevice> device(String name) {
        for (GroupSpec g : groups) {
            for (PciDevice d : g.devices()) {
                if (d.name().equals(name)) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    public Iommu iommuOf(PciDevice device) {
        GroupSpec g = group(device.groupId()).orElseThrow();
        return iommu(g.iommu()).orElseThrow();
    }
}
