package org.iommuscope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Step;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.iopt.Area;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IOMMU_IOAS_MAP then IOMMU_IOAS_UNMAP of one fixed 4 KiB IOVA in an IOAS already holding N areas, with
 * one attached device so that every map and unmap also fills and unfills a domain. The area tree should
 * make this O(log N); {@link #linearScanOverlapQuery} is what a list of areas would cost for the one
 * overlap query both ops start with (iopt_area_iter_first), and {@link #areaTreeOverlapQuery} the same
 * query on the tree.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class IoasMapUnmapBenchmark {
    static final long PAGE = 0x1000;
    /** The areas start here, one page apart, below the x86 MSI window. */
    static final long FIRST_IOVA = 0x10000000L;

    @Param({"1000", "10000", "100000"})
    public int areas;

    private State withAreas;
    private long ioas;
    private long freeIova;
    private Op.IoasMap map;
    private Op.IoasUnmap unmap;
    private List<Area> areaList;

    @Setup(Level.Trial)
    public void buildTheIoas() {
        Topology machine = new Topology(PAGE, List.of(new Iommu("dmar0", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL,
                Set.of(IommuCap.DIRTY_TRACKING))),
                List.of(new GroupSpec(11, "dmar0", DomainType.DMA, List.of(new PciDevice("0000:3b:00.0", 11, PciDevice.VFIO_PCI,
                        List.of(new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI)), Set.of())))));
        State s = Kernel.boot(machine, Profile.V6_15);
        Step bind = ok(s, new Op.Bind("0000:3b:00.0"));
        long idev = ((Number) bind.result().output("id")).longValue();
        Step alloc = ok(bind.after(), new Op.IoasAlloc());
        ioas = ((Number) alloc.result().output("id")).longValue();
        s = ok(alloc.after(), new Op.Attach(idev, ioas)).after();
        // A hole in the middle of the run of areas: the IOVA the benchmark maps and unmaps.
        freeIova = FIRST_IOVA + (areas / 2) * PAGE;
        for (int i = 0; i <= areas; i++) {
            long iova = FIRST_IOVA + i * PAGE;
            if (iova != freeIova) {
                s = ok(s, new Op.IoasMap(ioas, PAGE, iova, Prot.RW, null)).after();
            }
        }
        withAreas = s;
        map = new Op.IoasMap(ioas, PAGE, freeIova, Prot.RW, null);
        unmap = new Op.IoasUnmap(ioas, freeIova, PAGE);
        areaList = new ArrayList<>(((Ioas) s.object(ioas)).iopt().areas().values());
        if (areaList.size() != areas) {
            throw new IllegalStateException(areaList.size() + " areas, wanted " + areas);
        }
        Step roundTrip = ok(ok(withAreas, map).after(), unmap);
        if (!roundTrip.result().ok()) {
            throw new IllegalStateException("map/unmap round trip failed: " + roundTrip.result().reason());
        }
    }

    private static Step ok(State s, Op op) {
        Step step = Kernel.apply(s, op);
        if (!step.result().ok()) {
            throw new IllegalStateException(op + ": " + step.result().outcome() + " " + step.result().reason());
        }
        return step;
    }

    @Benchmark
    public State mapThenUnmap() {
        return Kernel.apply(Kernel.apply(withAreas, map).after(), unmap).after();
    }

    @Benchmark
    public Area areaTreeOverlapQuery() {
        return ((Ioas) withAreas.object(ioas)).iopt().areaIterFirst(freeIova, freeIova + PAGE - 1);
    }

    /** The same overlap query, answered by looking at every area. */
    @Benchmark
    public Area linearScanOverlapQuery() {
        long first = freeIova;
        long last = freeIova + PAGE - 1;
        Area hit = null;
        for (Area a : areaList) {
            if (Unsigned.intersects(a.iova(), a.last(), first, last) && (hit == null || Unsigned.lt(a.iova(), hit.iova()))) {
                hit = a;
            }
        }
        return hit;
    }
}
