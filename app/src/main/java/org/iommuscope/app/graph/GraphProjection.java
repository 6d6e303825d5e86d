package org.iommuscope.app.graph;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.iommuscope.app.graph.GraphModel.Edge;
import org.iommuscope.app.graph.GraphModel.EdgeKind;
import org.iommuscope.app.graph.GraphModel.Kind;
import org.iommuscope.app.graph.GraphModel.Node;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.IommuCore;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Fault;
import org.iommuscope.engine.iommufd.HwQueue;
import org.iommuscope.engine.iommufd.Hwpt;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.KernelRelease;
import org.iommuscope.engine.iommufd.Vdevice;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;

/**
 * Snapshot → drawing model: the picture Documentation/userspace-api/iommufd.rst draws, left to right. With a
 * scenario's handles, each object's box also carries the name the scenario gives it.
 */
public final class GraphProjection {
    private GraphProjection() {
    }

    public static String groupId(int group) {
        return NodeId.group(group).css();
    }

    /** CSS-safe id of a device: `0000:06:0d.0` → `dev-0000-06-0d-0`. */
    public static String deviceId(String name) {
        return NodeId.device(name).css();
    }

    public static NodeId ref(IommufdObject o) {
        return switch (o.type()) {
            case DEVICE -> NodeId.idev(o.id());
            case IOAS -> NodeId.ioas(o.id());
            case HWPT_PAGING -> NodeId.hwptPaging(o.id());
            case HWPT_NESTED -> NodeId.hwptNested(o.id());
            case FAULT -> NodeId.fault(o.id());
            case VIOMMU -> NodeId.viommu(o.id());
            case VDEVICE -> NodeId.vdevice(o.id());
            case VEVENTQ -> NodeId.veventq(o.id());
            case HW_QUEUE -> NodeId.hwQueue(o.id());
            case ACCESS -> new NodeId(Kind.ACCESS, o.id(), "");
        };
    }

    public static String objectId(IommufdObject o) {
        return ref(o).css();
    }

    /** The kernel's name for an object, as its box titles it: `idev 2`, `hwpt_paging 6`, `hwpt_nested 8`, `ioas 3`. */
    public static String kernelName(IommufdObject o) {
        return switch (o.type()) {
            case DEVICE -> "idev " + o.id();
            case IOAS -> "ioas " + o.id();
            case HWPT_PAGING -> "hwpt_paging " + o.id();
            case HWPT_NESTED -> "hwpt_nested " + o.id();
            case FAULT -> "fault " + o.id();
            case VIOMMU -> "viommu " + o.id();
            case VDEVICE -> "vdevice " + o.id();
            case VEVENTQ -> "veventq " + o.id();
            case HW_QUEUE -> "hw_queue " + o.id();
            case ACCESS -> "access " + o.id();
        };
    }

    public static String coreDomainId(int group, DomainType type) {
        return NodeId.coreDomain(group, type == DomainType.BLOCKED).css();
    }

    public static GraphModel of(State s) {
        return of(s, Map.of());
    }

