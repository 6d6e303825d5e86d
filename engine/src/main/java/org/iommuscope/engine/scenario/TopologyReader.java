package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.hw.Unsigned;
import org.snakeyaml.engine.v2.nodes.Node;

/** The {@code topology} section: iommus, groups and devices, with the format's defaults. */
final class TopologyReader {
    static final long DEFAULT_PAGE_SIZE = 4096;
    static final String DEFAULT_IOMMU = "iommu0";
    /** The sysfs group types the reader accepts (an extension of the format); DMA-FQ is DMA to the emulator. */
    static final List<String> GROUP_TYPES = List.of("DMA", "DMA-FQ", "identity");

    private static final List<String> TOPOLOGY_KEYS = List.of("page_size", "iommus", "groups");
    private static final List<String> IOMMU_KEYS = List.of("name", "page_sizes", "aperture", "caps");
    private static final List<String> GROUP_KEYS = List.of("id", "iommu", "type", "devices");
    private static final List<String> DEVICE_KEYS = List.of("name", "driver", "driver_managed_dma", "reserved", "caps", "pasid");
    private static final List<String> RESERVED_KEYS = List.of("start", "last", "type");

    private static final List<String> IOMMU_CAPS = Arrays.stream(IommuCap.values()).map(IommuCap::yamlName).toList();
    private static final List<String> DEVICE_CAPS = Arrays.stream(DeviceQuirk.values()).map(DeviceQuirk::yamlName).toList();
    private static final List<String> RESV_TYPES = Arrays.stream(ResvType.values()).map(ResvType::yamlName).toList();

    private final NodeReader r;
    private final Map<String, Integer> deviceLines = new HashMap<>();

    TopologyReader(NodeReader r) {
        this.r = r;
    }

    /** The topology, or null when it is too broken to use (problems reported). */
    Topology read(Node node) {
        Map<String, NodeReader.Entry> e = r.mapping(node, "topology", TOPOLOGY_KEYS);
        if (e == null) {
            return null;
        }
        long pageSize = DEFAULT_PAGE_SIZE;
        if (e.containsKey("page_size")) {
            Arg.Num n = r.number(e.get("page_size").value(), "page_size");
            if (n != null && Long.bitCount(n.value()) != 1) {
                r.error(e.get("page_size").value(), "page_size must be a power of two, not " + n.written());
            } else if (n != null) {
                pageSize = n.value();
            }
        }
        List<Iommu> iommus = e.containsKey("iommus") ? iommus(e.get("iommus").value()) : List.of(Iommu.defaults(DEFAULT_IOMMU));
        List<GroupSpec> groups = e.containsKey("groups") ? groups(e.get("groups").value(), iommus) : List.of();
        return new Topology(pageSize, iommus, groups);
    }

    private List<Iommu> iommus(Node node) {
        List<Node> items = r.sequence(node, "iommus");
        List<Iommu> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        if (items.isEmpty()) {
            r.error(node, "iommus must list at least one iommu (leave the key out for the default " + DEFAULT_IOMMU + ")");
        }
        Map<String, Integer> lines = new HashMap<>();
        for (Node item : items) {
            Iommu iommu = iommu(item);
            if (iommu == null) {
                continue;
            }
            Integer first = lines.putIfAbsent(iommu.name(), NodeReader.line(item));
            if (first != null) {
                r.error(item, "duplicate iommu name '" + iommu.name() + "' (first at line " + first + ")");
                continue;
            }
            out.add(iommu);
        }
        return out;
    }

