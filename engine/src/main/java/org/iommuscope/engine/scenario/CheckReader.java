package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iopt.IovaRange;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** A {@code check} step's mapping: every key optional, each one an exact assertion (SCENARIO-FORMAT.md, Checks). */
final class CheckReader {
    private final NodeReader r;
    private final HandleScope handles;
    /** The topology's group IDs as written, or null when the topology could not be read. */
    private final Set<String> groups;

    CheckReader(NodeReader r, HandleScope handles, Topology topology) {
        this.r = r;
        this.handles = handles;
        this.groups = topology == null ? null
                : topology.groups().stream().map(g -> String.valueOf(g.id())).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The check, or null (problems reported). */
    CheckSpec read(Node node) {
        Map<String, NodeReader.Entry> e = r.mapping(node, "a check", CheckSpec.KEYS);
        if (e == null) {
            return null;
        }
        int before = r.problemCount();
        CheckSpec spec = new CheckSpec(
                e.containsKey("group_domain") ? groupDomain(e.get("group_domain").value()) : null,
                e.containsKey("diverged") ? refs(e.get("diverged").value(), "diverged") : null,
                e.containsKey("implicit") ? refs(e.get("implicit").value(), "implicit") : null,
                e.containsKey("recorded") ? recorded(e.get("recorded").value()) : null,
                e.containsKey("attached") ? attached(e.get("attached").value()) : null,
                e.containsKey("users") ? users(e.get("users").value()) : null,
                e.containsKey("exists") ? refs(e.get("exists").value(), "exists") : null,
                e.containsKey("gone") ? refs(e.get("gone").value(), "gone") : null,
                e.containsKey("areas") ? areas(e.get("areas").value()) : null,
                e.containsKey("pasids") ? pasids(e.get("pasids").value()) : null,
                e.containsKey("dirty") ? dirty(e.get("dirty").value()) : null,
                e.containsKey("faults") ? counts(e.get("faults").value(), "faults", "pending page requests of ") : null,
                e.containsKey("vdevices") ? vdevices(e.get("vdevices").value()) : null,
                e.containsKey("tombstoned") ? refs(e.get("tombstoned").value(), "tombstoned") : null,
                e.containsKey("vevents") ? counts(e.get("vevents").value(), "vevents", "events waiting on ") : null);
        return r.problemCount() == before ? spec : null;
    }

    private Map<Integer, CheckSpec.DomainTarget> groupDomain(Node node) {
        Map<String, NodeReader.Entry> e = r.mapping(node, "group_domain", null);
        Map<Integer, CheckSpec.DomainTarget> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : e == null ? List.<NodeReader.Entry>of() : e.values()) {
            Integer group = r.smallNumber(entry.key(), "group_domain's group id");
            if (group != null && groups != null && !groups.contains(String.valueOf(group))) {
                r.error(entry.key(), "group_domain: no group " + group + " in the topology" + DidYouMean.hint(String.valueOf(group), groups));
            }
            String t = r.text(entry.value(), "group_domain's value");
            CheckSpec.DomainTarget target = null;
            if (t != null && CheckSpec.DomainTarget.LABELS.contains(t)) {
                target = CheckSpec.DomainTarget.label(t);
            } else if (t != null) {
                Ref hwpt = handles.ref(entry.value(), "group_domain's value (a hwpt, blocking, default or identity)");
                target = hwpt == null ? null : CheckSpec.DomainTarget.hwpt(hwpt);
            }
            if (group != null && target != null) {
                out.put(group, target);
            }
        }
        return out;
    }

    private List<Ref> refs(Node node, String what) {
        List<Node> items = r.sequence(node, what);
        List<Ref> out = new ArrayList<>();
        for (Node item : items == null ? List.<Node>of() : items) {
            Ref ref = handles.ref(item, what);
            if (ref != null) {
                out.add(ref);
            }
        }
        return out;
    }

