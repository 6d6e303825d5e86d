package org.iommuscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.ObjType;
import org.iommuscope.engine.iommufd.Vdevice;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.iopt.Area;

/**
 * The vIOMMU ops of {@link RandomOpsPropertyTest}: each one alone, aimed mostly at objects that fit, and the next step
 * of a VMM building a vIOMMU for a guest (nesting parent, vIOMMU, event queue, vDEVICE, a nested hwpt with a stage 1,
 * the attach, then DMA, HW queues, invalidations and now and then an unbind), which random sequences would almost never
 * chain on their own.
 */
final class ViommuSteps {
    private ViommuSteps() {
    }

    /** IOMMU_VIOMMU_ALLOC: mostly on a nest parent, with the driver's type; sometimes a wrong type or a wrong hwpt. */
    static Op viommuAlloc(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        long dev = viommuIdev(st, s.a(), returned);
        List<HwptPaging> parents = parents(st);
        long hwpt = !parents.isEmpty() && s.b() % 4 != 0 ? parents.get(s.b() / 4 % parents.size()).id()
                : RandomOpsPropertyTest.id(st, ObjType.HWPT_PAGING, s.b(), returned);
        return new Op.ViommuAlloc(dev, hwpt, type(s.c(), 0xdeadbeefL));
    }

    static Op vdeviceAlloc(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        return new Op.VdeviceAlloc(RandomOpsPropertyTest.id(st, ObjType.VIOMMU, s.a(), returned), viommuIdev(st, s.b(), returned), virtId(s.c()));
    }

    static Op veventqAlloc(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        long depth = switch (s.b() % 8) {
            case 0 -> 0;
            case 1 -> 0xffffffffL;
            default -> 1 + s.b() % 3;
        };
        return new Op.VeventqAlloc(RandomOpsPropertyTest.id(st, ObjType.VIOMMU, s.a(), returned), depth, type(s.c(), 0x1234L));
    }

    /** IOMMU_HW_QUEUE_ALLOC: mostly inside an area of the vIOMMU's IOAS, index 0 or 1; sometimes anything. */
    static Op hwQueueAlloc(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        long viommu = RandomOpsPropertyTest.id(st, ObjType.VIOMMU, s.a(), returned);
        long ioas = st.object(viommu) instanceof Viommu v && st.object(v.hwpt()) instanceof HwptPaging p ? p.ioas()
                : RandomOpsPropertyTest.anyIoas(st, s.a());
        Area a = RandomOpsPropertyTest.area(st, ioas, s.b());
        long base = a != null && s.c() % 4 != 0 ? a.iova() + (s.c() % 3 == 0 ? 0x800 : 0) : RandomOpsPropertyTest.iova(st, ioas, s.b(), s.r());
        long length = s.c() % 5 == 0 ? RandomOpsPropertyTest.length(st, ioas, s.d(), s.r()) : 0x100 + (s.d() % 2) * 0x1000;
        Long type = switch (s.d() % 10) {
            case 0 -> 0L;
            case 1 -> 7L;
            case 2 -> 1L;
            default -> null;
        };
        return new Op.HwQueueAlloc(viommu, type, s.b() % 4 == 0 ? s.b() % 3 : s.b() / 4 % 2, base, length);
    }

    /** IOMMU_HWPT_INVALIDATE of a vIOMMU, a nested hwpt, or anything, with a few entries. */
    static Op hwptInvalidate(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        ObjType target = s.a() % 3 == 0 ? ObjType.HWPT_NESTED : s.a() % 3 == 1 ? ObjType.VIOMMU : ObjType.values()[s.b() % ObjType.values().length];
        List<Op.InvalidationEntry> entries = new ArrayList<>();
        for (int i = 0; i < s.c() % 4; i++) {
            int c = (s.d() >> i) % 10;
            entries.add(new Op.InvalidationEntry(c == 0 ? 0xffffffffL : c % 3 == 1 ? 1 : 0, virtId(s.d() / (i + 1)), c == 9 ? 4 : c % 4));
        }
        return new Op.HwptInvalidate(RandomOpsPropertyTest.id(st, target, s.a() / 3, returned), entries);
    }

    /** A stage 1 for a nested hwpt: none (the default), abort, bypass, or translating onto what an IOAS maps. */
    static Stage1 stage1(State st, int choice) {
        return switch (choice % 5) {
            case 0 -> null;
            case 1 -> Stage1.ABORT;
            case 2 -> Stage1.BYPASS;
            default -> {
                Area a = RandomOpsPropertyTest.area(st, RandomOpsPropertyTest.anyIoas(st, choice), choice / 5);
                long gpa = a != null ? a.iova() : (long) (choice % 64) << 12;
                yield Stage1.of(Stage1.Mode.TRANSLATE, List.of(new Stage1.Range(0x10000, gpa, 0x1000, choice % 2 == 0 ? Prot.RW : Prot.R),
                        new Stage1.Range(0x20000, 0x7ff000000000L, 0x1000, Prot.RW)));
            }
        };
    }

