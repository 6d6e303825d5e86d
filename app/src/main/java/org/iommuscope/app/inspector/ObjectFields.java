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
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.iopt.ReservedRange;

/** Every field of the object a canvas node stands for, as (category, name, value) rows. */
public final class ObjectFields {

    public record Field(String category, String name, String value) {
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
            } else if (o instanceof HwptNested n) {
                f.add(new Field("hwpt_nested", "parent", String.valueOf(n.parent())));
                f.add(new Field("hwpt_nested", "domain", String.valueOf(n.domain())));
                f.add(new Field("hwpt_nested", "attached", snap.attached(n.id()).toString()));
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
        String why = snap.diverged(i) ? snap.divergenceExplanation(i) : snap.implicitExplanation(i);
        if (!why.isEmpty()) {
            f.add(new Field("idev", "why", why));
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