    private Map<Ref, Optional<Ref>> recorded(Node node) {
        Map<Ref, Optional<Ref>> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : entries(node, "recorded")) {
            Ref idev = handles.ref(entry.key(), "recorded");
            Optional<Ref> hwpt = Optional.empty();
            if (!(entry.value() instanceof ScalarNode s && "none".equals(s.getValue()))) {
                Ref ref = handles.ref(entry.value(), "recorded's value (a hwpt or none)");
                hwpt = ref == null ? null : Optional.of(ref);
            }
            if (idev != null && hwpt != null) {
                out.put(idev, hwpt);
            }
        }
        return out;
    }

    private Map<Ref, List<Ref>> attached(Node node) {
        Map<Ref, List<Ref>> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : entries(node, "attached")) {
            Ref hwpt = handles.ref(entry.key(), "attached");
            List<Ref> idevs = refs(entry.value(), "attached's idevs");
            if (hwpt != null) {
                out.put(hwpt, idevs);
            }
        }
        return out;
    }

    private Map<Ref, Long> users(Node node) {
        Map<Ref, Long> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : entries(node, "users")) {
            Ref object = handles.ref(entry.key(), "users");
            Arg.Num n = r.number(entry.value(), "users of " + entry.name());
            if (object != null && n != null) {
                out.put(object, n.value());
            }
        }
        return out;
    }

    private Map<Ref, List<IovaRange>> areas(Node node) {
        Map<Ref, List<IovaRange>> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : entries(node, "areas")) {
            Ref ioas = handles.ref(entry.key(), "areas");
            List<IovaRange> ranges = handles.ranges(entry.value(), "areas of " + entry.name());
            if (ioas != null && ranges != null) {
                out.put(ioas, ranges);
            }
        }
        return out;
    }

    /** pasids: {idev: {pasid: hwpt, ...}}; an empty inner mapping says the idev is attached nowhere. */
    private Map<Ref, Map<Long, Ref>> pasids(Node node) {
        Map<Ref, Map<Long, Ref>> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : entries(node, "pasids")) {
            Ref idev = handles.ref(entry.key(), "pasids");
            Map<Long, Ref> table = new LinkedHashMap<>();
            for (NodeReader.Entry p : entries(entry.value(), "the PASIDs of " + entry.name())) {
                Arg.Num pasid = r.number(p.key(), "a PASID of " + entry.name());
                if (pasid != null && Long.compareUnsigned(pasid.value(), 0xffffffffL) > 0) {
                    r.error(p.key(), "PASID " + pasid.written() + " does not fit the uAPI's __u32 pasid");
                    pasid = null;
                }
                Ref hwpt = handles.ref(p.value(), "the hwpt at PASID " + p.name() + " of " + entry.name());
                if (pasid != null && hwpt != null) {
                    table.put(pasid.value(), hwpt);
                }
            }
            if (idev != null) {
                out.put(idev, table);
            }
        }
        return out;
    }

    private Map<Ref, List<IovaRange>> dirty(Node node) {
        Map<Ref, List<IovaRange>> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : entries(node, "dirty")) {
            Ref hwpt = handles.ref(entry.key(), "dirty");
            List<IovaRange> ranges = handles.ranges(entry.value(), "dirty runs of " + entry.name());
            if (hwpt != null && ranges != null) {
                out.put(hwpt, ranges);
            }
        }
        return out;
    }

    /** faults / vevents: {object: count}. */
    private Map<Ref, Long> counts(Node node, String key, String what) {
        Map<Ref, Long> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : entries(node, key)) {
            Ref object = handles.ref(entry.key(), key);
            Arg.Num n = r.number(entry.value(), what + entry.name());
            if (object != null && n != null) {
                out.put(object, n.value());
            }
        }
        return out;
    }

    /** vdevices: {viommu: {virt_id: idev, ...}}; an empty inner mapping says the vIOMMU has no vDEVICE. */
    private Map<Ref, Map<Long, Ref>> vdevices(Node node) {
        Map<Ref, Map<Long, Ref>> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : entries(node, "vdevices")) {
            Ref viommu = handles.ref(entry.key(), "vdevices");
            Map<Long, Ref> table = new LinkedHashMap<>();
            for (NodeReader.Entry v : entries(entry.value(), "the vDEVICEs of " + entry.name())) {
                Arg.Num virtId = r.number(v.key(), "a virt_id of " + entry.name());
                Ref idev = handles.ref(v.value(), "the idev of virt_id " + v.name() + " of " + entry.name());
                if (virtId != null && idev != null) {
                    table.put(virtId.value(), idev);
                }
            }
            if (viommu != null) {
                out.put(viommu, table);
            }
        }
        return out;
    }

    private Iterable<NodeReader.Entry> entries(Node node, String what) {
        Map<String, NodeReader.Entry> e = r.mapping(node, what, null);
        return e == null ? List.of() : e.values();
    }
}