    /** The picture of {@code s}, each object's box naming the handle {@code handles} gives its ID (if any). */
    public static GraphModel of(State s, Map<Integer, String> handles) {
        Snapshot snap = new Snapshot(s);
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, Edge> edges = new LinkedHashMap<>();
        Map<Integer, String> domains = new java.util.HashMap<>();
        for (IommuGroup g : s.groups().values()) {
            Set<String> gc = new HashSet<>();
            if (g.owner() == null && g.ownerCnt() > 0) {
                gc.add("kernel-owned");
            }
            NodeId group = NodeId.group(g.id());
            String tip = "group " + g.id() + " on " + snap.groupDomainLabel(g.id()) + " since step " + g.domainSince() + " (" + g.domainCause() + ")";
            String mark = "";
            String direct = directDevices(s, g);
            if (!direct.isEmpty()) {
                // __iommu_device_set_domain(): since v6.5 a require_direct device refuses the blocking domain a claim needs.
                boolean refused = KernelRelease.of(s.profile()).core().requireDirectRefusesBlocking();
                gc.add("rmrr");
                if (refused) {
                    gc.add("not-assignable");
                }
                mark = refused ? "RMRR · not assignable" : "RMRR";
                tip += "\n" + direct + ": IOMMU_RESV_DIRECT (RMRR)" + (refused
                        ? "; binding any device of the group gives EINVAL: \"" + IommuCore.REQUIRE_DIRECT_WARNING + "\""
                        : "; this release still lets the group go to its blocking domain");
            }
            nodes.put(group.css(), new Node(group, "iommu_group " + g.id(), "", mark, null, gc, tip));
            for (String name : g.devices()) {
                PciDevice d = s.topology().device(name).orElseThrow();
                Set<String> dc = new HashSet<>();
                if (d.usesKernelDma()) {
                    dc.add("kernel-driver");
                }
                NodeId dev = NodeId.device(name);
                nodes.put(dev.css(), new Node(dev, name, "", d.driver(), group.css(), dc, name + " (" + d.driver() + ")"));
            }
            Domain dom = s.domain(g.domain());
            String target;
            if (dom != null && dom.isCore()) {
                NodeId core = NodeId.coreDomain(g.id(), dom.type() == DomainType.BLOCKED);
                target = core.css();
                domains.putIfAbsent(dom.id(), target);
                String label = dom.type() == DomainType.BLOCKED ? "blocking" : dom.type() == DomainType.IDENTITY ? "identity" : "default (DMA)";
                nodes.put(target, new Node(core, label, "", "domain " + dom.id(), null,
                        Set.of(dom.type() == DomainType.BLOCKED ? "blocking" : "default"), "group " + g.id() + "'s " + label + " domain"));
            } else {
                int h = snap.groupHwpt(g.id());
                target = h >= 0 ? "hwpt-" + h : null;
            }
            if (target != null) {
                String eid = "gd-" + g.id();
                edges.put(eid, new Edge(eid, group.css(), target, EdgeKind.GROUP_DOMAIN, Set.of()));
            }
        }
        Set<Integer> diverged = new HashSet<>(snap.divergedIdevs());
        Set<Integer> implicit = new HashSet<>(snap.implicitIdevs());
        for (IommufdObject o : s.objects().values()) {
            NodeId ref = ref(o);
            String id = ref.css();
            String handle = handles.getOrDefault(o.id(), "");
            if (o instanceof Hwpt h) {
                domains.put(h.domain(), id);
            }
            if (o instanceof Idev i) {
                Set<String> c = new HashSet<>();
                String tip = "idev " + i.id() + " — users " + i.users();
                if (diverged.contains(i.id())) {
                    c.add("diverged");
                    tip = snap.divergenceExplanation(i);
                } else if (implicit.contains(i.id())) {
                    c.add("implicit");
                    tip = snap.implicitExplanation(i);
                }
                nodes.put(id, new Node(ref, kernelName(o), handle, "users " + i.users(), null, c, tip));
                edges.put("bound-" + i.id(), new Edge("bound-" + i.id(), deviceId(i.device()), id, EdgeKind.BOUND, Set.of()));
                int kh = snap.kernelHwpt(i);
                if (kh >= 0) {
                    edges.put("att-" + i.id(), new Edge("att-" + i.id(), id, "hwpt-" + kh, EdgeKind.ATTACHED, Set.of()));
                }
                snap.pasids(i).forEach((pasid, hwpt) -> {
                    if (pasid != 0) {
                        String pid = "pasid-" + i.id() + "-" + pasid;
                        edges.put(pid, new Edge(pid, id, "hwpt-" + hwpt, EdgeKind.PASID, Set.of(), "pasid " + pasid));
                    }
                });
                int rec = snap.recorded(i.id());
                if (rec >= 0 && rec != kh && s.objects().containsKey(rec)) {
                    edges.put("rec-" + i.id(), new Edge("rec-" + i.id(), id, "hwpt-" + rec, EdgeKind.RECORDED,
                            diverged.contains(i.id()) ? Set.of("diverged") : Set.of()));
                }
            } else if (o instanceof HwptPaging p) {
                Set<String> c = new HashSet<>();
                c.add(p.autoDomain() ? "auto" : "manual");
                c.add("paging");
                if (p.nestParent()) {
                    c.add("nest-parent");
                }
                if (p.dirtyTracking()) {
                    c.add("dirty");
                }
                Domain pd = s.domain(p.domain());
                boolean tracking = pd != null && pd.dirtyEnabled();
                String detail = tracking ? "dirty tracking on · users " + p.users()
                        : (p.autoDomain() ? "auto" : "manual") + " · users " + p.users();
                nodes.put(id, new Node(ref, kernelName(o), handle, detail, null, c,
                        "hwpt " + p.id() + ": domain " + p.domain() + ", ioas " + p.ioas() + ", users " + p.users()
                                + (p.dirtyTracking() ? ", dirty tracking " + (tracking ? "on" : "off") + " (" + snap.dirtyRuns(p.id()).size() + " dirty run(s))" : "")));
                edges.put("in-" + p.id(), new Edge("in-" + p.id(), id, "ioas-" + p.ioas(), EdgeKind.IOAS, Set.of()));
                faultEdge(edges, p, id);
            } else if (o instanceof HwptNested n) {
                nodes.put(id, new Node(ref, kernelName(o), handle, "users " + n.users(), null, Set.of("nested"),
                        "hwpt " + n.id() + ": nested domain " + n.domain() + " over hwpt " + n.parent()
                                + (n.viommu() >= 0 ? ", on viommu " + n.viommu() : "")));
                // A nested hwpt made on a vIOMMU hangs off the vIOMMU, which sits on the parent.
                String up = n.viommu() >= 0 ? NodeId.viommu(n.viommu()).css() : "hwpt-" + n.parent();
                edges.put("parent-" + n.id(), new Edge("parent-" + n.id(), id, up, EdgeKind.PARENT, Set.of()));
                faultEdge(edges, n, id);
            } else if (o instanceof Fault f) {
                int pending = f.pending().size();
                nodes.put(id, new Node(ref, kernelName(o), handle, pending + " pending · users " + f.users(), null,
                        pending > 0 ? Set.of("pending") : Set.of(),
                        "fault " + f.id() + ": " + pending + " page request(s) waiting for a response" + (f.fdOpen() ? "" : ", its file closed")));
            } else if (o instanceof Vdevice v) {
                nodes.put(id, new Node(ref, kernelName(o), handle, "virt_id " + Unsigned.hex(v.virtId()) + " · users " + v.users(), null,
                        Set.of(), "vdevice " + v.id() + ": " + v.device() + " as virt_id " + Unsigned.hex(v.virtId()) + " on viommu " + v.viommu()));
                if (s.objects().get(v.idev()) instanceof Idev) {
                    String eid = "vdev-" + v.id();
                    edges.put(eid, new Edge(eid, NodeId.idev(v.idev()).css(), id, EdgeKind.VDEVICE, Set.of()));
                }
                onViommu(edges, id, v.viommu());
            } else if (o instanceof Veventq q) {
                nodes.put(id, new Node(ref, kernelName(o), handle, q.events().size() + " event(s) · depth " + q.depth(), null,
                        q.events().isEmpty() ? Set.of() : Set.of("pending"),
                        "veventq " + q.id() + ": type " + q.eventType() + ", " + q.events().size() + " event(s) waiting"
                                + (q.lostEvents() ? ", events lost" : "") + (q.fdOpen() ? "" : ", its file closed")));
                onViommu(edges, id, q.viommu());
            } else if (o instanceof HwQueue q) {
                nodes.put(id, new Node(ref, kernelName(o), handle, "index " + q.index() + " · users " + q.users(), null, Set.of(),
                        "hw_queue " + q.id() + ": type " + q.queueType() + ", index " + q.index() + ", guest memory at "
                                + Unsigned.hex(q.baseAddr()) + " length " + Unsigned.hex(q.length())));
                onViommu(edges, id, q.viommu());
            } else if (o instanceof Viommu v) {
                nodes.put(id, new Node(ref, kernelName(o), handle, v.vdevs().size() + " vdevice(s) · users " + v.users(), null,
                        Set.of("viommu"), "viommu " + v.id() + " on nesting parent hwpt " + v.hwpt() + ", iommu " + v.iommu()));
                edges.put("parent-" + v.id(), new Edge("parent-" + v.id(), id, "hwpt-" + v.hwpt(), EdgeKind.PARENT, Set.of()));
            } else if (o instanceof Ioas ioas) {
                nodes.put(id, new Node(ref, kernelName(o), handle, ioas.iopt().areas().size() + " area(s) · users " + ioas.users(),
                        null, Set.of(), "ioas " + ioas.id() + ": " + ioas.iopt().areas().size() + " areas, iova_alignment " + ioas.iopt().iovaAlignment()));
            }
        }
        return new GraphModel(nodes, edges, domains);
    }

    /** The group's devices the firmware requires identity-mapped (an IOMMU_RESV_DIRECT region), comma separated. */
    private static String directDevices(State s, IommuGroup g) {
        return String.join(", ", g.devices().stream()
                .filter(name -> s.topology().device(name).map(PciDevice::requiresDirect).orElse(false)).toList());
    }

    /** hwpt → its FAULT object (hwpt->fault), whose queue the hwpt's page requests go to. */
    private static void faultEdge(Map<String, Edge> edges, Hwpt h, String id) {
        if (h.fault() >= 0) {
            String eid = "fault-of-" + h.id();
            edges.put(eid, new Edge(eid, id, NodeId.fault(h.fault()).css(), EdgeKind.FAULT, Set.of()));
        }
    }

    private static void onViommu(Map<String, Edge> edges, String id, int viommu) {
        String eid = "on-" + id;
        edges.put(eid, new Edge(eid, id, NodeId.viommu(viommu).css(), EdgeKind.ON_VIOMMU, Set.of()));
    }
}
