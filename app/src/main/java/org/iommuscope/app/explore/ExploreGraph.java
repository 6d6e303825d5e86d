package org.iommuscope.app.explore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.graphstream.graph.Graph;
import org.graphstream.graph.Node;
import org.graphstream.graph.implementations.SingleGraph;
import org.iommuscope.app.graph.GraphProjection;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;

/**
 * A machine's hardware as a GraphStream graph: IOMMU units, their iommu_groups, the groups' devices, with the
 * main canvas's ids (`group-26`, `dev-0000-06-0d-0`; units `iommu-dmar0`). Groups and units collapse into
 * one node (their members removed from the graph, so the layout has less to do) and expand back.
 * Not thread-safe: used on the thread that owns the graph (the FX thread in the app).
 */
public final class ExploreGraph {
    private final Topology topology;
    private final Graph graph = new SingleGraph("explore", false, true);
    private final Set<Integer> collapsedGroups = new HashSet<>();
    private final Set<String> collapsedUnits = new HashSet<>();
    private final Map<String, Integer> groupOfDevice = new LinkedHashMap<>();

    public ExploreGraph(Topology topology) {
        this.topology = topology;
        graph.setAttribute("ui.antialias");
        graph.setAttribute("ui.quality");
        for (GroupSpec g : topology.groups()) {
            for (PciDevice d : g.devices()) {
                groupOfDevice.put(GraphProjection.deviceId(d.name()), g.id());
            }
        }
        for (Iommu u : topology.iommus()) {
            addUnit(u.name());
        }
    }

    public static String unitId(String iommu) {
        return "iommu-" + iommu;
    }

    public Graph graph() {
        return graph;
    }

    public Topology topology() {
        return topology;
    }

    /** How many devices the machine has (a small one is drawn with larger labels). */
    public int deviceCount() {
        return topology.devices().size();
    }

    /** Expands every IOMMU unit and group. */
    public void expandAll() {
        topology.iommus().forEach(u -> collapseUnit(u.name(), false));
        collapseAllGroups(false);
    }

    /** "164 devices in 44 groups on 2 IOMMU unit(s) · 3 not viable". */
    public String summary() {
        long devices = topology.groups().stream().mapToInt(g -> g.devices().size()).sum();
        long notViable = topology.groups().stream().filter(g -> !g.viable()).count();
        return devices + " devices in " + topology.groups().size() + " groups on " + topology.iommus().size()
                + " IOMMU unit(s) · " + notViable + " not viable";
    }

    /** Why a group is not viable ("0000:06:0d.1 on e1000e"), or null when it is viable (or not there). */
    public String notViableText(int group) {
        GroupSpec g = topology.group(group).orElse(null);
        return g == null || g.viable() ? null : org.iommuscope.engine.sysfs.SysfsImport.nonViableText(g);
    }

    private List<GroupSpec> groupsOf(String unit) {
        return topology.groups().stream().filter(g -> g.iommu().equals(unit)).toList();
    }

    private void addUnit(String unit) {
        Node n = graph.addNode(unitId(unit));
        n.setAttribute("kind", "iommu");
        decorateUnit(unit);
        if (!collapsedUnits.contains(unit)) {
            groupsOf(unit).forEach(this::addGroup);
        }
    }

    private void decorateUnit(String unit) {
        Node n = graph.getNode(unitId(unit));
        int groups = groupsOf(unit).size();
        boolean collapsed = collapsedUnits.contains(unit);
        n.setAttribute("ui.label", collapsed ? unit + " · " + groups + " groups" : unit);
        n.setAttribute("ui.class", collapsed ? "iommu_collapsed" : "iommu");
    }

    private void addGroup(GroupSpec g) {
        String id = GraphProjection.groupId(g.id());
        Node n = graph.addNode(id);
        n.setAttribute("kind", "group");
        graph.addEdge(id + ">" + unitId(g.iommu()), id, unitId(g.iommu()));
        decorateGroup(g);
        if (!collapsedGroups.contains(g.id())) {
            addDevices(g);
        }
    }

    private void addDevices(GroupSpec g) {
        String id = GraphProjection.groupId(g.id());
        for (PciDevice d : g.devices()) {
            String did = GraphProjection.deviceId(d.name());
            Node dn = graph.addNode(did);
            dn.setAttribute("kind", "device");
            dn.setAttribute("ui.label", d.name() + " · " + d.driver());
            dn.setAttribute("ui.class", d.usesKernelDma() ? "device_kernel" : d.onKernelDriver() ? "device_idle" : "device_vfio");
            graph.addEdge(did + ">" + id, did, id);
        }
    }

    private void removeDevices(GroupSpec g) {
        for (PciDevice d : g.devices()) {
            String did = GraphProjection.deviceId(d.name());
            if (graph.getNode(did) != null) {
                graph.removeNode(did);
            }
        }
    }

