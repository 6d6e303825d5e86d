package org.iommuscope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.Snapshot;
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
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.Profile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The timeline keeps the state after every step, and the state is the snapshot: taking one is applying
 * the op and holding on to what it returned. Measured on a large machine: 1,000 devices in 500
 * two-function groups behind 4 units, all bound, 750 attached to two IOASes (100,000 areas in one,
 * 1,000 in the other), and some groups moved by a sibling's replace so that idevs have diverged.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class SnapshotBenchmark {
    static final int GROUPS = 500;
    static final int BIG_AREAS = 100_000;
    static final int SMALL_AREAS = 1_000;
    static final long PAGE = 0x1000;
    static final long FIRST_IOVA = 0x10000000L;
    /** How many snapshots the benchmark keeps alive, as a timeline would. */
    static final int KEPT = 1024;

    private State machine;
    private Op.IoasMap cheapMap;
    private Op.Dma cheapDma;
    private final State[] timeline = new State[KEPT];
    private int next;

    @Setup(Level.Trial)
    public void buildTheMachine() {
        List<Iommu> units = new ArrayList<>();
        for (int u = 0; u < 4; u++) {
            units.add(new Iommu("dmar" + u, Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL, Set.of(IommuCap.DIRTY_TRACKING, IommuCap.NESTING)));
        }
        List<GroupSpec> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            int id = 100 + g;
            groups.add(new GroupSpec(id, "dmar" + g % 4, DomainType.DMA, List.of(function(g, 0, id), function(g, 1, id))));
        }
        State s = Kernel.boot(new Topology(PAGE, units, groups), Profile.V6_15);

        Step bigIoas = ok(s, new Op.IoasAlloc());
        Step smallIoas = ok(bigIoas.after(), new Op.IoasAlloc());
        long big = id(bigIoas, "id");
        long small = id(smallIoas, "id");
        s = smallIoas.after();
        long[][] idevs = new long[GROUPS][2];
        for (int g = 0; g < GROUPS; g++) {
            for (int fn = 0; fn < 2; fn++) {
                Step bind = ok(s, new Op.Bind(name(g, fn)));
                idevs[g][fn] = id(bind, "id");
                s = bind.after();
            }
        }
        // Three groups in four attached, both functions, to the big or the small IOAS's auto hwpt.
        for (int g = 0; g < GROUPS; g++) {
            if (g % 4 != 3) {
                for (int fn = 0; fn < 2; fn++) {
                    s = ok(s, new Op.Attach(idevs[g][fn], g % 2 == 0 ? big : small)).after();
                }
            }
        }
        // A manual hwpt on the small IOAS; one group in 40 is moved there by fn0's replace, leaving fn1 diverged.
        Step manual = ok(s, new Op.HwptAlloc(idevs[1][0], small, Set.of()));
        long manualHwpt = id(manual, "id");
        s = manual.after();
        for (int g = 0; g < GROUPS; g += 40) {
            s = ok(s, new Op.Replace(idevs[g][0], manualHwpt)).after();
        }
        for (int i = 0; i < BIG_AREAS; i++) {
            s = ok(s, new Op.IoasMap(big, PAGE, FIRST_IOVA + i * PAGE, Prot.RW, null)).after();
        }
        for (int i = 0; i < SMALL_AREAS; i++) {
            s = ok(s, new Op.IoasMap(small, PAGE, FIRST_IOVA + i * PAGE, Prot.RW, null)).after();
        }
        machine = s;
        checkSize(big, small);
        cheapMap = new Op.IoasMap(big, PAGE, FIRST_IOVA + BIG_AREAS * PAGE, Prot.RW, null);
        cheapDma = new Op.Dma(name(0, 1), null, FIRST_IOVA, Op.Access.READ);
        ok(machine, cheapMap);
        ok(machine, cheapDma);
    }

    private void checkSize(long big, long small) {
        int bigAreas = ((Ioas) machine.object(big)).iopt().areas().size();
        int smallAreas = ((Ioas) machine.object(small)).iopt().areas().size();
        int bound = machine.boundDevices().size();
        int diverged = new Snapshot(machine).divergedIdevs().size();
        if (bigAreas != BIG_AREAS || smallAreas != SMALL_AREAS || bound != 2 * GROUPS || diverged == 0) {
            throw new IllegalStateException(Map.of("big", bigAreas, "small", smallAreas, "bound", bound, "diverged", diverged).toString());
        }
    }

    private static PciDevice function(int g, int fn, int groupId) {
        return new PciDevice(name(g, fn), groupId, PciDevice.VFIO_PCI, List.of(new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI)),
                Set.of());
    }

    private static String name(int g, int fn) {
        return String.format("0000:%02x:%02x.%d", 1 + g / 32, g % 32, fn);
    }

    private static long id(Step step, String output) {
        return ((Number) step.result().output(output)).longValue();
    }

    private static Step ok(State s, Op op) {
        Step step = Kernel.apply(s, op);
        if (!step.result().ok()) {
            throw new IllegalStateException(op + ": " + step.result().outcome() + " " + step.result().reason());
        }
        return step;
    }

    private State keep(State snapshot) {
        timeline[next++ & (KEPT - 1)] = snapshot;
        return snapshot;
    }

    /** One 4 KiB ioas_map into the 100,000-area IOAS (its domain filled too), and the state after it kept. */
    @Benchmark
    public State mapStepKeptAsSnapshot() {
        return keep(Kernel.apply(machine, cheapMap).after());
    }

    /** A DMA read through a group's domain: the cheapest step there is, and the state after it kept. */
    @Benchmark
    public State dmaStepKeptAsSnapshot() {
        return keep(Kernel.apply(machine, cheapDma).after());
    }

    @Benchmark
    public List<Integer> divergedIdevs() {
        return new Snapshot(machine).divergedIdevs();
    }

    @Benchmark
    public Map<Integer, String> divergenceExplanations() {
        return new Snapshot(machine).explanations();
    }
}
