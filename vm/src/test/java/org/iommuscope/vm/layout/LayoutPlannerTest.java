package org.iommuscope.vm.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.vm.Topologies;
import org.junit.jupiter.api.Test;

/**
 * The layouts give the groups the 6.12.118 kernel built in the oracle lab's VM (its README, "The VM"): an e1000
 * alone on a root-bus slot is a group of its own, the functions of a multifunction e1000 slot share one, and
 * e1000s behind a PCI bridge share one with the bridge.
 */
class LayoutPlannerTest {

    @Test
    void aSingleDeviceGetsItsOwnSlotAndMultiDeviceGroupsOneMultifunctionSlot() {
        Scenario s = Topologies.groups(null, "7 0000:07:00.0", "26 0000:06:0d.0", "26 0000:06:0d.1");
        VmLayout l = LayoutPlanner.plan(s.topology(), 48);
        assertEquals(Map.of("0000:07:00.0", "0000:00:02.0", "0000:06:0d.0", "0000:00:03.0", "0000:06:0d.1", "0000:00:03.1"), l.bdfs());
        assertEquals(List.of("-device", "intel-iommu,intremap=on,aw-bits=48",
                "-device", "e1000,addr=02.0",
                "-device", "e1000,addr=03.0,multifunction=on", "-device", "e1000,addr=03.1"), l.qemuArgs());
        assertEquals(VmGroup.Placement.ALONE, l.group(7).orElseThrow().placement());
        assertEquals(VmGroup.Placement.MULTIFUNCTION, l.group(26).orElseThrow().placement());
    }

    @Test
    void eightDevicesStillFitOneSlotAndNineGoBehindABridgeThatJoinsTheGroup() {
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add("1 a" + i);
        }
        for (int i = 0; i < 9; i++) {
            devices.add("2 b" + i);
        }
        devices.add("3 c0");
        VmLayout l = LayoutPlanner.plan(Topologies.groups(null, devices.toArray(String[]::new)).topology(), 39);
        assertEquals("0000:00:02.7", l.device("a7").orElseThrow().bdf());
        VmGroup bridged = l.group(2).orElseThrow();
        assertEquals(VmGroup.Placement.BRIDGE, bridged.placement());
        assertEquals("0000:00:03.0", bridged.bridgeBdf());
        assertEquals("0000:01:01.0", l.device("b0").orElseThrow().bdf(), "the first bridge's secondary bus is 1");
        assertEquals("0000:01:09.0", l.device("b8").orElseThrow().bdf());
        assertEquals(List.of("-device", "pci-bridge,id=br1,bus=pcie.0,addr=03.0,chassis_nr=1", "-device", "e1000,bus=br1,addr=01.0"),
                bridged.qemuArgs().subList(0, 4));
        assertEquals("0000:00:04.0", l.device("c0").orElseThrow().bdf(), "the next group takes the next root-bus slot");
        assertTrue(l.qemuArgs().contains("intel-iommu,intremap=on,aw-bits=39"));
    }

    @Test
    void vfioPciStaysAKernelDriverBecomesE1000AndADriverThatManagesDmaBecomesNone() {
        Scenario s = Topologies.load("""
                scenario: t
                topology:
                  groups:
                    - id: 12
                      devices:
                        - {name: lpc, driver: lpc_ich}
                        - {name: audio, driver: vfio-pci}
                        - {name: port, driver: pcieport, driver_managed_dma: true}
                steps: []
                """);
        VmLayout l = LayoutPlanner.plan(s.topology(), 48);
        assertEquals(VmDevice.E1000, l.device("lpc").orElseThrow().driver());
        assertEquals(VmDevice.VFIO_PCI, l.device("audio").orElseThrow().driver());
        assertEquals(VmDevice.NONE, l.device("port").orElseThrow().driver());
    }

    @Test
    void theRootBusHoldsTwentyNineGroupsAndABridgeThirtyOneDevices() {
        List<String> many = new ArrayList<>();
        for (int g = 0; g < 30; g++) {
            many.add(g + " d" + g);
        }
        assertTrue(LayoutPlanner.cannotPlace(Topologies.groups(null, many.toArray(String[]::new)).topology()).startsWith("30 iommu_groups"));
        assertNull(LayoutPlanner.cannotPlace(Topologies.groups(null, many.subList(0, 29).toArray(String[]::new)).topology()));
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            big.add("5 d" + i);
        }
        assertTrue(LayoutPlanner.cannotPlace(Topologies.groups(null, big.toArray(String[]::new)).topology()).startsWith("group 5 has 32 devices"));
    }

    @Test
    void twoScenariosWithTheSameGroupsAndDriversShareAKey() {
        VmLayout a = LayoutPlanner.plan(Topologies.groups(null, "26 x", "26 y").topology(), 48);
        VmLayout b = LayoutPlanner.plan(Topologies.groups(null, "9 p", "9 q").topology(), 48);
        VmLayout c = LayoutPlanner.plan(Topologies.groups(null, "26 x", "26 y lpc_ich").topology(), 48);
        assertEquals(a.key(), b.key());
        assertTrue(!a.key().equals(c.key()), "a device on another driver is another VM");
    }
}
