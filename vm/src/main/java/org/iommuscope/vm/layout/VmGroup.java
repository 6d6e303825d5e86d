package org.iommuscope.vm.layout;

import java.util.List;

/**
 * How one scenario iommu_group is built in the VM so that the kernel groups it the same way
 * (pci_device_group() in drivers/iommu/iommu.c):
 * <ul>
 * <li>{@link Placement#ALONE}: an e1000 on its own slot of the root bus: a group of its own.</li>
 * <li>{@link Placement#MULTIFUNCTION}: functions 0..7 of one root-bus slot; an e1000 has no ACS capability, so
 * pci_acs_path_enabled() fails between the functions and they share a group.</li>
 * <li>{@link Placement#BRIDGE}: e1000s behind a conventional PCI bridge: every device behind it aliases to the
 * bridge (pci_for_each_dma_alias()), so the bridge and all of them form one group. The bridge function has no
 * driver, so it claims no DMA ownership and changes no outcome; it is the one member the scenario does not
 * list.</li>
 * </ul>
 *
 * @param bridgeBdf the bridge's BDF for {@link Placement#BRIDGE}, else null
 */
public record VmGroup(int scenarioGroup, Placement placement, int slot, String bridgeBdf, List<VmDevice> devices,
                      List<String> qemuArgs) {

    public enum Placement { ALONE, MULTIFUNCTION, BRIDGE }

    public VmGroup {
        devices = List.copyOf(devices);
        qemuArgs = List.copyOf(qemuArgs);
    }
}
