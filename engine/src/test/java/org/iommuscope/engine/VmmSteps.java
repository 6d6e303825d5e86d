package org.iommuscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.iommufd.Fault;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.ObjType;
import org.iommuscope.engine.iopt.Area;

/**
 * The ops of {@link RandomOpsPropertyTest} that walk towards the new uAPI's effects as a VMM would: each looks how far
 * the state already is and returns the next step (which may still fail: the state is random). Without them, random
 * sequences almost never chain the five or six ops that a dirty page, a page request or a PASID attach takes.
 */
final class VmmSteps {
    private VmmSteps() {
    }

    /** What a VMM that tracks dirty pages does next, given how far the state already is (the ops may still fail). */
    static Op towardsDirty(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        List<HwptPaging> tracking = hwpts(st, hp -> hp.dirtyTracking());
        if (tracking.isEmpty()) {
            return new Op.HwptAlloc(idevOn(st, null, s.a(), returned), RandomOpsPropertyTest.anyIoas(st, s.b()), Set.of(Op.HwptFlag.DIRTY_TRACKING));
        }
        // the hwpt furthest along: attached, then tracking, then with something mapped
        Snapshot snap = new Snapshot(st);
        ToIntFunction<HwptPaging> progress = h -> (snap.attached(h.id()).isEmpty() ? 0 : 4)
                + (st.domains().get(h.domain()).dirtyEnabled() ? 2 : 0) + (RandomOpsPropertyTest.areas(st, h.ioas()).isEmpty() ? 0 : 1);
        int best = tracking.stream().mapToInt(progress).max().orElseThrow();
        List<HwptPaging> furthest = tracking.stream().filter(h -> progress.applyAsInt(h) == best).toList();
        HwptPaging hp = furthest.get(s.b() % furthest.size());
        Domain domain = st.domains().get(hp.domain());
        List<Integer> attached = snap.attached(hp.id());
        Area a = RandomOpsPropertyTest.area(st, hp.ioas(), s.c());
        if (attached.isEmpty()) {
            return new Op.Attach(idevOn(st, domain.iommu(), s.a(), returned), hp.id());
        }
        if (!domain.dirtyEnabled()) {
            return new Op.SetDirtyTracking(hp.id(), true);
        }
        if (a == null) {
            return new Op.IoasMap(hp.ioas(), (1L + s.c() % 4) << 21, null, Prot.RW, null);
        }
        List<IoPageTable.DirtyLeaf> dirty = domain.pageTable().dirtyLeaves();
        if (!dirty.isEmpty() && s.d() % 2 == 0) {
            // a log sync of the region a dirty leaf covers
            IoPageTable.DirtyLeaf leaf = dirty.get(s.c() % dirty.size());
            return new Op.GetDirtyBitmap(hp.id(), leaf.iova(), leaf.size(), null, s.d() % 8 == 0);
        }
        return new Op.Dma(null, (long) attached.get(s.a() % attached.size()), a.iova() + Math.floorMod(s.r(), a.length()),
                Op.Access.WRITE, null);
    }

