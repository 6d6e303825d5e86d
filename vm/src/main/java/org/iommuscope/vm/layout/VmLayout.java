package org.iommuscope.vm.layout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VM a scenario runs in: its PCI functions, grouped as the scenario's iommu_groups, behind one emulated
 * Intel VT-d unit whose guest address width gives the scenario's aperture.
 *
 * Or, {@code selftestMock}, no PCI function and no VT-d at all: the kernel's selftest mock iommu
 * (CONFIG_IOMMUFD_TEST), whose devices the runner creates one by one with IOMMU_TEST_OP_MOCK_DOMAIN, in a boot
 * with {@code intel_iommu=off} (with VT-d active the mock iommu is never given its devices).
 *
 * @param addressWidth intel-iommu's {@code aw-bits}: 39 or 48 (0 on the mock)
 */
public record VmLayout(List<VmGroup> groups, int addressWidth, boolean selftestMock) {

    public VmLayout {
        groups = List.copyOf(groups);
    }

    public VmLayout(List<VmGroup> groups, int addressWidth) {
        this(groups, addressWidth, false);
    }

    /** The mock machine: every mock-topology scenario shares it. */
    public static VmLayout mock() {
        return new VmLayout(List.of(), 0, true);
    }

    public List<VmDevice> devices() {
        List<VmDevice> all = new ArrayList<>();
        groups.forEach(g -> all.addAll(g.devices()));
        return all;
    }

    /** Scenario device name → VM BDF, in topology order. */
    public Map<String, String> bdfs() {
        Map<String, String> m = new LinkedHashMap<>();
        devices().forEach(d -> m.put(d.scenarioName(), d.bdf()));
        return m;
    }

    public Optional<VmDevice> device(String scenarioName) {
        return devices().stream().filter(d -> d.scenarioName().equals(scenarioName)).findFirst();
    }

    public Optional<VmGroup> group(int scenarioGroup) {
        return groups.stream().filter(g -> g.scenarioGroup() == scenarioGroup).findFirst();
    }

    /** The -device arguments: the IOMMU first (it must precede every PCI device), then each group's functions. */
    public List<String> qemuArgs() {
        if (selftestMock) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("-device", "intel-iommu,intremap=on,aw-bits=" + addressWidth));
        groups.forEach(g -> args.addAll(g.qemuArgs()));
        return args;
    }

    /** Two scenarios with equal keys boot the same VM, drivers included, and can share one boot. */
    public String key() {
        if (selftestMock) {
            return "selftest-mock";
        }
        StringBuilder sb = new StringBuilder(String.join(" ", qemuArgs()));
        devices().forEach(d -> sb.append(' ').append(d.bdf()).append('=').append(d.driver()));
        return sb.toString();
    }
}