    private Iommu iommu(Node node) {
        Map<String, NodeReader.Entry> e = r.mapping(node, "an iommu", IOMMU_KEYS);
        if (e == null || !r.require(e, node, "an iommu", "name")) {
            return null;
        }
        String name = r.name(e.get("name").value(), "an iommu's name");
        long pgsizes = Iommu.DEFAULT_PGSIZES;
        if (e.containsKey("page_sizes")) {
            pgsizes = pageSizes(e.get("page_sizes").value());
        }
        long start = 0;
        long last = Unsigned.MAX;
        if (e.containsKey("aperture")) {
            long[] a = pair(e.get("aperture").value(), "aperture");
            if (a != null) {
                start = a[0];
                last = a[1];
            }
        }
        Set<IommuCap> caps = EnumSet.noneOf(IommuCap.class);
        if (e.containsKey("caps")) {
            for (String c : words(e.get("caps").value(), "an iommu's caps", IOMMU_CAPS)) {
                caps.add(IommuCap.fromYaml(c));
            }
        }
        return name == null ? null : new Iommu(name, pgsizes, start, last, caps);
    }

    private long pageSizes(Node node) {
        List<Node> items = r.sequence(node, "page_sizes");
        if (items == null) {
            return Iommu.DEFAULT_PGSIZES;
        }
        if (items.isEmpty()) {
            r.error(node, "page_sizes must list at least one size");
        }
        long bitmap = 0;
        for (Node item : items) {
            Arg.Num n = r.number(item, "a page size");
            if (n != null && Long.bitCount(n.value()) != 1) {
                r.error(item, "a page size must be a power of two, not " + n.written());
            } else if (n != null) {
                bitmap |= n.value();
            }
        }
        return bitmap == 0 ? Iommu.DEFAULT_PGSIZES : bitmap;
    }

    /** An inclusive [first, last] pair, or null (reported). */
    private long[] pair(Node node, String what) {
        List<Node> items = r.sequence(node, what);
        if (items == null) {
            return null;
        }
        if (items.size() != 2) {
            r.error(node, what + " must be [first, last], not a list of " + items.size());
            return null;
        }
        Arg.Num first = r.number(items.get(0), what + "'s first");
        Arg.Num last = r.number(items.get(1), what + "'s last");
        if (first == null || last == null) {
            return null;
        }
        if (Unsigned.gt(first.value(), last.value())) {
            r.error(node, what + ": first " + first.written() + " is above last " + last.written());
            return null;
        }
        return new long[] {first.value(), last.value()};
    }

    private List<GroupSpec> groups(Node node, List<Iommu> iommus) {
        List<Node> items = r.sequence(node, "groups");
        List<GroupSpec> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        Map<Integer, Integer> lines = new HashMap<>();
        for (Node item : items) {
            GroupSpec g = group(item, iommus);
            if (g == null) {
                continue;
            }
            Integer first = lines.putIfAbsent(g.id(), NodeReader.line(item));
            if (first != null) {
                r.error(item, "duplicate group id " + g.id() + " (first at line " + first + ")");
                continue;
            }
            out.add(g);
        }
        return out;
    }

    private GroupSpec group(Node node, List<Iommu> iommus) {
        Map<String, NodeReader.Entry> e = r.mapping(node, "a group", GROUP_KEYS);
        if (e == null || !r.require(e, node, "a group", "id", "devices")) {
            return null;
        }
        Integer id = r.smallNumber(e.get("id").value(), "a group's id");
        String iommu = iommus.isEmpty() ? DEFAULT_IOMMU : iommus.get(0).name();
        if (e.containsKey("iommu")) {
            Node at = e.get("iommu").value();
            String name = r.text(at, "a group's iommu");
            List<String> known = iommus.stream().map(Iommu::name).toList();
            if (name != null && !known.contains(name)) {
                r.error(at, "unknown iommu '" + NodeReader.shortText(name) + "'" + DidYouMean.hint(name, known));
            }
            iommu = name == null ? iommu : name;
        }
        DomainType type = DomainType.DMA;
        if (e.containsKey("type")) {
            type = "identity".equals(r.choice(e.get("type").value(), "a group's type", GROUP_TYPES)) ? DomainType.IDENTITY : DomainType.DMA;
        }
        List<PciDevice> devices = devices(e.get("devices").value(), id == null ? -1 : id);
        return id == null ? null : new GroupSpec(id, iommu, type, devices);
    }

