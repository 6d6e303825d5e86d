package org.iommuscope.app.inspector;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.iommuscope.app.graph.GraphProjection;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Fault;
import org.iommuscope.engine.iommufd.HwQueue;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.PageRequest;
import org.iommuscope.engine.iommufd.Vdevice;
import org.iommuscope.engine.iommufd.Vevent;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.iopt.ReservedRange;

/** Every field of the object a canvas node stands for, as (category, name, value) rows. */
public final class ObjectFields {

    /** @param style a style class for the row's value (`tombstone`: greyed), or empty */
    public record Field(String category, String name, String value, String style) {
        public Field {
            style = style == null ? "" : style;
        }

        public Field(String category, String name, String value) {
            this(category, name, value, "");
        }
    }

    private ObjectFields() {
    }

    /** The object's fields, after the handle the scenario names it by (if any). */
    public static List<Field> of(State s, NodeId node, String handle) {
        List<Field> f = new ArrayList<>();
        if (node == null) {
            return f;
        }
        if (handle != null && !handle.isEmpty()) {
            f.add(new Field("scenario", "handle", handle));
        }
        f.addAll(of(s, node.css()));
        return f;
    }

    public static List<Field> of(State s, String nodeId) {
        List<Field> f = new ArrayList<>();
        if (nodeId == null) {
            return f;
        }
        Snapshot snap = new Snapshot(s);
        for (IommuGroup g : s.groups().values()) {
            if (nodeId.equals(GraphProjection.groupId(g.id()))) {
                group(f, s, snap, g);
                return f;
            }
            for (String name : g.devices()) {
                if (nodeId.equals(GraphProjection.deviceId(name))) {
                    device(f, s, s.topology().device(name).orElseThrow());
                    return f;
                }
            }
        }
        for (IommufdObject o : s.objects().values()) {
            if (!nodeId.equals(GraphProjection.objectId(o))) {
                continue;
            }
            f.add(new Field("object", "id", String.valueOf(o.id())));
            f.add(new Field("object", "type", o.type().name()));
            f.add(new Field("object", "users", String.valueOf(o.users())));
            if (o instanceof Idev i) {
                idev(f, snap, i);
            } else if (o instanceof HwptPaging p) {
                f.add(new Field("hwpt_paging", "ioas", String.valueOf(p.ioas())));
                f.add(new Field("hwpt_paging", "domain", String.valueOf(p.domain())));
                f.add(new Field("hwpt_paging", "auto_domain", String.valueOf(p.autoDomain())));
                f.add(new Field("hwpt_paging", "nest_parent", String.valueOf(p.nestParent())));
                f.add(new Field("hwpt_paging", "dirty_tracking", String.valueOf(p.dirtyTracking())));
                f.add(new Field("hwpt_paging", "enforce_cache_coherency", String.valueOf(p.enforceCacheCoherency())));
                f.add(new Field("hwpt_paging", "attached", snap.attached(p.id()).toString()));
                domain(f, s.domain(p.domain()));
                f.add(new Field("hwpt_paging", "fault", p.fault() < 0 ? "none" : "fault " + p.fault()));
                dirty(f, snap, p);
            } else if (o instanceof HwptNested n) {
                f.add(new Field("hwpt_nested", "parent", String.valueOf(n.parent())));
                f.add(new Field("hwpt_nested", "viommu", n.viommu() < 0 ? "none" : "viommu " + n.viommu()));
                f.add(new Field("hwpt_nested", "domain", String.valueOf(n.domain())));
                f.add(new Field("hwpt_nested", "fault", n.fault() < 0 ? "none" : "fault " + n.fault()));
                f.add(new Field("hwpt_nested", "attached", snap.attached(n.id()).toString()));
            } else if (o instanceof Fault q) {
                fault(f, snap, q);
            } else if (o instanceof Viommu v) {
                viommu(f, snap, v);
            } else if (o instanceof Vdevice v) {
                f.add(new Field("vdevice", "viommu", "viommu " + v.viommu()));
                f.add(new Field("vdevice", "virt_id", Unsigned.hex(v.virtId())));
                f.add(new Field("vdevice", "device", v.device()));
                f.add(new Field("vdevice", "idev", s.objects().get(v.idev()) instanceof Idev ? "idev " + v.idev() : "idev " + v.idev() + " (gone)"));
                f.add(new Field("vdevice", "holds its idev", String.valueOf(v.holdsIdev())));
            } else if (o instanceof Veventq q) {
                f.add(new Field("veventq", "viommu", "viommu " + q.viommu()));
                f.add(new Field("veventq", "type", Unsigned.hex(q.eventType())));
                f.add(new Field("veventq", "depth", String.valueOf(q.depth())));
                f.add(new Field("veventq", "file", q.fdOpen() ? "open" : "closed"));
                int k = 0;
                for (Vevent e : snap.pendingEvents(q.id())) {
                    f.add(new Field("vevents", "event " + k++, "#" + e.sequence() + " virt_id " + Unsigned.hex(e.virtId()) + " iova "
                            + Unsigned.hex(e.iova()) + ": " + e.reason()));
                }
                if (q.lostEvents()) {
                    f.add(new Field("vevents", "lost", "IOMMU_VEVENTQ_FLAG_LOST_EVENTS header queued"));
                }
            } else if (o instanceof HwQueue q) {
                f.add(new Field("hw_queue", "viommu", "viommu " + q.viommu()));
                f.add(new Field("hw_queue", "type", Unsigned.hex(q.queueType())));
                f.add(new Field("hw_queue", "index", String.valueOf(q.index())));
                f.add(new Field("hw_queue", "guest memory", "[" + Unsigned.hex(q.baseAddr()) + ", +" + Unsigned.hex(q.length()) + ")"));
                f.add(new Field("hw_queue", "depends on", q.dependsOn() < 0 ? "none" : "hw_queue " + q.dependsOn()));
            } else if (o instanceof Ioas ioas) {
                ioas(f, ioas);
            }
            return f;
        }
        return f;
    }

