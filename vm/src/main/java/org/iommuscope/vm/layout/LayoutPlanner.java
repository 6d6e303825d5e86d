package org.iommuscope.vm.layout;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;

/**
 * Lays a scenario's groups out as QEMU q35 PCI functions, in topology order from root-bus slot 2: a group of one
 * device gets a slot, 2–8 devices one multifunction slot, more a conventional PCI bridge with one device per
 * bridge slot (see {@link VmGroup}). Bridges get their secondary bus numbers in slot order (the firmware numbers
 * buses depth-first, and nothing else on the q35 machine with {@code -nic none -vga none} is a bridge); the run
 * checks afterwards that the kernel built exactly these groups.
 */
public final class LayoutPlanner {
    /** Slot 0 is the host bridge, 0x1f the ICH9 functions; 1 is left to the (absent) VGA. */
    static final int FIRST_SLOT = 2;
    static final int LAST_SLOT = 0x1e;
    /** Functions of one slot. */
    static final int FUNCTIONS = 8;
    /** Slots of a PCI bridge's secondary bus that the planner uses (1..31). */
    static final int BRIDGE_SLOTS = 31;

    private LayoutPlanner() {
    }

    /** Whether the planner can place the topology at all; null when it can, else why not. */
    public static String cannotPlace(Topology topology) {
        int slots = LAST_SLOT - FIRST_SLOT + 1;
        if (topology.groups().size() > slots) {
            return topology.groups().size() + " iommu_groups: the VM's root bus has " + slots + " free slots, one per group";
        }
        for (GroupSpec g : topology.groups()) {
            if (g.devices().size() > BRIDGE_SLOTS) {
                return "group " + g.id() + " has " + g.devices().size() + " devices: the VM builds at most " + BRIDGE_SLOTS
                        + " behind one PCI bridge";
            }
        }
        return null;
    }

    /** The layout; {@link #cannotPlace} must have returned null. */
    public static VmLayout plan(Topology topology, int addressWidth) {
        if (cannotPlace(topology) != null) {
            throw new IllegalArgumentException(cannotPlace(topology));
        }
        List<VmGroup> groups = new ArrayList<>();
        int slot = FIRST_SLOT;
        int bus = 1;
        for (GroupSpec g : topology.groups()) {
            int n = g.devices().size();
            if (n == 1) {
                PciDevice d = g.devices().get(0);
                String bdf = bdf(0, slot, 0);
                String arg = "e1000,addr=" + slotFn(slot, 0);
                groups.add(new VmGroup(g.id(), VmGroup.Placement.ALONE, slot, null,
                        List.of(new VmDevice(d.name(), g.id(), bdf, driver(d), arg)), List.of("-device", arg)));
            } else if (n <= FUNCTIONS) {
                List<VmDevice> devices = new ArrayList<>();
                List<String> args = new ArrayList<>();
                for (int f = 0; f < n; f++) {
                    PciDevice d = g.devices().get(f);
                    String arg = "e1000,addr=" + slotFn(slot, f) + (f == 0 ? ",multifunction=on" : "");
                    devices.add(new VmDevice(d.name(), g.id(), bdf(0, slot, f), driver(d), arg));
                    args.add("-device");
                    args.add(arg);
                }
                groups.add(new VmGroup(g.id(), VmGroup.Placement.MULTIFUNCTION, slot, null, devices, args));
            } else {
                String id = "br" + bus;
                String bridge = "pci-bridge,id=" + id + ",bus=pcie.0,addr=" + slotFn(slot, 0) + ",chassis_nr=" + bus;
                List<VmDevice> devices = new ArrayList<>();
                List<String> args = new ArrayList<>(List.of("-device", bridge));
                for (int i = 0; i < n; i++) {
                    PciDevice d = g.devices().get(i);
                    String arg = "e1000,bus=" + id + ",addr=" + slotFn(i + 1, 0);
                    devices.add(new VmDevice(d.name(), g.id(), bdf(bus, i + 1, 0), driver(d), arg));
                    args.add("-device");
                    args.add(arg);
                }
                groups.add(new VmGroup(g.id(), VmGroup.Placement.BRIDGE, slot, bdf(0, slot, 0), devices, args));
                bus++;
            }
            slot++;
        }
        return new VmLayout(groups, addressWidth);
    }

    /**
     * vfio-pci stays vfio-pci; a driver that manages DMA itself or no driver becomes no driver (neither claims
     * the group); any other driver is a kernel DMA-API user, played by the e1000's own driver.
     */
    static String driver(PciDevice d) {
        if (!d.onKernelDriver()) {
            return VmDevice.VFIO_PCI;
        }
        return d.usesKernelDma() ? VmDevice.E1000 : VmDevice.NONE;
    }

    static String bdf(int bus, int slot, int fn) {
        return String.format("0000:%02x:%02x.%d", bus, slot, fn);
    }

    private static String slotFn(int slot, int fn) {
        return String.format("%02x.%d", slot, fn);
    }
}
