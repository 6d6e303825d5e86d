package org.iommuscope.vm.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aTopologyOnlyOnTheSelftestsMockIommuIsHostedOnTheMockMachineWithoutVtd() throws Exception {
        Hosting.Hosted h = assertInstanceOf(Hosting.Hosted.class,
                HostingCheck.check(file("engine/src/test/resources/selftest/area.mock_domain.yaml")));
        assertTrue(h.layout().selftestMock(), "2K pages and the aperture [0x1000000, 0x7fffffff] are the selftest mock");
        assertTrue(h.layout().qemuArgs().isEmpty(), "no intel-iommu and no PCI function: " + h.layout().qemuArgs());
        assertTrue(h.notes().stream().anyMatch(n -> n.contains("IDs are compared through a map")), h.notes().toString());
        Hosting.Hosted ioasOnly = assertInstanceOf(Hosting.Hosted.class,
                HostingCheck.check(file("engine/src/test/resources/selftest/area.no_domain.yaml")));
        assertFalse(ioasOnly.layout().selftestMock(), "no device uses the mock iommu: IOAS ops run in the VT-d VM as before");
    }

    private static final String MOCK = """
            - name: mock
              page_sizes: [2K]
              aperture: [0x1000000, 0x7fffffff]
              caps: [dirty_tracking, nesting]
            """;

    @Test
    void aTopologyMixingTheMockAndAnotherUnitIsNotHostable() {
        Scenario s = Topologies.load("""
                scenario: t
                topology:
                  iommus:
                    - {name: mock, page_sizes: [2K], aperture: [0x1000000, 0x7fffffff]}
                    - {name: dmar0}
                  groups:
                    - {id: 1, iommu: mock, devices: [{name: m, driver: vfio-pci}]}
                    - {id: 2, iommu: dmar0, devices: [{name: v, driver: vfio-pci}]}
                steps: []
                """);
        String why = reasons(HostingCheck.check(s));
        assertTrue(why.contains("selftest mock iommu (mock) and other units (dmar0)") && why.contains("intel_iommu=off"), why);
    }

    @Test
    void aMockBindThatIsNotFollowedByItsAttachIsNotHostable() {
        Scenario s = Topologies.load("""
                scenario: t
                topology:
                  iommus:
                """ + MOCK.indent(4) + """
                  groups:
                    - {id: 1, devices: [{name: m, driver: vfio-pci}]}
                steps:
                  - bind: {device: m, as: d}
                  - ioas_alloc: {as: i}
                  - attach: {dev: d, pt: i}
                """);
        String why = reasons(HostingCheck.check(s));
        assertTrue(why.contains("line 11: the bind of d is not followed by its attach"), why);
        assertTrue(why.contains("line 13: an attach that does not follow its device's bind"), why);
    }

    @Test
    void aRawObjectIdOnTheMockIsNotHostableAsItNamesTheEnginesObject() throws Exception {
        String why = reasons(HostingCheck.check(file("engine/src/test/resources/selftest/alloc_hwpt_nested.mock_domain.yaml")));
        assertTrue(why.contains("dev: 1 is a raw ID") && why.contains("pt: 2 is a raw ID"), why);
    }

    @Test
    void aMockWhoseApertureIsNotSelftestsIsNotHostable() {
        String why = reasons(HostingCheck.check(Topologies.groups("- {name: mock, page_sizes: [2K], aperture: [0x0, 0x7fffffff]}", "1 m vfio-pci")));
        assertTrue(why.contains("is not the selftest mock's [0x1000000, 0x7fffffff]"), why);
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