    private static void group(List<Field> f, State s, Snapshot snap, IommuGroup g) {
        f.add(new Field("iommu_group", "id", String.valueOf(g.id())));
        f.add(new Field("iommu_group", "iommu", g.iommu()));
        f.add(new Field("iommu_group", "devices", String.join(", ", g.devices())));
        f.add(new Field("iommu_group", "domain", g.domain() + " (" + snap.groupDomainLabel(g.id()) + ")"));
        f.add(new Field("iommu_group", "default_domain", String.valueOf(g.defaultDomain())));
        f.add(new Field("iommu_group", "blocking_domain", g.blockingDomain() < 0 ? "not allocated" : String.valueOf(g.blockingDomain())));
        f.add(new Field("iommu_group", "owner", g.owner() == null ? (g.ownerCnt() > 0 ? "kernel DMA API" : "none") : g.owner()));
        f.add(new Field("iommu_group", "owner_cnt", String.valueOf(g.ownerCnt())));
        f.add(new Field("iommu_group", "domain since", "step " + g.domainSince() + ": " + g.domainCause()));
        IGroup ig = s.igroups().get(g.id());
        if (ig != null) {
            f.add(new Field("igroup", "hwpt", ig.hwpt() < 0 ? "none" : String.valueOf(ig.hwpt())));
            f.add(new Field("igroup", "attached idevs", ig.devices().toString()));
            f.add(new Field("igroup", "bound idevs", ig.bound().toString()));
            f.add(new Field("igroup", "sw_msi_start", ig.swMsiStart() < 0 ? "none" : Unsigned.hex(ig.swMsiStart())));
        }
    }

    private static void device(List<Field> f, State s, PciDevice d) {
        f.add(new Field("device", "name", d.name()));
        f.add(new Field("device", "group", String.valueOf(d.groupId())));
        f.add(new Field("device", "driver", d.driver()));
        f.add(new Field("device", "iommu", s.topology().iommuOf(d).name()));
        f.add(new Field("device", "quirks", d.quirks().stream().map(q -> q.yamlName()).sorted().collect(Collectors.joining(", "))));
        Integer idev = s.boundDevices().get(d.name());
        f.add(new Field("device", "idev", idev == null ? "not bound" : String.valueOf(idev)));
        int n = 0;
        for (ReservedRegion r : d.reserved()) {
            f.add(new Field("reserved regions", "region " + n++, "[" + Unsigned.hex(r.start()) + ", " + Unsigned.hex(r.last()) + "] " + r.type().yamlName()));
        }
    }

    private static void idev(List<Field> f, Snapshot snap, Idev i) {
        f.add(new Field("idev", "device", i.device()));
        f.add(new Field("idev", "group", String.valueOf(i.groupId())));
        f.add(new Field("idev", "enforce_cache_coherency", String.valueOf(i.enforceCacheCoherency())));
        f.add(new Field("idev", "VFIO attached", String.valueOf(i.vfioAttached())));
        int k = snap.kernelHwpt(i);
        f.add(new Field("idev", "kernel: attached to", k < 0 ? "none" : "hwpt " + k));
        int rec = snap.recorded(i.id());
        f.add(new Field("idev", "recorded hwpt", rec < 0 ? "none" : "hwpt " + rec));
        f.add(new Field("idev", "diverged", String.valueOf(snap.diverged(i))));
        f.add(new Field("idev", "implicit", String.valueOf(snap.implicit(i))));
        // The PASID table: the RID's attachment and each PASID's (iommufd_device_attach() with a pasid).
        snap.pasids(i).forEach((pasid, hwpt) -> f.add(new Field("pasid table", pasid == 0 ? "RID" : "pasid " + pasid, "hwpt " + hwpt)));
        String why = snap.diverged(i) ? snap.divergenceExplanation(i) : snap.implicitExplanation(i);
        if (!why.isEmpty()) {
            f.add(new Field("idev", "why", why));
        }
    }