    /** What a VMM that takes I/O page faults does next: its device should have PRI, its DMA a hole to fall into. */
    static Op towardsFault(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        List<Integer> faults = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Fault f) {
                faults.add(f.id());
            }
        }
        if (faults.isEmpty()) {
            return new Op.FaultAlloc();
        }
        List<HwptPaging> faulting = hwpts(st, hp -> hp.fault() >= 0);
        long dev = priIdev(st, s.a(), returned);
        if (faulting.isEmpty()) {
            return new Op.HwptAlloc(dev, RandomOpsPropertyTest.anyIoas(st, s.b()), Set.of(), (long) faults.get(s.b() % faults.size()));
        }
        // one a PRI device is attached to, if any
        Snapshot snap = new Snapshot(st);
        Predicate<Integer> pri = i -> st.object(i) instanceof Idev idev
                && st.topology().device(idev.device()).map(d -> d.has(DeviceQuirk.PRI)).orElse(false);
        List<HwptPaging> serving = faulting.stream().filter(h -> snap.attached(h.id()).stream().anyMatch(pri)).toList();
        HwptPaging hp = serving.isEmpty() ? faulting.get(s.b() % faulting.size()) : serving.get(s.b() % serving.size());
        List<Integer> attached = snap.attached(hp.id()).stream().filter(pri).toList();
        if (attached.isEmpty()) {
            return new Op.Attach(dev, hp.id());
        }
        List<Area> mapped = RandomOpsPropertyTest.areas(st, hp.ioas());
        long hole = mapped.isEmpty() ? (long) (s.c() % 64) << 12 : mapped.get(mapped.size() - 1).last() + 1;
        return new Op.Dma(null, (long) attached.get(s.a() % attached.size()), hole, s.d() % 2 == 0 ? Op.Access.READ : Op.Access.WRITE, null);
    }

    /**
     * What a VMM that gives a process PASID 5 of its device does next: a PASID-compatible hwpt for the RID and one for
     * the PASID (IOMMU_HWPT_ALLOC_PASID), the RID onto the first, PASID 5 onto the second, then a tagged DMA.
     */
    static Op towardsPasid(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        long dev = pasidIdev(st, s.a(), returned);
        List<HwptPaging> compat = hwpts(st, hp -> hp.pasidCompat());
        if (compat.size() < 2) {
            return new Op.HwptAlloc(dev, RandomOpsPropertyTest.anyIoas(st, s.b()), Set.of(Op.HwptFlag.PASID));
        }
        if (!(st.object(dev) instanceof Idev idev) || st.igroups().get(idev.groupId()) == null) {
            return new Op.Attach(dev, compat.get(s.b() % compat.size()).id());
        }
        IGroup ig = st.igroups().get(idev.groupId());
        if (!(st.object(ig.hwpt()) instanceof HwptPaging rid) || !rid.pasidCompat()) {
            return new Op.Attach(dev, compat.get(s.b() % compat.size()).id());
        }
        if (ig.attach(5) == null) {
            return new Op.Attach(dev, compat.get(s.b() % compat.size()).id(), 5L);
        }
        HwptPaging onPasid = (HwptPaging) st.object(ig.attach(5).hwpt());
        Area a = onPasid == null ? null : RandomOpsPropertyTest.area(st, onPasid.ioas(), s.c());
        return new Op.Dma(null, dev, a == null ? 0 : a.iova(), s.d() % 2 == 0 ? Op.Access.READ : Op.Access.WRITE, 5L);
    }

    /** An idev whose device has a PASID width behind an IOMMU with the pasid cap, or any idev. */
    private static long pasidIdev(State st, int choice, List<Long> returned) {
        List<Integer> capable = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Idev i && st.topology().device(i.device()).map(d -> d.pasidWidth() > 0).orElse(false)
                    && st.topology().group(i.groupId()).flatMap(g -> st.topology().iommu(g.iommu()))
                    .map(u -> u.caps().contains(IommuCap.PASID)).orElse(false)) {
                capable.add(i.id());
            }
        }
        return capable.isEmpty() ? RandomOpsPropertyTest.id(st, ObjType.DEVICE, choice, returned) : capable.get(choice % capable.size());
    }

    private static List<HwptPaging> hwpts(State st, Predicate<HwptPaging> which) {
        List<HwptPaging> out = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof HwptPaging hp && which.test(hp)) {
                out.add(hp);
            }
        }
        return out;
    }

    /** An idev whose device sits behind the named IOMMU (any with dirty tracking when null), or any idev. */
    private static long idevOn(State st, String iommu, int choice, List<Long> returned) {
        List<Integer> on = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Idev i) {
                String unit = st.topology().group(i.groupId()).map(GroupSpec::iommu).orElse("");
                if (iommu != null ? unit.equals(iommu)
                        : st.topology().iommu(unit).map(u -> u.caps().contains(IommuCap.DIRTY_TRACKING)).orElse(false)) {
                    on.add(i.id());
                }
            }
        }
        return on.isEmpty() ? RandomOpsPropertyTest.id(st, ObjType.DEVICE, choice, returned) : on.get(choice % on.size());
    }

    /** An idev whose device has PRI, or any idev. */
    private static long priIdev(State st, int choice, List<Long> returned) {
        List<Integer> pri = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Idev i && st.topology().device(i.device()).map(d -> d.has(DeviceQuirk.PRI)).orElse(false)) {
                pri.add(i.id());
            }
        }
        return pri.isEmpty() ? RandomOpsPropertyTest.id(st, ObjType.DEVICE, choice, returned) : pri.get(choice % pri.size());
    }

}