    private List<PciDevice> devices(Node node, int groupId) {
        List<Node> items = r.sequence(node, "devices");
        List<PciDevice> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        if (items.isEmpty()) {
            r.error(node, "a group needs at least one device");
        }
        for (Node item : items) {
            PciDevice d = device(item, groupId);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private PciDevice device(Node node, int groupId) {
        Map<String, NodeReader.Entry> e = r.mapping(node, "a device", DEVICE_KEYS);
        if (e == null || !r.require(e, node, "a device", "name")) {
            return null;
        }
        Node nameNode = e.get("name").value();
        String name = r.name(nameNode, "a device's name");
        if (name != null) {
            Integer first = deviceLines.putIfAbsent(name, NodeReader.line(nameNode));
            if (first != null) {
                r.error(nameNode, "duplicate device name '" + NodeReader.shortText(name) + "' (first at line " + first + ")");
                name = null;
            }
        }
        String driver = PciDevice.VFIO_PCI;
        if (e.containsKey("driver")) {
            String d = r.text(e.get("driver").value(), "a device's driver");
            driver = d == null ? driver : d;
        }
        List<ReservedRegion> reserved = new ArrayList<>();
        if (e.containsKey("reserved")) {
            List<Node> items = r.sequence(e.get("reserved").value(), "reserved");
            for (Node item : items == null ? List.<Node>of() : items) {
                ReservedRegion region = reservedRegion(item);
                if (region != null) {
                    reserved.add(region);
                }
            }
        }
        Set<DeviceQuirk> quirks = EnumSet.noneOf(DeviceQuirk.class);
        if (e.containsKey("caps")) {
            for (String c : words(e.get("caps").value(), "a device's caps", DEVICE_CAPS)) {
                quirks.add(DeviceQuirk.fromYaml(c));
            }
        }
        // An extension of the format: `driver_managed_dma` says whether the driver claims the group's DMA (docs/topology-import.md).
        boolean managed = PciDevice.VFIO_PCI.equals(driver);
        if (e.containsKey("driver_managed_dma")) {
            Boolean b = r.bool(e.get("driver_managed_dma").value(), "driver_managed_dma");
            managed = b == null ? managed : b;
        }
        int pasidWidth = 0;
        if (e.containsKey("pasid")) {
            Node at = e.get("pasid").value();
            Arg.Num n = r.number(at, "pasid");
            if (n != null && Long.compareUnsigned(n.value(), PciDevice.MAX_PASID_WIDTH) > 0) {
                r.error(at, "pasid is the PASID width in bits, at most " + PciDevice.MAX_PASID_WIDTH + " (PCIe), not " + n.written());
            } else if (n != null) {
                pasidWidth = (int) n.value();
            }
        }
        return name == null ? null : new PciDevice(name, groupId, driver, reserved, quirks, managed, pasidWidth);
    }

    private ReservedRegion reservedRegion(Node node) {
        Map<String, NodeReader.Entry> e = r.mapping(node, "a reserved region", RESERVED_KEYS);
        if (e == null || !r.require(e, node, "a reserved region", "start", "last", "type")) {
            return null;
        }
        Arg.Num start = r.number(e.get("start").value(), "start");
        Arg.Num last = r.number(e.get("last").value(), "last");
        String type = r.choice(e.get("type").value(), "a reserved region's type", RESV_TYPES);
        if (start == null || last == null || type == null) {
            return null;
        }
        if (Unsigned.gt(start.value(), last.value())) {
            r.error(node, "a reserved region's start " + start.written() + " is above its last " + last.written());
            return null;
        }
        return new ReservedRegion(start.value(), last.value(), ResvType.fromYaml(type));
    }

    /** A list of words each from {@code choices}; unknown ones are reported and left out. */
    private List<String> words(Node node, String what, List<String> choices) {
        List<Node> items = r.sequence(node, what);
        List<String> out = new ArrayList<>();
        for (Node item : items == null ? List.<Node>of() : items) {
            String w = r.choice(item, what, choices);
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }
}