    /**
     * What a VMM giving its guest a vIOMMU does next, given how far the state already is (the ops may still fail): a
     * nest parent for a device behind a unit with vIOMMUs, the vIOMMU, an event queue, the device's vDEVICE, a nested
     * hwpt translating onto the IOAS, the attach; then DMA through both stages (faulting at stage 1 too), a HW queue on
     * the guest's memory, an invalidation, or an unbind that takes the vDEVICE with it.
     */
    static Op towardsViommu(State st, RandomOpsPropertyTest.OpSeed s, List<Long> returned) {
        String unbound = unboundViommuDevice(st, s.a());
        if (unbound != null && onViommuUnit(st).isEmpty()) {
            return new Op.Bind(unbound);
        }
        long dev = viommuIdev(st, s.a(), returned);
        List<HwptPaging> parents = parents(st);
        if (parents.isEmpty()) {
            return new Op.HwptAlloc(dev, RandomOpsPropertyTest.anyIoas(st, s.b()), Set.of(Op.HwptFlag.NEST_PARENT));
        }
        List<Viommu> viommus = new Snapshot(st).viommus();
        if (viommus.isEmpty()) {
            return new Op.ViommuAlloc(dev, parents.get(s.b() % parents.size()).id());
        }
        // the vIOMMU furthest along for this device: the one that knows it by a vDEVICE, else the first
        Viommu v = viommus.stream().filter(x -> hasVdev(st, x.id(), dev)).findFirst().orElse(viommus.get(0));
        long ioas = ((HwptPaging) st.object(v.hwpt())).ioas();
        if (RandomOpsPropertyTest.areas(st, ioas).isEmpty()) {
            return new Op.IoasMap(ioas, 0x4000, null, Prot.RW, null);
        }
        if (st.objects().values().stream().noneMatch(o -> o instanceof Veventq q && q.viommu() == v.id())) {
            return new Op.VeventqAlloc(v.id(), 1 + s.c() % 2);
        }
        if (!hasVdev(st, v.id(), dev)) {
            return new Op.VdeviceAlloc(v.id(), dev, virtId(s.c()));
        }
        List<HwptNested> nested = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof HwptNested n && n.viommu() == v.id()) {
                nested.add(n);
            }
        }
        if (nested.isEmpty()) {
            Area a = RandomOpsPropertyTest.area(st, ioas, s.c());
            return new Op.HwptAlloc(dev, v.id(), Set.of(), null, Stage1.of(Stage1.Mode.TRANSLATE,
                    List.of(new Stage1.Range(0x10000, a.iova(), 0x1000, Prot.RW))));
        }
        IGroup ig = st.object(dev) instanceof Idev idev ? st.igroups().get(idev.groupId()) : null;
        HwptNested n = nested.stream().filter(x -> ig != null && ig.hwpt() == x.id()).findFirst().orElse(nested.get(s.c() % nested.size()));
        if (ig == null || ig.hwpt() != n.id()) {
            return new Op.Attach(dev, n.id());
        }
        return switch (s.d() % 10) {
            case 0 -> new Op.Unbind(dev);
            case 1, 2 -> {
                Area a = RandomOpsPropertyTest.area(st, ioas, s.c());
                yield new Op.HwQueueAlloc(v.id(), null, s.c() % 2, a.iova(), 0x100);
            }
            case 3 -> new Op.HwptInvalidate(v.id(), List.of(new Op.InvalidationEntry(0, virtId(s.c()), s.c() % 4)));
            default -> new Op.Dma(null, dev, s.d() % 3 == 0 ? 0x30000 : 0x10000 + (s.r() & 0xfff), s.r() < 0 ? Op.Access.WRITE : Op.Access.READ);
        };
    }

    private static boolean hasVdev(State st, int viommu, long dev) {
        return st.objects().values().stream().anyMatch(o -> o instanceof Vdevice vd && vd.viommu() == viommu && vd.idev() == dev);
    }

    private static List<HwptPaging> parents(State st) {
        List<HwptPaging> out = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof HwptPaging p && p.nestParent()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Mostly the driver's own type (null), else the default type 0 or another number. */
    private static Long type(int choice, long other) {
        return switch (choice % 8) {
            case 0 -> 0L;
            case 1 -> other;
            default -> null;
        };
    }

    private static long virtId(int choice) {
        return switch (choice % 6) {
            case 0 -> 0;
            case 5 -> 0xffffffffL;
            default -> 8 + choice % 3;
        };
    }

    /** An idev behind a unit that can nest and has vIOMMUs, or any idev. */
    static long viommuIdev(State st, int choice, List<Long> returned) {
        List<Integer> on = onViommuUnit(st);
        return on.isEmpty() || choice % 7 == 0 ? RandomOpsPropertyTest.id(st, ObjType.DEVICE, choice, returned) : on.get(choice % on.size());
    }

    private static List<Integer> onViommuUnit(State st) {
        List<Integer> on = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Idev i && viommuUnit(st, i.groupId())) {
                on.add(i.id());
            }
        }
        return on;
    }

    private static boolean viommuUnit(State st, int groupId) {
        return st.topology().group(groupId).flatMap(g -> st.topology().iommu(g.iommu()))
                .map(u -> u.caps().contains(IommuCap.VIOMMU) && u.caps().contains(IommuCap.NESTING)).orElse(false);
    }

    /** A vfio-pci device behind such a unit that is not bound yet, or null. */
    private static String unboundViommuDevice(State st, int choice) {
        List<String> names = new ArrayList<>();
        for (var d : st.topology().devices().values()) {
            if (!d.onKernelDriver() && !st.boundDevices().containsKey(d.name()) && viommuUnit(st, d.groupId())) {
                names.add(d.name());
            }
        }
        return names.isEmpty() ? null : names.get(choice % names.size());
    }
}
