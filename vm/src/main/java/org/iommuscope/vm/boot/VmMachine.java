package org.iommuscope.vm.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.sysfs.SysfsImport;
import org.iommuscope.engine.sysfs.SysfsImportException;
import org.iommuscope.vm.VmException;
import org.iommuscope.vm.layout.VmDevice;
import org.iommuscope.vm.layout.VmGroup;
import org.iommuscope.vm.layout.VmLayout;

/**
 * The machine the VM's kernel really built, read from its sysfs capture with the project's own import, and
 * checked against the layout: each scenario group must be exactly one kernel group (plus its bridge), on the
 * drivers the runner set.
 *
 * @param groupOf scenario group → the VM's iommu_group number
 */
public record VmMachine(Topology topology, Map<Integer, Integer> groupOf) {

    public static VmMachine read(byte[] capture, VmLayout layout) throws VmException {
        if (capture == null) {
            throw new VmException("the VM sent no readable sysfs capture");
        }
        Topology t;
        try {
            Path file = Files.createTempFile("iommuscope-vm-capture", ".tar.gz");
            try {
                Files.write(file, capture);
                t = SysfsImport.read(file, SysfsImport.Progress.NONE).topology();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | SysfsImportException e) {
            throw new VmException("the VM's sysfs capture does not import: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Map<Integer, Integer> groupOf = new LinkedHashMap<>();
        for (VmGroup g : layout.groups()) {
            Set<Integer> seen = new HashSet<>();
            for (VmDevice d : g.devices()) {
                PciDevice real = t.device(d.bdf()).orElse(null);
                if (real == null) {
                    problems.add(d.bdf() + " (" + d.scenarioName() + ") is not in any iommu_group");
                    continue;
                }
                seen.add(real.groupId());
                if (!real.driver().equals(d.driver())) {
                    problems.add(d.bdf() + " (" + d.scenarioName() + ") is on " + real.driver() + ", not " + d.driver());
                }
            }
            if (seen.size() > 1) {
                problems.add("group " + g.scenarioGroup() + "'s devices are in iommu_groups " + seen + ", not one");
            } else if (seen.size() == 1) {
                int vmGroup = seen.iterator().next();
                groupOf.put(g.scenarioGroup(), vmGroup);
                Set<String> expected = g.devices().stream().map(VmDevice::bdf).collect(Collectors.toSet());
                if (g.bridgeBdf() != null) {
                    expected.add(g.bridgeBdf());
                }
                GroupSpec real = t.group(vmGroup).orElseThrow();
                Set<String> members = real.devices().stream().map(PciDevice::name).collect(Collectors.toSet());
                if (!members.equals(expected)) {
                    problems.add("iommu_group " + vmGroup + " holds " + members + " where group " + g.scenarioGroup() + " should be " + expected);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new VmException("the VM's kernel did not group the devices as planned: " + String.join("; ", problems));
        }
        return new VmMachine(t, groupOf);
    }
}
