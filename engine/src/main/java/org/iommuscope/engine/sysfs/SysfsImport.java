package org.iommuscope.engine.sysfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.scenario.Scenario;

/**
 * Reads a machine's IOMMU topology from sysfs (Documentation/ABI/testing/sysfs-kernel-iommu_groups): each
 * /sys/kernel/iommu_groups/N with its {@code type} and {@code reserved_regions}, each member device's
 * {@code driver} link (who holds DMA) and {@code iommu} link (which IOMMU unit). What cannot be read is
 * reported and left out, and the rest is still imported.
 */
public final class SysfsImport {
    static final String GROUPS = "kernel/iommu_groups";
    /** The unit a group goes on when none of its devices has an `iommu` link. */
    static final String UNKNOWN_IOMMU = "iommu0";
    /** The driver name of a device whose directory is not in the capture. */
    static final String UNKNOWN_DRIVER = "unknown";

    /** Reports how far an import is: groups done of groups found. */
    @FunctionalInterface
    public interface Progress {
        void groupsRead(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    /** What an import found: the machine and every warning, in the order met. */
    public record Result(String source, Topology topology, List<ImportWarning> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }

        public List<GroupSpec> nonViableGroups() {
            return topology.groups().stream().filter(g -> !g.viable()).toList();
        }

        /**
         * The groups with a device whose firmware demands an identity mapping (a `direct` reserved region): since
         * v6.5 they can never be claimed for user space (binding any of their devices gives EINVAL).
         */
        public List<GroupSpec> directMappedGroups() {
            return topology.groups().stream().filter(g -> !g.directMappedDevices().isEmpty()).toList();
        }

        public int deviceCount() {
            return topology.groups().stream().mapToInt(g -> g.devices().size()).sum();
        }

        /** The machine as a scenario with no steps: a what-if starting point, and its summary as the description. */
        public Scenario scenario() {
            return new Scenario(source, "Machine imported from " + source, summary(), Profile.DEFAULT, topology, List.of());
        }

        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append("Imported from sysfs (").append(source).append("): ").append(topology.groups().size()).append(" iommu_groups, ")
                    .append(deviceCount()).append(" devices, ").append(topology.iommus().size()).append(" IOMMU unit(s).");
            List<GroupSpec> bad = nonViableGroups();
            if (bad.isEmpty()) {
                s.append(" Every group is viable: no kernel driver holds DMA in any of them.");
            } else {
                s.append(" Not viable (a kernel driver holds the group's DMA, so binding any of its devices gives EPERM): ");
                s.append(bad.stream().limit(12).map(SysfsImport::nonViableText).collect(Collectors.joining("; ")));
                if (bad.size() > 12) {
                    s.append("; and ").append(bad.size() - 12).append(" more");
                }
                s.append('.');
            }
            List<GroupSpec> direct = directMappedGroups();
            if (!direct.isEmpty()) {
                s.append(" Not assignable (firmware demands a 1:1 mapping, a RESV_DIRECT region: the group cannot go to its blocking"
                        + " domain, so binding any of its devices gives EINVAL): ");
                s.append(direct.stream().limit(12).map(SysfsImport::directMappedText).collect(Collectors.joining("; ")));
                if (direct.size() > 12) {
                    s.append("; and ").append(direct.size() - 12).append(" more");
                }
                s.append('.');
            }
            s.append(" sysfs shows no iommufd state, so every group starts on its default domain.");
            return s.toString();
        }
    }

    /** "group 12 (0000:00:1f.0 on lpc_ich, 0000:00:1f.4 on i801_smbus)". */
    public static String nonViableText(GroupSpec g) {
        return "group " + g.id() + " (" + g.kernelDmaUsers().stream().map(d -> d.name() + " on " + d.driver())
                .collect(Collectors.joining(", ")) + ")";
    }

    /** "group 0 (0000:00:02.0: direct [0x7b800000, 0x7f7fffff])". */
    public static String directMappedText(GroupSpec g) {
        return "group " + g.id() + " (" + g.directMappedDevices().stream().map(d -> d.name() + ": direct " + d.reserved().stream()
                .filter(r -> r.type() == ResvType.DIRECT)
                .map(r -> "[0x" + Long.toHexString(r.start()) + ", 0x" + Long.toHexString(r.last()) + "]")
                .collect(Collectors.joining(" "))).collect(Collectors.joining(", ")) + ")";
    }

