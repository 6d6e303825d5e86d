package org.iommuscope.vm.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.vm.Topologies;
import org.junit.jupiter.api.Test;

class HostingCheckTest {

    private static Scenario file(String path) throws Exception {
        return ScenarioLoader.load(Path.of(path));
    }

    private static String reasons(Hosting h) {
        return String.join("\n", assertInstanceOf(Hosting.NotHostable.class, h).reasons());
    }

    @Test
    void theSeedThreadRunsInAVmWithOneMultifunctionSlotAnd48AddressBits() throws Exception {
        Hosting.Hosted h = assertInstanceOf(Hosting.Hosted.class, HostingCheck.check(file("scenarios/seed-thread.yaml")));
        assertEquals(48, h.layout().addressWidth(), "its aperture is [0, 0xffffffffffff]");
        assertEquals(VmGroup.Placement.MULTIFUNCTION, h.layout().group(26).orElseThrow().placement());
        assertTrue(h.notes().isEmpty(), h.notes().toString());
    }

    @Test
    void theSelftestsMockIommuWith2KPagesIsNotHostedButAnIoasOnlyFileIs() throws Exception {
        String why = reasons(HostingCheck.check(file("engine/src/test/resources/selftest/area.mock_domain.yaml")));
        assertTrue(why.contains("page sizes [2K]") && why.contains("mock iommu"), why);
        assertTrue(why.contains("aperture starts at 0x1000000"), why);
        assertInstanceOf(Hosting.Hosted.class, HostingCheck.check(file("engine/src/test/resources/selftest/area.no_domain.yaml")),
                "no device uses the mock iommu: IOAS ops run on any kernel");
    }

    @Test
    void capsTheEmulatedVtdLacksAreNotHosted() throws Exception {
        assertTrue(reasons(HostingCheck.check(file("scenarios/nested-translation.yaml"))).contains("declares nesting"));
        String why = reasons(HostingCheck.check(file("scenarios/incompatible-domain.yaml")));
        assertTrue(why.contains("declares dirty_tracking"), why);
        assertTrue(why.contains("enforce_cache_coherency: QEMU's VT-d has no snoop control"), why);
    }

    @Test
    void quirksRegionsAndDomainTypesTheVmCannotGiveAreReasons() {
        Scenario s = Topologies.load("""
                scenario: t
                topology:
                  page_size: 16K
                  groups:
                    - id: 1
                      type: identity
                      devices:
                        - name: a
                          caps: [unsafe_msi]
                          reserved: [{start: 0x7b800000, last: 0x7f7fffff, type: direct}]
                        - name: b
                          caps: [no_dirty]
                steps: []
                """);
        String why = reasons(HostingCheck.check(s));
        assertTrue(why.contains("page size 16384"), why);
        assertTrue(why.contains("identity default domain"), why);
        assertTrue(why.contains("unsafe_msi: the VM has interrupt remapping"), why);
        assertTrue(why.contains("reserves [0x7b800000, 0x7f7fffff] direct"), why);
    }

    @Test
    void theFormatsDefaultApertureAndAMissingMsiWindowAreNotes() {
        Hosting.Hosted h = assertInstanceOf(Hosting.Hosted.class, HostingCheck.check(Topologies.groups(null, "1 a")));
        assertEquals(48, h.layout().addressWidth());
        assertTrue(h.notes().stream().anyMatch(n -> n.contains("default aperture [0, 2^64-1]")), h.notes().toString());
        assertTrue(h.notes().stream().anyMatch(n -> n.contains("MSI window") && n.endsWith("for a")), h.notes().toString());
    }

    @Test
    void a39BitApertureAsksQemuFor39AddressBits() {
        Scenario s = Topologies.groups("- {name: dmar0, aperture: [0, 0x7fffffffff]}", "1 a");
        assertEquals(39, assertInstanceOf(Hosting.Hosted.class, HostingCheck.check(s)).layout().addressWidth());
    }
}
