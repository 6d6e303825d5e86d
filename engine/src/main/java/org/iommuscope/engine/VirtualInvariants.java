package org.iommuscope.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Access;
import org.iommuscope.engine.iommufd.HwQueue;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.Vdevice;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.iopt.Area;

/**
 * The consistency rules of the vIOMMU objects (v6.13+): a vIOMMU sits on a live nest parent and its virt_id table
 * names exactly its live vDEVICEs; a nested hwpt made on a vIOMMU is over that vIOMMU's parent; a vDEVICE holding its
 * idev (v6.17+) is the idev's only one; a vEVENTQ holds at most its depth and is the only one of its type; a HW queue
 * has its internal access and the queue it depends on; an area is locked by exactly the accesses that pinned it; a
 * tombstoned ID names no object. Part of {@link Invariants}: the object rules are O(objects) and run after every
 * step, the area locks only for an IOAS the step touched.
 */
final class VirtualInvariants {
    private VirtualInvariants() {
    }

    static void check(State s, List<String> v) {
        for (int id : s.tombstones()) {
            if (s.objects().containsKey(id)) {
                v.add("ID " + id + " is tombstoned yet names " + s.objects().get(id).type().label() + " " + id);
            }
        }
        Set<String> queueTypes = new HashSet<>();
        Map<Integer, Integer> vdevOfIdev = new HashMap<>();
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Viommu vi) {
                viommu(s, vi, v);
            } else if (o instanceof Vdevice vd) {
                vdevice(s, vd, vdevOfIdev, v);
            } else if (o instanceof HwptNested n && n.viommu() >= 0) {
                nestedOnViommu(s, n, v);
            } else if (o instanceof Veventq q) {
                if (!(s.objects().get(q.viommu()) instanceof Viommu)) {
                    v.add("veventq " + q.id() + " names a missing viommu " + q.viommu());
                }
                if (q.events().size() > q.depth()) {
                    v.add("veventq " + q.id() + " holds " + q.events().size() + " events, more than its depth " + q.depth());
                }
                if (!queueTypes.add(q.viommu() + ":" + q.eventType())) {
                    v.add("viommu " + q.viommu() + " has two veventqs of type 0x" + Long.toHexString(q.eventType()));
                }
            } else if (o instanceof HwQueue q) {
                hwQueue(s, q, v);
            } else if (o instanceof Access a) {
                if (!(s.objects().get(a.ioas()) instanceof Ioas ioas) || !ioas.iopt().accesses().contains(a.id())) {
                    v.add("access " + a.id() + " is not on the access list of ioas " + a.ioas());
                }
            } else if (o instanceof Ioas ioas) {
                for (int a : ioas.iopt().accesses()) {
                    if (!(s.objects().get(a) instanceof Access acc) || acc.ioas() != ioas.id()) {
                        v.add("ioas " + ioas.id() + " lists access " + a + ", which is not one of its internal accesses");
                    }
                }
            }
        }
    }

    private static void viommu(State s, Viommu vi, List<String> v) {
        if (!(s.objects().get(vi.hwpt()) instanceof HwptPaging p) || !p.nestParent()) {
            v.add("viommu " + vi.id() + " sits on " + vi.hwpt() + ", which is no nest-parent hwpt_paging");
        }
        for (Map.Entry<Long, Integer> e : vi.vdevs().entrySet()) {
            if (!(s.objects().get(e.getValue()) instanceof Vdevice vd) || vd.viommu() != vi.id() || vd.virtId() != e.getKey()) {
                v.add("viommu " + vi.id() + " maps virt_id 0x" + Long.toHexString(e.getKey()) + " to " + e.getValue()
                        + ", which is not its vDEVICE of that virt_id");
            }
        }
    }

    private static void vdevice(State s, Vdevice vd, Map<Integer, Integer> vdevOfIdev, List<String> v) {
        if (!(s.objects().get(vd.viommu()) instanceof Viommu vi) || !Integer.valueOf(vd.id()).equals(vi.vdevs().get(vd.virtId()))) {
            v.add("vdevice " + vd.id() + " (virt_id 0x" + Long.toHexString(vd.virtId()) + ") is not in the table of viommu " + vd.viommu());
        }
        if (vd.holdsIdev()) {
            if (!(s.objects().get(vd.idev()) instanceof Idev)) {
                v.add("vdevice " + vd.id() + " holds idev " + vd.idev() + ", which does not exist");
            }
            Integer other = vdevOfIdev.put(vd.idev(), vd.id());
            if (other != null) {
                v.add("idev " + vd.idev() + " has two vDEVICEs, " + other + " and " + vd.id());
            }
        }
    }

    private static void nestedOnViommu(State s, HwptNested n, List<String> v) {
        if (!(s.objects().get(n.viommu()) instanceof Viommu vi)) {
            v.add("hwpt " + n.id() + " was made on viommu " + n.viommu() + ", which does not exist");
            return;
        }
        if (vi.hwpt() != n.parent()) {
            v.add("hwpt " + n.id() + " is over parent " + n.parent() + " but its viommu " + vi.id() + " is over " + vi.hwpt());
        }
        Domain d = s.domain(n.domain());
        if (d == null || d.viommu() != vi.id() || d.parent() != ((HwptPaging) s.objects().get(vi.hwpt())).domain()) {
            v.add("hwpt " + n.id() + "'s domain is not a nested domain of viommu " + vi.id() + " over its parent's domain");
        }
    }

    private static void hwQueue(State s, HwQueue q, List<String> v) {
        if (!(s.objects().get(q.viommu()) instanceof Viommu)) {
            v.add("hw_queue " + q.id() + " names a missing viommu " + q.viommu());
        }
        if (!(s.objects().get(q.access()) instanceof Access)) {
            v.add("hw_queue " + q.id() + " has no internal access (" + q.access() + ")");
        }
        if (q.dependsOn() >= 0 && (!(s.objects().get(q.dependsOn()) instanceof HwQueue prev) || prev.index() + 1 != q.index()
                || prev.viommu() != q.viommu())) {
            v.add("hw_queue " + q.id() + " depends on " + q.dependsOn() + ", which is not the queue below it");
        }
    }

    /**
     * Each area of the IOAS is locked once per internal access whose pinned range meets it. With {@code before} (the
     * state the step started from) and the areas the step {@code mapped}, only the areas in a range pinned before or after the step and
     * those it mapped are looked at: locks change only by pinning and unpinning such a range, so any other
     * area is as it was. Without, every area.
     */
    static void checkAreaLocks(State s, Ioas ioas, State before, List<Area> mapped, List<String> v) {
        List<Access> accesses = accesses(s, ioas);
        if (before == null) {
            for (Area a : ioas.iopt().areas().values()) {
                areaLock(ioas, a, accesses, v);
            }
            return;
        }
        List<Access> ranges = accesses;
        if (before.objects().get(ioas.id()) instanceof Ioas then && !then.iopt().accesses().isEmpty()) {
            ranges = new java.util.ArrayList<>(accesses);
            ranges.addAll(accesses(before, then));
        }
        for (Access acc : ranges) {
            for (Area a : ioas.iopt().areasIntersecting(acc.pinnedIova(), acc.pinnedLast())) {
                areaLock(ioas, a, accesses, v);
            }
        }
        for (Area a : mapped) {
            areaLock(ioas, a, accesses, v);
        }
    }

    private static List<Access> accesses(State s, Ioas ioas) {
        if (ioas.iopt().accesses().isEmpty()) {
            return List.of();
        }
        List<Access> out = new java.util.ArrayList<>();
        for (int id : ioas.iopt().accesses()) {
            if (s.objects().get(id) instanceof Access a) {
                out.add(a);
            }
        }
        return out;
    }

    private static void areaLock(Ioas ioas, Area a, List<Access> accesses, List<String> v) {
        int pinning = 0;
        for (Access acc : accesses) {
            if (Unsigned.le(acc.pinnedIova(), a.last()) && Unsigned.ge(acc.pinnedLast(), a.iova())) {
                pinning++;
            }
        }
        if (a.numLocks() != pinning) {
            v.add("area [" + Unsigned.hex(a.iova()) + ", " + Unsigned.hex(a.last()) + "] of ioas " + ioas.id() + " has num_locks "
                    + a.numLocks() + ", " + pinning + " access(es) pin it");
        }
    }
}