    private final SysfsTree tree;
    private final List<ImportWarning> warnings = new ArrayList<>();
    /** Each IOMMU unit's directory in the capture, as its devices' iommu links resolve. */
    private final Map<String, String> unitDirs = new HashMap<>();

    private SysfsImport(SysfsTree tree) {
        this.tree = tree;
    }

    /** Imports /sys, a copy of it, or a .tar(.gz) capture. */
    public static Result read(Path source, Progress progress) throws SysfsImportException {
        List<ImportWarning> early = new ArrayList<>();
        SysfsTree tree = SysfsTree.open(source, early::add);
        SysfsImport im = new SysfsImport(tree);
        im.warnings.addAll(early);
        Path name = source.toAbsolutePath().normalize().getFileName();
        return im.read(name == null ? source.toString() : name.toString(), progress);
    }

    private void warn(String where, String message) {
        warnings.add(new ImportWarning(where, message));
    }

    private Result read(String source, Progress progress) throws SysfsImportException {
        List<String> names;
        try {
            names = tree.list(GROUPS);
        } catch (IOException e) {
            throw new SysfsImportException(tree + ": cannot list " + GROUPS + " (" + e.getMessage() + ")", e);
        }
        TreeMap<Integer, String> groupDirs = new TreeMap<>();
        for (String n : names) {
            if (!n.matches("[0-9]{1,9}")) {
                warn(GROUPS + "/" + n, "not an iommu_group (the names are group numbers): skipped");
            } else {
                groupDirs.put(Integer.parseInt(n), n);
            }
        }
        Map<String, Iommu> iommus = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<GroupSpec> groups = new ArrayList<>();
        int done = 0;
        for (Map.Entry<Integer, String> g : groupDirs.entrySet()) {
            GroupSpec spec = group(g.getKey(), GROUPS + "/" + g.getValue(), seen);
            if (spec != null) {
                iommus.computeIfAbsent(spec.iommu(), this::unit);
                groups.add(spec);
            }
            progress.groupsRead(++done, groupDirs.size());
        }
        if (groups.isEmpty()) {
            throw new SysfsImportException(tree + ": no iommu_group with a readable device"
                    + (warnings.isEmpty() ? " (is the IOMMU enabled? intel_iommu=on / amd_iommu)" : "; first problem: " + warnings.get(0)));
        }
        return new Result(source, new Topology(4096, List.copyOf(iommus.values()), groups), warnings);
    }

    /**
     * An IOMMU unit: the geometry and capabilities its driver gives iommufd's domains when the capture has the
     * unit's registers (VT-d's intel-iommu/cap and ecap), else the format's defaults.
     */
    private Iommu unit(String name) {
        String dir = unitDirs.get(name);
        if (dir == null || tree.kind(dir + "/intel-iommu/cap") != SysfsTree.Kind.FILE) {
            return Iommu.defaults(name);
        }
        VtdRegisters regs;
        try {
            regs = VtdRegisters.parse(tree.read(dir + "/intel-iommu/cap"), tree.read(dir + "/intel-iommu/ecap"));
        } catch (IOException e) {
            regs = null;
        }
        if (regs == null) {
            warn(name, "cannot read its intel-iommu cap/ecap registers: imported with the format's default page sizes and aperture");
            return Iommu.defaults(name);
        }
        return regs.iommu(name);
    }

    private GroupSpec group(int id, String dir, Map<String, Integer> seen) {
        String where = "group " + id;
        if (tree.kind(dir) != SysfsTree.Kind.DIRECTORY) {
            warn(where, dir + " is not a directory: skipped");
            return null;
        }
        DomainType type = type(where, dir);
        List<ReservedRegion> regions = reservedRegions(where, dir);
        List<String> members;
        try {
            members = tree.list(dir + "/devices");
        } catch (IOException e) {
            warn(where, "cannot list its devices (" + reason(e) + "): skipped");
            return null;
        }
        List<PciDevice> devices = new ArrayList<>();
        Map<String, List<String>> units = new LinkedHashMap<>();
        for (String name : members) {
            Integer other = seen.putIfAbsent(name, id);
            if (other != null) {
                warn(name, "listed in group " + id + " and in group " + other + ": kept in group " + other);
                continue;
            }
            Member m = member(name, dir + "/devices/" + name);
            if (m.iommu() != null) {
                units.computeIfAbsent(m.iommu(), k -> new ArrayList<>()).add(name);
            }
            devices.add(new PciDevice(name, id, m.driver(), regions, Set.of(), m.driverManagedDma()));
        }
        if (devices.isEmpty()) {
            warn(where, "has no devices: skipped");
            return null;
        }
        String iommu;
        if (units.isEmpty()) {
            iommu = UNKNOWN_IOMMU;
            warn(where, "no device has an iommu link: put on " + UNKNOWN_IOMMU);
        } else {
            iommu = units.keySet().iterator().next();
            if (units.size() > 1) {
                warn(where, "its devices name different IOMMU units " + units + ": the group is put on " + iommu);
            }
        }
        return new GroupSpec(id, iommu, type, devices);
    }