    private void decorateGroup(GroupSpec g) {
        Node n = graph.getNode(GraphProjection.groupId(g.id()));
        boolean collapsed = collapsedGroups.contains(g.id());
        String label = "group " + g.id() + (collapsed ? " · " + g.devices().size() + " dev" : "");
        n.setAttribute("ui.label", g.viable() ? label : label + " · not viable");
        n.setAttribute("ui.class", (collapsed ? "group_collapsed" : "group") + (g.viable() ? "" : "_notviable"));
    }

    private void removeGroup(GroupSpec g) {
        removeDevices(g);
        graph.removeNode(GraphProjection.groupId(g.id()));
    }

    public boolean groupCollapsed(int group) {
        return collapsedGroups.contains(group);
    }

    public boolean unitCollapsed(String unit) {
        return collapsedUnits.contains(unit);
    }

    /** Removes the group's devices; the group node stays where it is and says how many it holds. */
    public void collapseGroup(int group, boolean collapse) {
        GroupSpec g = topology.group(group).orElseThrow();
        if (collapse == collapsedGroups.contains(group)) {
            return;
        }
        boolean shown = graph.getNode(GraphProjection.groupId(group)) != null;
        if (collapse) {
            collapsedGroups.add(group);
        } else {
            collapsedGroups.remove(group);
        }
        if (shown) {
            if (collapse) {
                removeDevices(g);
            } else {
                addDevices(g);
            }
            decorateGroup(g);
        }
    }

    /** Removes the unit's groups and devices; the unit node says how many groups it holds. */
    public void collapseUnit(String unit, boolean collapse) {
        if (collapse == collapsedUnits.contains(unit)) {
            return;
        }
        if (collapse) {
            groupsOf(unit).stream().filter(g -> graph.getNode(GraphProjection.groupId(g.id())) != null).forEach(this::removeGroup);
            collapsedUnits.add(unit);
        } else {
            collapsedUnits.remove(unit);
            groupsOf(unit).forEach(this::addGroup);
        }
        decorateUnit(unit);
    }

    /** Collapses (or expands) every group at once: a machine of thousands of functions reads by group. */
    public void collapseAllGroups(boolean collapse) {
        for (GroupSpec g : topology.groups()) {
            collapseGroup(g.id(), collapse);
        }
    }

    /**
     * The node a search names: a device by BDF (or the end of one, "06:0d.1"), a group by id ("26",
     * "group 26"), a unit by name. Expands what hides it, so the found node is in the graph.
     */
    public Optional<String> find(String query) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return Optional.empty();
        }
        String groupText = q.startsWith("group") ? q.substring(5).strip() : q;
        if (groupText.matches("[0-9]{1,9}")) {
            int id = Integer.parseInt(groupText);
            if (topology.group(id).isPresent()) {
                reveal(id, null);
                return Optional.of(GraphProjection.groupId(id));
            }
        }
        for (PciDevice d : topology.devices().values()) {
            String name = d.name().toLowerCase(Locale.ROOT);
            if (name.equals(q) || name.endsWith(q)) {
                reveal(d.groupId(), d.name());
                return Optional.of(GraphProjection.deviceId(d.name()));
            }
        }
        for (Iommu u : topology.iommus()) {
            if (u.name().toLowerCase(Locale.ROOT).equals(q)) {
                return Optional.of(unitId(u.name()));
            }
        }
        return Optional.empty();
    }

    private void reveal(int group, String device) {
        GroupSpec g = topology.group(group).orElseThrow();
        collapseUnit(g.iommu(), false);
        if (device != null) {
            collapseGroup(group, false);
        }
    }

    /** The groups a selection stands for: a device's group, a group, every group of a unit; in topology order. */
    public List<Integer> groupsOf(Iterable<String> nodeIds) {
        Set<Integer> wanted = new LinkedHashSet<>();
        for (String id : nodeIds) {
            if (groupOfDevice.containsKey(id)) {
                wanted.add(groupOfDevice.get(id));
            } else if (id.startsWith("group-")) {
                wanted.add(Integer.parseInt(id.substring(6)));
            } else if (id.startsWith("iommu-")) {
                groupsOf(id.substring(6)).forEach(g -> wanted.add(g.id()));
            }
        }
        List<Integer> out = new ArrayList<>();
        for (GroupSpec g : topology.groups()) {
            if (wanted.contains(g.id())) {
                out.add(g.id());
            }
        }
        return out;
    }

    /** The machine cut down to some of its groups (and the units they sit on): a scenario-sized what-if. */
    public Topology subTopology(List<Integer> groups) {
        List<GroupSpec> kept = topology.groups().stream().filter(g -> groups.contains(g.id())).toList();
        Set<String> units = new HashSet<>();
        kept.forEach(g -> units.add(g.iommu()));
        return new Topology(topology.pageSize(), topology.iommus().stream().filter(u -> units.contains(u.name())).toList(), kept);
    }
}