    /** The dirty runs a get_dirty_bitmap would report now (iommufd_hwpt_get_dirty_bitmap()). */
    private static void dirty(List<Field> f, Snapshot snap, HwptPaging p) {
        int k = 0;
        for (IovaRange r : snap.dirtyRuns(p.id())) {
            f.add(new Field("dirty pages", "run " + k++, "[" + Unsigned.hex(r.first()) + ", " + Unsigned.hex(r.last()) + "]"));
        }
    }

    private static void fault(List<Field> f, Snapshot snap, Fault q) {
        f.add(new Field("fault", "file", q.fdOpen() ? "open" : "closed"));
        f.add(new Field("fault", "pending", String.valueOf(q.pending().size())));
        int k = 0;
        for (PageRequest r : snap.pendingRequests(q.id())) {
            f.add(new Field("page requests", "request " + k++, "idev " + r.idev() + (r.pasid() == 0 ? "" : " pasid " + r.pasid()) + " iova "
                    + Unsigned.hex(r.iova()) + (r.write() ? " write" : " read") + " via hwpt " + r.hwpt()));
        }
    }

    /** A vIOMMU: its parent, its vDEVICEs by virt_id, and the IDs tombstoned (greyed: they name nothing any more). */
    private static void viommu(List<Field> f, Snapshot snap, Viommu v) {
        f.add(new Field("viommu", "nesting parent", "hwpt " + v.hwpt()));
        f.add(new Field("viommu", "iommu", v.iommu()));
        f.add(new Field("viommu", "type", Unsigned.hex(v.viommuType())));
        v.vdevs().forEach((virtId, vdev) -> f.add(new Field("vdevices", "virt_id " + Unsigned.hex(virtId), "vdevice " + vdev
                + " · idev " + snap.vdevices(v.id()).get(virtId))));
        List<String> on = new ArrayList<>();
        for (IommufdObject o : snap.onViommu(v.id())) {
            on.add(GraphProjection.kernelName(o));
        }
        f.add(new Field("viommu", "allocated on it", on.isEmpty() ? "nothing" : String.join(", ", on)));
        for (int id : snap.tombstones()) {
            f.add(new Field("tombstones", "id " + id, "tombstoned vdevice ID (its device was unbound)", "tombstone"));
        }
    }

    private static void domain(List<Field> f, Domain d) {
        if (d == null) {
            return;
        }
        f.add(new Field("iommu_domain", "type", d.type().name()));
        f.add(new Field("iommu_domain", "iommu", d.iommu()));
        f.add(new Field("iommu_domain", "pgsize_bitmap", Unsigned.hex(d.pgsizeBitmap())));
        f.add(new Field("iommu_domain", "aperture", "[" + Unsigned.hex(d.apertureStart()) + ", " + Unsigned.hex(d.apertureLast()) + "]"));
        f.add(new Field("iommu_domain", "PTE runs", String.valueOf(d.pageTable().runCount())));
        f.add(new Field("iommu_domain", "mapped bytes", Unsigned.hex(d.pageTable().mappedBytes())));
        if (d.msiCookie() >= 0) {
            f.add(new Field("iommu_domain", "msi cookie", Unsigned.hex(d.msiCookie())));
        }
    }

    private static void ioas(List<Field> f, Ioas ioas) {
        f.add(new Field("ioas", "hwpt_list", ioas.hwptList().toString()));
        f.add(new Field("io_pagetable", "domains", ioas.iopt().domains().toString()));
        f.add(new Field("io_pagetable", "iova_alignment", Unsigned.hex(ioas.iopt().iovaAlignment())));
        int n = 0;
        for (Area a : ioas.iopt().areas().values()) {
            f.add(new Field("iopt_area", "area " + n++, "[" + Unsigned.hex(a.iova()) + ", " + Unsigned.hex(a.last()) + "] " + a.prot()
                    + " ← user VA " + Unsigned.hex(a.userVa())));
        }
        n = 0;
        for (ReservedRange r : ioas.iopt().reserved()) {
            f.add(new Field("reserved", "range " + n++, "[" + Unsigned.hex(r.start()) + ", " + Unsigned.hex(r.last()) + "] " + r.owner().label()));
        }
        n = 0;
        for (IovaRange r : ioas.iopt().allowed().values()) {
            f.add(new Field("allowed", "range " + n++, r.toString()));
        }
    }
}
