package org.iommuscope.app.cli;

import java.util.Map;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.HwQueue;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.Vdevice;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.ReservedRange;

/** A plain-text picture of a snapshot, in the kernel's names: what the CLI prints and the minimal window shows. */
public final class StateText {
    private StateText() {
    }

    public static String describe(State s) {
        Snapshot snap = new Snapshot(s);
        StringBuilder b = new StringBuilder();
        b.append("iommu groups\n");
        for (IommuGroup g : s.groups().values()) {
            Domain d = s.domain(g.domain());
            b.append("  group ").append(g.id()).append(" [").append(String.join(", ", g.devices())).append("] on ")
                    .append(snap.groupDomainLabel(g.id())).append(" (domain ").append(d == null ? "freed" : d.id()).append(")")
                    .append(g.owner() == null ? g.ownerCnt() > 0 ? ", kernel driver owns DMA" : "" : ", owned by " + g.owner())
                    .append('\n');
            IGroup ig = s.igroups().get(g.id());
            if (ig != null) {
                b.append("    igroup: hwpt ").append(ig.hwpt() < 0 ? "none" : ig.hwpt()).append(", attached ").append(ig.devices()).append('\n');
            }
        }
        b.append("iommufd objects\n");
        for (IommufdObject o : s.objects().values()) {
            b.append("  ").append(o.type().label()).append(' ').append(o.id()).append("  users ").append(o.users());
            if (o instanceof Idev i) {
                int rec = snap.recorded(i.id());
                b.append("  ").append(i.device()).append(", recorded ").append(rec < 0 ? "none" : "hwpt " + rec);
                if (snap.diverged(i)) {
                    b.append("  DIVERGED");
                }
                if (snap.implicit(i)) {
                    b.append("  IMPLICIT");
                }
            } else if (o instanceof HwptPaging p) {
                b.append("  ioas ").append(p.ioas()).append(", domain ").append(p.domain()).append(p.autoDomain() ? ", auto" : ", manual")
                        .append(p.nestParent() ? ", nest_parent" : "").append(p.dirtyTracking() ? ", dirty_tracking" : "")
                        .append(p.enforceCacheCoherency() ? ", enforce_cache_coherency" : "");
            } else if (o instanceof HwptNested n) {
                b.append("  parent hwpt ").append(n.parent()).append(", domain ").append(n.domain())
                        .append(n.viommu() >= 0 ? ", on viommu " + n.viommu() : "");
                Domain d = s.domain(n.domain());
                if (d != null && d.stage1() != null) {
                    b.append(", stage 1 ").append(d.stage1().mode().yamlName());
                    for (Stage1.Range r : d.stage1().map().values()) {
                        b.append("\n    stage 1 [").append(Unsigned.hex(r.giova())).append(", ").append(Unsigned.hex(r.last())).append("] → guest PA ")
                                .append(Unsigned.hex(r.gpa())).append(' ').append(r.prot());
                    }
                }
            } else if (o instanceof Viommu v) {
                b.append("  parent hwpt ").append(v.hwpt()).append(", iommu ").append(v.iommu()).append(", vdevices ");
                b.append(snap.vdevices(v.id()).entrySet().stream().map(e -> Unsigned.hex(e.getKey()) + " → idev " + e.getValue()).toList());
            } else if (o instanceof Vdevice v) {
                b.append("  viommu ").append(v.viommu()).append(", virt_id ").append(Unsigned.hex(v.virtId())).append(", idev ").append(v.idev());
            } else if (o instanceof Veventq q) {
                b.append("  viommu ").append(q.viommu()).append(", depth ").append(q.depth()).append(", ").append(q.events().size())
                        .append(" event(s) waiting").append(q.lostEvents() ? ", events lost" : "").append(q.fdOpen() ? ", fd open" : "");
            } else if (o instanceof HwQueue q) {
                b.append("  viommu ").append(q.viommu()).append(", index ").append(q.index()).append(", [").append(Unsigned.hex(q.baseAddr()))
                        .append(", +").append(Unsigned.hex(q.length())).append("), access ").append(q.access());
            } else if (o instanceof Ioas ioas) {
                b.append("  hwpts ").append(ioas.hwptList()).append(", domains ").append(ioas.iopt().domains())
                        .append(", iova_alignment ").append(ioas.iopt().iovaAlignment());
                for (Area a : ioas.iopt().areas().values()) {
                    b.append("\n    area [").append(Unsigned.hex(a.iova())).append(", ").append(Unsigned.hex(a.last())).append("] ").append(a.prot());
                }
                for (ReservedRange r : ioas.iopt().reserved()) {
                    b.append("\n    reserved [").append(Unsigned.hex(r.start())).append(", ").append(Unsigned.hex(r.last())).append("] ")
                            .append(r.owner().label());
                }
            }
            b.append('\n');
        }
        if (!s.tombstones().isEmpty()) {
            b.append("tombstoned IDs ").append(snap.tombstones()).append('\n');
        }
        Map<Integer, String> why = snap.explanations();
        if (!why.isEmpty()) {
            b.append("divergence\n");
            why.values().forEach(w -> b.append("  ").append(w).append('\n'));
        }
        return b.toString();
    }
}