    /** A member device as its links describe it. */
    private record Member(String driver, boolean driverManagedDma, String iommu) {
    }

    private Member member(String name, String link) {
        SysfsPaths.Resolved dev = SysfsPaths.resolve(tree, link);
        if (!dev.ok() || tree.kind(dev.path()) != SysfsTree.Kind.DIRECTORY) {
            warn(name, "its device directory is not in the capture (" + (dev.ok() ? "not a directory" : dev.problem())
                    + "): imported with driver '" + UNKNOWN_DRIVER + "', counted as a kernel driver holding DMA");
            return new Member(UNKNOWN_DRIVER, false, null);
        }
        String driver = PciDevice.NO_DRIVER;
        String driverLink = dev.path() + "/driver";
        SysfsTree.Kind dk = tree.kind(driverLink);
        if (dk == SysfsTree.Kind.LINK) {
            try {
                driver = SysfsPaths.lastComponent(tree.readLink(driverLink));
            } catch (IOException e) {
                warn(name, "cannot read its driver link (" + reason(e) + "): imported with driver '" + UNKNOWN_DRIVER + "'");
                driver = UNKNOWN_DRIVER;
            }
        } else if (dk != SysfsTree.Kind.MISSING) {
            warn(name, "its driver is not a link: imported with driver '" + UNKNOWN_DRIVER + "'");
            driver = UNKNOWN_DRIVER;
        }
        String iommu = null;
        String iommuLink = dev.path() + "/iommu";
        if (tree.kind(iommuLink) == SysfsTree.Kind.LINK) {
            try {
                iommu = SysfsPaths.lastComponent(tree.readLink(iommuLink));
                SysfsPaths.Resolved unit = SysfsPaths.resolve(tree, iommuLink);
                if (unit.ok()) {
                    unitDirs.putIfAbsent(iommu, unit.path());
                }
            } catch (IOException e) {
                warn(name, "cannot read its iommu link (" + reason(e) + ")");
            }
        }
        return new Member(driver, driverManagesDma(driver), iommu);
    }

    /**
     * Drivers that set {@code driver_managed_dma}, so the driver core does not make them DMA-API users of the
     * group: vfio-pci and its variant drivers (mlx5_vfio_pci, hisi_acc_vfio_pci, xe-vfio-pci …), pci-stub and
     * pcieport ("PCI: portdrv: Set driver_managed_dma"); and no driver at all.
     */
    static boolean driverManagesDma(String driver) {
        return driver.equals(PciDevice.NO_DRIVER) || driver.equals("pci-stub") || driver.equals("pcieport")
                || driver.equals(PciDevice.VFIO_PCI) || driver.matches(".*[-_]vfio[-_]pci|vfio[-_]pci[-_].*");
    }

    private DomainType type(String where, String dir) {
        String text;
        try {
            text = tree.read(dir + "/type").replace("\0", "").strip();
        } catch (IOException e) {
            warn(where, "cannot read type (" + reason(e) + "): assumed DMA");
            return DomainType.DMA;
        }
        switch (text) {
            case "DMA", "DMA-FQ":
                return DomainType.DMA;
            case "identity":
                return DomainType.IDENTITY;
            default:
                warn(where, "type '" + (text.length() > 20 ? text.substring(0, 20) + "..." : text)
                        + "' is not a default domain the emulator models (DMA, DMA-FQ, identity): assumed DMA");
                return DomainType.DMA;
        }
    }

    private List<ReservedRegion> reservedRegions(String where, String dir) {
        String text;
        try {
            text = tree.read(dir + "/reserved_regions");
        } catch (IOException e) {
            warn(where, "cannot read reserved_regions (" + reason(e) + "): imported with none");
            return List.of();
        }
        return ReservedRegionsFile.parse(text, where, w -> warnings.add(w));
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "missing";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
