package org.iommuscope.engine;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.iommufd.AttachModel;
import org.iommuscope.engine.iommufd.Fault;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.KernelRelease;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.ObjType;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.IovaRange;
import org.pcollections.TreePMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random machines driven by random op sequences, mostly on the IDs earlier ops returned, sometimes on
 * stale, zero or made-up ones, with IOVAs and lengths from tidy to absurd. Whatever user space does, the
 * engine answers with an errno rather than an exception, keeps every consistency rule after every op
 * (among them: the PASID table matches the group's, dirty bits lie only within mapped areas, page requests
 * wait only on live fault objects; a vIOMMU holds its parent, a vDEVICE its vIOMMU and idev, a HW queue the
 * areas it pinned), a tombstoned ID is never handed out again, and a refused op changes nothing but the step
 * counter, unless the kernel itself does not unwind it (unmap's ENOENT and EBUSY; the v2 patch's attach error
 * paths). A DMA changes nothing but the dirty bits a write sets, the page request a PRI device queues and the
 * vEVENT a stage-1 fault queues.
 */
@AddLifecycleHook(value = RandomOpsPropertyTest.TriesAndOpCount.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class RandomOpsPropertyTest {
    private static final Logger LOG = LoggerFactory.getLogger(RandomOpsPropertyTest.class);

    static final int TRIES = Integer.getInteger("iommuscope.property.tries", 200);
    static final int MIN_OPS = 50;
    static final int MAX_OPS = 150;
    static final ReservedRegion MSI = new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI);
    static final String UNKNOWN_DEVICE = "0000:ff:1f.7";

    /** Ops applied in the current property, for the closing count. */
    private static final AtomicLong OPS_APPLIED = new AtomicLong();
    /** What the current property's release can do and its sequences must reach at least once, by name. */
    private static final Map<String, Predicate<Event>> WANTED = new ConcurrentHashMap<>();
    /** How many sequences reached each wanted effect. */
    private static final Map<String, Integer> REACHED = new ConcurrentHashMap<>();

    /** v6.15. */
    @Property
    void currentKernelKeepsEveryRuleWhateverUserSpaceDoes(@ForAll("machines") Topology machine, @ForAll("opSeeds") List<OpSeed> seeds) {
        run(machine, Profile.V6_15, seeds);
    }

    /** v6.12.y: the replace fix and the fault rules of its stable branch, no PASID attach. */
    @Property
    void ltsKernelOf2024KeepsEveryRuleWhateverUserSpaceDoes(@ForAll("machines") Topology machine, @ForAll("opSeeds") List<OpSeed> seeds) {
        run(machine, Profile.V6_12, seeds);
    }

    /** v6.18.y. */
    @Property
    void ltsKernelOf2025KeepsEveryRuleWhateverUserSpaceDoes(@ForAll("machines") Topology machine, @ForAll("opSeeds") List<OpSeed> seeds) {
        run(machine, Profile.V6_18, seeds);
    }

    /** v6.19: v6.18 with the arm-smmu-v3 relaxation, abort and bypass nested domains attach without a vDEVICE. */
    @Property
    void kernelWithTheGbpaRelaxationKeepsEveryRuleWhateverUserSpaceDoes(@ForAll("machines") Topology machine,
                                                                       @ForAll("opSeeds") List<OpSeed> seeds) {
        run(machine, Profile.V6_19, seeds);
    }

    /** v6.6, where replace of a bound but unattached device is not refused. */
    @Property
    void kernelBeforeTheReplaceFixKeepsEveryRuleWhateverUserSpaceDoes(@ForAll("machines") Topology machine, @ForAll("opSeeds") List<OpSeed> seeds) {
        run(machine, Profile.V6_6, seeds);
    }

    /** v2's known-broken group rules are divergences, not violations: the remaining rules still hold. */
    @Property
    @AddLifecycleHook(OnlyOnceTheV2ModelExists.class)
    void v2PatchKeepsEveryNonGroupRuleWhateverUserSpaceDoes(@ForAll("machines") Topology machine,
                                                            @ForAll("opSeeds") List<OpSeed> seeds) {
        run(machine, Profile.V2_PATCH, seeds);
    }

    // ---- the property -----------------------------------------------------------------------------------

    private static void run(Topology machine, Profile profile, List<OpSeed> seeds) {
        WANTED.putAll(reachable(KernelRelease.of(profile)));
        State state = Kernel.boot(machine, profile);
        assertHolds(Invariants.check(state).violations().isEmpty(), "at boot: " + Invariants.check(state).violations(), machine, profile, List.of());
        List<Long> returned = new ArrayList<>();
        List<String> history = new ArrayList<>();
        Set<String> reachedHere = new TreeSet<>();
        for (int i = 0; i < seeds.size(); i++) {
            Op op = opFor(seeds.get(i), state, returned);
            Step step;
            try {
                step = Kernel.apply(state, op);
            } catch (RuntimeException | StackOverflowError e) {
                throw failure("op #" + i + " " + java(op) + " threw " + e, machine, profile, history, e);
            }
            OPS_APPLIED.incrementAndGet();
            State after = step.after();
            Result r = step.result();
            history.add(java(op) + "  // " + r.outcome() + (r.reason().isEmpty() ? "" : ": " + r.reason()));
            assertHolds(after.step() == state.step() + 1, "op #" + i + " moved the step counter from " + state.step() + " to "
                    + after.step(), machine, profile, history);
            assertHolds(after.tombstones().containsAll(state.tombstones()), "op #" + i + " " + java(op) + " freed a tombstoned ID: "
                    + state.tombstones() + " → " + after.tombstones(), machine, profile, history);
            List<String> violations = Invariants.check(after).violations();
            assertHolds(violations.isEmpty(), "op #" + i + " " + java(op) + " broke " + violations, machine, profile, history);
            if (r.errno() != null && !keepsWhatTheKernelLeavesBehind(profile, op, r.errno())) {
                assertHolds(sameBesidesStep(state, after), "op #" + i + " " + java(op) + " failed with " + r.errno()
                        + " yet changed " + changedParts(state, after), machine, profile, history);
            }
            if (op instanceof Op.IoasIovaRanges || op instanceof Op.HwInfo
                    || op instanceof Op.GetDirtyBitmap g && g.noClear()) {
                assertHolds(sameBesidesStep(state, after), "op #" + i + " " + java(op) + " only asks, yet changed "
                        + changedParts(state, after), machine, profile, history);
            }
            if (op instanceof Op.Dma dma) {
                assertHolds(sameBesidesStep(state, withoutDmaTraces(state, after)), "op #" + i + " " + java(op)
                        + " changed more than dirty bits and page requests: " + changedParts(state, after), machine, profile, history);
                assertHolds(dma.access() == Op.Access.WRITE || dirtyLeaves(after).equals(dirtyLeaves(state)),
                        "op #" + i + " " + java(op) + " is a read, yet set dirty bits", machine, profile, history);
                int queued = pendingRequests(after) - pendingRequests(state);
                assertHolds(queued == 0 || queued == 1 && r.fault(), "op #" + i + " " + java(op) + " queued " + queued
                        + " page requests (at most one, and only for a DMA that faults)", machine, profile, history);
            }
            try {
                new Snapshot(after).explanations();
            } catch (RuntimeException e) {
                throw failure("after op #" + i + " " + java(op) + " the snapshot queries threw " + e, machine, profile, history, e);
            }
            rememberReturnedIds(r, returned);
            for (Map.Entry<String, Predicate<Event>> w : WANTED.entrySet()) {
                if (r.events().stream().anyMatch(w.getValue())) {
                    reachedHere.add(w.getKey());
                }
            }
            state = after;
        }
        reachedHere.forEach(w -> REACHED.merge(w, 1, Integer::sum));
    }

    /** The effects of the new uAPI that random sequences must reach under a release that has it. */
    private static Map<String, Predicate<Event>> reachable(KernelRelease release) {
        Map<String, Predicate<Event>> out = new TreeMap<>();
        if (release.has(KernelRelease.Rule.PASID_ATTACH)) {
            out.put("a PASID attached", e -> e instanceof Event.DeviceAttached a && a.pasid() > 0);
        }
        if (release.has(KernelRelease.Ioctl.HWPT_SET_DIRTY_TRACKING)) {
            out.put("a page dirtied", e -> e instanceof Event.PageDirtied);
            out.put("a dirty bitmap with dirty pages read", e -> e instanceof Event.DirtyRead d && d.runs() > 0);
        }
        if (release.has(KernelRelease.Ioctl.FAULT_QUEUE_ALLOC)) {
            out.put("a page request queued", e -> e instanceof Event.PageRequestQueued);
        }
        if (release.has(KernelRelease.Ioctl.VIOMMU_ALLOC)) {
            out.put("a vDEVICE allocated", e -> e instanceof Event.ObjectCreated c && c.type() == ObjType.VDEVICE);
            out.put("a DMA translated through two stages", e -> e instanceof Event.DmaTranslated t && t.gpa() != null);
            out.put("a stage-1 fault queued as a vEVENT", e -> e instanceof Event.VeventQueued q && !q.lost());
        }
        if (release.has(KernelRelease.Ioctl.HW_QUEUE_ALLOC)) {
            out.put("a HW queue allocated", e -> e instanceof Event.ObjectCreated c && c.type() == ObjType.HW_QUEUE);
        }
        if (release.has(KernelRelease.Rule.VDEVICE_DIES_WITH_IDEV)) {
            out.put("a vDEVICE tombstoned", e -> e instanceof Event.ObjectTombstoned);
        }
        return out;
    }

    /**
     * The refusals the kernel does not unwind: unmap's ENOENT after it removed the areas below the one it
     * cannot split; and in the v2 patch, attach (replace is the same call there) whose v6.2 error paths
     * leave a leaked reference, a group's domain or dropped reserved ranges behind.
     */
    private static boolean keepsWhatTheKernelLeavesBehind(Profile profile, Op op, Errno errno) {
        return op instanceof Op.IoasUnmap && (errno == Errno.ENOENT || errno == Errno.EBUSY)
                || profile == Profile.V2_PATCH && (op instanceof Op.Attach || op instanceof Op.Replace);
    }

    private static void rememberReturnedIds(Result r, List<Long> returned) {
        for (String key : List.of("id", "pt_id")) {
            if (r.ok() && r.output(key) instanceof Number n && !returned.contains(n.longValue())) {
                returned.add(n.longValue());
            }
        }
    }

    /**
     * {@code after} with what a DMA may leave undone: each domain's page table as before when only its dirty bits
     * differ, each fault object's queue as before.
     */
    private static State withoutDmaTraces(State before, State after) {
        TreePMap<Integer, Domain> domains = after.domains();
        for (Domain a : after.domains().values()) {
            Domain b = before.domains().get(a.id());
            if (b != null && a.pageTable() != b.pageTable() && a.pageTable().runs().equals(b.pageTable().runs())
                    && a.pageTable().mappedBytes() == b.pageTable().mappedBytes()) {
                domains = domains.plus(a.id(), a.withPageTable(b.pageTable()));
            }
        }
        TreePMap<Integer, IommufdObject> objects = after.objects();
        for (IommufdObject o : after.objects().values()) {
            if (o instanceof Fault f && before.objects().get(f.id()) instanceof Fault was) {
                objects = objects.plus(f.id(), f.withPending(was.pending()));
            } else if (o instanceof Veventq q && before.objects().get(q.id()) instanceof Veventq was) {
                objects = objects.plus(q.id(), q.withEvents(was.events(), was.lostEvents(), was.sequence()));
            }
        }
        return new State(after.topology(), after.profile(), after.step(), after.groups(), domains, after.nextDomainId(), after.memory(),
                objects, after.igroups(), after.boundDevices(), after.recorded(), after.tombstones());
    }

    private static List<String> dirtyLeaves(State s) {
        List<String> out = new ArrayList<>();
        for (Domain d : s.domains().values()) {
            if (d.pageTable() != null) {
                d.pageTable().dirtyLeaves().forEach(l -> out.add(d.id() + ":" + l));
            }
        }
        return out;
    }

    private static int pendingRequests(State s) {
        int n = 0;
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Fault f) {
                n += f.pending().size();
            }
        }
        return n;
    }

    private static boolean sameBesidesStep(State before, State after) {
        return after.withStep(before.step()).equals(before);
    }

    private static List<String> changedParts(State a, State b) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : State.class.getRecordComponents()) {
            if (!c.getName().equals("step") && !java.util.Objects.equals(component(c, a), component(c, b))) {
                out.add(c.getName());
            }
        }
        return out;
    }

    private static void assertHolds(boolean ok, String what, Topology machine, Profile profile, List<String> history) {
        if (!ok) {
            throw failure(what, machine, profile, history, null);
        }
    }

    private static AssertionError failure(String what, Topology machine, Profile profile, List<String> history, Throwable cause) {
        StringBuilder sb = new StringBuilder(what).append("\nunder ").append(profile).append(" on\n  ").append(java(machine))
                .append("\nops applied:");
        // Shrinking keeps the sequence at its minimum length with repeats of one refused op: show a run once.
        for (int i = 0; i < history.size(); ) {
            int end = i;
            while (end + 1 < history.size() && history.get(end + 1).equals(history.get(i))) {
                end++;
            }
            sb.append("\n  #").append(i).append(end > i ? "..#" + end + " (" + (end - i + 1) + " times)" : "").append(' ')
                    .append(history.get(i));
            i = end + 1;
        }
        return new AssertionError(sb.toString(), cause);
    }

    // ---- machines ---------------------------------------------------------------------------------------

    /** A device before it has a name and a group. */
    record DeviceDraft(List<ReservedRegion> reserved, Set<DeviceQuirk> quirks, boolean kernelDriver, int pasidWidth) {
    }

    record GroupDraft(int unit, DomainType defaultType, List<DeviceDraft> devices) {
    }

    @Provide
    Arbitrary<Topology> machines() {
        Arbitrary<List<Iommu>> units = iommus().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<GroupDraft>> groups = groupDrafts().list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(units, groups).as(RandomOpsPropertyTest::machine);
    }

    private static Topology machine(List<Iommu> units, List<GroupDraft> drafts) {
        List<Iommu> named = IntStream.range(0, units.size()).mapToObj(i -> {
            Iommu u = units.get(i);
            return new Iommu("iommu" + i, u.pgsizeBitmap(), u.apertureStart(), u.apertureLast(), u.caps());
        }).toList();
        List<GroupSpec> groups = new ArrayList<>();
        for (int g = 0; g < drafts.size(); g++) {
            GroupDraft d = drafts.get(g);
            int id = 10 + g;
            List<PciDevice> devices = new ArrayList<>();
            for (int fn = 0; fn < d.devices().size(); fn++) {
                DeviceDraft dd = d.devices().get(fn);
                // a kernel driver only ever sits on a sibling, so every group keeps a vfio-pci device to bind
                String driver = dd.kernelDriver() && fn > 0 ? "e1000e" : PciDevice.VFIO_PCI;
                devices.add(new PciDevice(String.format("0000:%02x:00.%d", g + 1, fn), id, driver, dd.reserved(), dd.quirks(),
                        PciDevice.VFIO_PCI.equals(driver), dd.pasidWidth()));
            }
            groups.add(new GroupSpec(id, named.get(d.unit() % named.size()).name(), d.defaultType(), devices));
        }
        return new Topology(4096, named, groups);
    }

    private Arbitrary<Iommu> iommus() {
        Arbitrary<Long> pgsizes = Arbitraries.frequency(
                Tuple.of(5, Iommu.DEFAULT_PGSIZES),
                Tuple.of(2, 1L << 12),
                Tuple.of(2, (1L << 12) | (1L << 21)),
                Tuple.of(2, (1L << 12) | (1L << 16) | (1L << 21) | (1L << 25) | (1L << 30)),
                Tuple.of(1, ~0xfffL),
                Tuple.of(1, (1L << 16) | (1L << 29)));
        Arbitrary<long[]> apertures = Arbitraries.frequency(
                Tuple.of(5, new long[] {0, (1L << 48) - 1}),
                Tuple.of(2, new long[] {0, (1L << 39) - 1}),
                Tuple.of(2, new long[] {0, -1L}),
                Tuple.of(1, new long[] {0, (1L << 57) - 1}),
                Tuple.of(1, new long[] {0, 0xffffffffL}),
                Tuple.of(1, new long[] {1L << 20, (1L << 48) - 1}));
        // dirty tracking on most units, so that dirty hwpts meet devices that can use them
        Arbitrary<Set<IommuCap>> caps = Combinators.combine(Arbitraries.of(IommuCap.class).set(), Arbitraries.integers().between(0, 3))
                .as((c, d) -> {
                    Set<IommuCap> all = c.isEmpty() ? EnumSet.noneOf(IommuCap.class) : EnumSet.copyOf(c);
                    if (d > 0) {
                        all.add(IommuCap.DIRTY_TRACKING);
                    }
                    if (all.contains(IommuCap.VIOMMU)) {
                        // a driver with vIOMMUs nests (arm_smmu_get_viommu_size() needs FEAT_NESTING)
                        all.add(IommuCap.NESTING);
                    }
                    return Set.copyOf(all);
                });
        return Combinators.combine(pgsizes, apertures, caps).as((p, a, c) -> new Iommu("unnamed", p, a[0], a[1], c));
    }

    private Arbitrary<GroupDraft> groupDrafts() {
        Arbitrary<DomainType> defaults = Arbitraries.frequency(Tuple.of(9, DomainType.DMA), Tuple.of(1, DomainType.IDENTITY));
        return Combinators.combine(Arbitraries.integers().between(0, 3), defaults, deviceDrafts().list().ofMinSize(1).ofMaxSize(3))
                .as(GroupDraft::new);
    }

    private Arbitrary<DeviceDraft> deviceDrafts() {
        ReservedRegion swMsi = new ReservedRegion(0x8000000L, 0x80fffffL, ResvType.SW_MSI);
        // x86's MSI window, ARM's SW_MSI, none, or (insanely) both
        Arbitrary<List<ReservedRegion>> msi = Arbitraries.frequency(
                Tuple.of(14, List.of(MSI)), Tuple.of(3, List.of(swMsi)), Tuple.of(2, List.<ReservedRegion>of()), Tuple.of(1, List.of(MSI, swMsi)));
        Arbitrary<List<ReservedRegion>> other = Arbitraries.frequency(
                Tuple.of(12, List.<ReservedRegion>of()),
                Tuple.of(2, List.of(new ReservedRegion(0xcb000000L, 0xcb0fffffL, ResvType.DIRECT))),
                Tuple.of(2, List.of(new ReservedRegion(0xcc000000L, 0xcc0fffffL, ResvType.DIRECT_RELAXABLE))),
                Tuple.of(2, List.of(new ReservedRegion(0xfd00000000L, 0xffffffffffL, ResvType.RESERVED))));
        Arbitrary<List<ReservedRegion>> regions = Combinators.combine(msi, other).as((m, o) -> {
            List<ReservedRegion> all = new ArrayList<>(m);
            all.addAll(o);
            return List.copyOf(all);
        });
        // PRI devices (some of them VFs) often enough that fault-capable hwpts meet them
        Arbitrary<Set<DeviceQuirk>> quirks = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(Set.<DeviceQuirk>of())),
                Tuple.of(6, Arbitraries.just(Set.of(DeviceQuirk.PRI))),
                Tuple.of(1, Arbitraries.just(Set.of(DeviceQuirk.PRI, DeviceQuirk.VF))),
                Tuple.of(2, Arbitraries.of(DeviceQuirk.class).set().ofMaxSize(2)));
        Arbitrary<Boolean> kernelDriver = Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true));
        Arbitrary<Integer> pasidWidth = Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(4, 20), Tuple.of(1, 8), Tuple.of(1, 1));
        return Combinators.combine(regions, quirks, kernelDriver, pasidWidth).as(DeviceDraft::new);
    }

    // ---- op sequences -----------------------------------------------------------------------------------

    enum Kind {
        BIND, UNBIND, IOAS_ALLOC, IOAS_MAP, IOAS_UNMAP, IOAS_COPY, IOAS_ALLOW_IOVAS, IOAS_IOVA_RANGES, HWPT_ALLOC, ATTACH,
        REPLACE, DETACH, DESTROY, ADD_RESERVED, DMA, HW_INFO, SET_DIRTY_TRACKING, GET_DIRTY_BITMAP, FAULT_ALLOC, CLOSE,
        /** The next step of a VMM tracking dirty pages: a dirty-tracking hwpt, attached, tracking on, mapped, written. */
        TOWARDS_DIRTY,
        /** The next step of a VMM taking I/O page faults: a fault object, a hwpt with it, attached, a faulting DMA. */
        TOWARDS_FAULT,
        /** The next step of a VMM giving a process a PASID: PASID-compatible hwpts, the RID on one, a PASID attached. */
        TOWARDS_PASID,
        VIOMMU_ALLOC, VDEVICE_ALLOC, VEVENTQ_ALLOC, HW_QUEUE_ALLOC, HWPT_INVALIDATE,
        /** The next step of a VMM giving its guest a vIOMMU: parent, vIOMMU, event queue, vDEVICE, stage 1, attach, DMA. */
        TOWARDS_VIOMMU
    }

    /**
     * One op to be, as raw choices; {@link #opFor} turns it into an {@link Op} against the state it will meet,
     * so that it can name objects earlier ops created. Small choices mean the plain case, so a shrunk
     * failure reads plainly.
     */
    record OpSeed(Kind kind, int a, int b, int c, int d, long r) {
    }

    @Provide
    Arbitrary<List<OpSeed>> opSeeds() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(6, Kind.BIND), Tuple.of(3, Kind.UNBIND), Tuple.of(4, Kind.IOAS_ALLOC), Tuple.of(16, Kind.IOAS_MAP),
                Tuple.of(8, Kind.IOAS_UNMAP), Tuple.of(5, Kind.IOAS_COPY), Tuple.of(3, Kind.IOAS_ALLOW_IOVAS),
                Tuple.of(2, Kind.IOAS_IOVA_RANGES), Tuple.of(8, Kind.HWPT_ALLOC), Tuple.of(12, Kind.ATTACH),
                Tuple.of(6, Kind.REPLACE), Tuple.of(4, Kind.DETACH), Tuple.of(5, Kind.DESTROY), Tuple.of(2, Kind.ADD_RESERVED),
                Tuple.of(8, Kind.DMA), Tuple.of(1, Kind.HW_INFO), Tuple.of(3, Kind.SET_DIRTY_TRACKING), Tuple.of(3, Kind.GET_DIRTY_BITMAP),
                Tuple.of(2, Kind.FAULT_ALLOC), Tuple.of(1, Kind.CLOSE), Tuple.of(10, Kind.TOWARDS_DIRTY), Tuple.of(6, Kind.TOWARDS_FAULT),
                Tuple.of(9, Kind.TOWARDS_PASID), Tuple.of(2, Kind.VIOMMU_ALLOC), Tuple.of(2, Kind.VDEVICE_ALLOC), Tuple.of(1, Kind.VEVENTQ_ALLOC),
                Tuple.of(2, Kind.HW_QUEUE_ALLOC), Tuple.of(1, Kind.HWPT_INVALIDATE), Tuple.of(14, Kind.TOWARDS_VIOMMU));
        Arbitrary<Integer> choice = Arbitraries.integers().between(0, 9_999);
        return Combinators.combine(kinds, choice, choice, choice, choice, Arbitraries.longs())
                .as(OpSeed::new).list().ofMinSize(MIN_OPS).ofMaxSize(MAX_OPS)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    static Op opFor(OpSeed s, State st, List<Long> returned) {
        // Two times in three, an op that needs an object nobody has made yet makes it first, as a VMM would.
        boolean makeFirst = s.d() % 3 != 0;
        boolean needsIoas = EnumSet.of(Kind.IOAS_MAP, Kind.IOAS_UNMAP, Kind.IOAS_COPY, Kind.IOAS_ALLOW_IOVAS, Kind.IOAS_IOVA_RANGES,
                Kind.ADD_RESERVED, Kind.ATTACH, Kind.HWPT_ALLOC, Kind.TOWARDS_DIRTY, Kind.TOWARDS_FAULT, Kind.TOWARDS_PASID,
                Kind.TOWARDS_VIOMMU).contains(s.kind());
        boolean needsIdev = EnumSet.of(Kind.UNBIND, Kind.HWPT_ALLOC, Kind.ATTACH, Kind.REPLACE, Kind.DETACH, Kind.DMA, Kind.HW_INFO,
                Kind.TOWARDS_DIRTY, Kind.TOWARDS_FAULT, Kind.TOWARDS_PASID, Kind.VIOMMU_ALLOC, Kind.TOWARDS_VIOMMU).contains(s.kind());
        if (makeFirst && needsIdev && st.boundDevices().isEmpty()) {
            return new Op.Bind(unboundDeviceName(st, s.a()));
        }
        if (makeFirst && needsIoas && st.objects().values().stream().noneMatch(o -> o instanceof Ioas)) {
            return new Op.IoasAlloc();
        }
        return switch (s.kind()) {
            case BIND -> new Op.Bind(s.b() % 4 == 0 ? deviceName(st, s.a()) : unboundDeviceName(st, s.a()));
            case UNBIND -> new Op.Unbind(id(st, ObjType.DEVICE, s.a(), returned));
            case IOAS_ALLOC -> new Op.IoasAlloc();
            case IOAS_MAP -> {
                long ioas = id(st, ObjType.IOAS, s.a(), returned);
                Long iova = s.b() % 5 < 2 ? null : iova(st, ioas, s.b() / 5, s.r());
                yield new Op.IoasMap(ioas, length(st, ioas, s.c(), s.r()), iova, prot(s.d() % 20), userVa(st, s.d() / 20, s.r()));
            }
            case IOAS_UNMAP -> unmap(st, s, returned);
            case IOAS_COPY -> {
                long src = id(st, ObjType.IOAS, s.a(), returned);
                long dst = id(st, ObjType.IOAS, s.a() / 7 + s.d(), returned);
                Area a = area(st, src, s.b());
                long srcIova;
                long length;
                if (a != null && s.c() % 3 != 0) {
                    srcIova = a.iova();
                    length = s.c() % 3 == 1 ? a.length() : Math.max(0x1000, a.length() / 2);
                } else {
                    srcIova = iova(st, src, s.b(), s.r());
                    length = length(st, src, s.c(), s.r());
                }
                Long dstIova = s.d() % 2 == 0 ? null : iova(st, dst, s.d() / 2, s.r() >>> 7);
                yield new Op.IoasCopy(src, srcIova, length, dst, dstIova, prot(s.d() % 20));
            }
            case IOAS_ALLOW_IOVAS -> new Op.IoasAllowIovas(id(st, ObjType.IOAS, s.a(), returned), allowedRanges(s));
            case IOAS_IOVA_RANGES -> new Op.IoasIovaRanges(id(st, ObjType.IOAS, s.a(), returned),
                    s.b() % 2 == 0 ? null : (long) (s.b() / 2 % 4));
            case HWPT_ALLOC -> hwptAlloc(st, s, returned);
            case ATTACH -> new Op.Attach(id(st, ObjType.DEVICE, s.a(), returned),
                    s.d() / 3 % 3 == 0 ? trackingOrFaultingHwpt(st, s.b(), returned) : id(st, ptType(s.b()), s.b() / 20, returned),
                    pasid(s.c()));
            case REPLACE -> new Op.Replace(s.c() % 4 == 0 ? id(st, ObjType.DEVICE, s.a(), returned) : attachedIdev(st, s.a(), returned),
                    id(st, ptType(s.b()), s.b() / 20, returned), pasid(s.d()));
            case DETACH -> new Op.Detach(id(st, ObjType.DEVICE, s.a(), returned), pasid(s.c()));
            case DESTROY -> new Op.Destroy(id(st, ObjType.values()[s.b() % ObjType.values().length], s.a(), returned));
            case ADD_RESERVED -> {
                long ioas = id(st, ObjType.IOAS, s.a(), returned);
                yield new Op.AddReserved(ioas, iova(st, ioas, s.b(), s.r()), length(st, ioas, s.c(), s.r()));
            }
            case DMA -> {
                Op.Access access = s.d() % 2 == 0 ? Op.Access.READ : Op.Access.WRITE;
                long dev = s.c() % 4 == 0 ? id(st, ObjType.DEVICE, s.a(), returned)
                        : s.c() % 4 == 1 ? attachedIdev(st, s.a(), returned) : trackedOrFaultingIdev(st, s.a(), returned);
                // mostly into what the device's own IOAS maps, so that writes reach tracked pages
                Area mapped = s.c() % 3 == 0 ? null : area(st, ioasOf(st, dev, s.c()), s.b());
                long iova = mapped != null ? mapped.iova() + Math.floorMod(s.r(), mapped.length())
                        : iova(st, s.c() % 3 == 0 ? anyIoas(st, s.c()) : ioasOf(st, dev, s.c()), s.b(), s.r());
                Long pasid = s.d() / 2 % 3 == 0 ? pasid(s.d() / 6) : null;
                yield s.c() % 5 < 2 ? new Op.Dma(deviceName(st, s.a()), null, iova, access, pasid) : new Op.Dma(null, dev, iova, access, pasid);
            }
            case HW_INFO -> new Op.HwInfo(id(st, ObjType.DEVICE, s.a(), returned));
            case SET_DIRTY_TRACKING -> new Op.SetDirtyTracking(s.c() % 4 == 0 ? id(st, ObjType.HWPT_PAGING, s.a(), returned)
                    : dirtyHwpt(st, s.a(), returned), s.b() % 3 != 0);
            case GET_DIRTY_BITMAP -> getDirtyBitmap(st, s, returned);
            case FAULT_ALLOC -> new Op.FaultAlloc();
            case CLOSE -> new Op.Close(id(st, s.b() % 2 == 0 ? ObjType.FAULT : ObjType.VEVENTQ, s.a(), returned));
            case TOWARDS_DIRTY -> VmmSteps.towardsDirty(st, s, returned);
            case TOWARDS_FAULT -> VmmSteps.towardsFault(st, s, returned);
            case TOWARDS_PASID -> VmmSteps.towardsPasid(st, s, returned);
            case VIOMMU_ALLOC -> ViommuSteps.viommuAlloc(st, s, returned);
            case VDEVICE_ALLOC -> ViommuSteps.vdeviceAlloc(st, s, returned);
            case VEVENTQ_ALLOC -> ViommuSteps.veventqAlloc(st, s, returned);
            case HW_QUEUE_ALLOC -> ViommuSteps.hwQueueAlloc(st, s, returned);
            case HWPT_INVALIDATE -> ViommuSteps.hwptInvalidate(st, s, returned);
            case TOWARDS_VIOMMU -> ViommuSteps.towardsViommu(st, s, returned);
        };
    }

    /** Mostly the RID (no PASID); else a small PASID, the largest of 20 bits, one beyond, or one beyond any width. */
    private static Long pasid(int choice) {
        return switch (choice % 16) {
            case 0, 1, 2 -> 5L;
            case 3 -> 1L;
            case 4 -> 0xfffffL;
            case 5 -> 0x100000L;
            case 6 -> 0xffffffffL;
            case 7 -> 0L;
            default -> null;
        };
    }

    /**
     * IOMMU_HWPT_GET_DIRTY_BITMAP mostly over what an IOAS of the hwpt maps, at the CPU page size or a larger
     * one; sometimes with an unaligned IOVA, a page size that is not a power of two, zero, or absurd ranges.
     */
    private static Op getDirtyBitmap(State st, OpSeed s, List<Long> returned) {
        long hwpt = s.d() % 4 == 0 ? id(st, ObjType.HWPT_PAGING, s.a(), returned) : dirtyHwpt(st, s.a(), returned);
        long ioas = st.object(hwpt) instanceof HwptPaging hp ? hp.ioas() : anyIoas(st, s.a());
        Area a = area(st, ioas, s.b());
        Long pageSize = switch (s.c() % 10) {
            case 0, 1, 2, 3 -> null;
            case 4, 5 -> 0x1000L;
            case 6 -> 2L << 20;
            case 7 -> 0x3000L;
            case 8 -> 0L;
            default -> 1L << 63;
        };
        boolean noClear = s.d() % 3 == 0;
        if (a != null && s.b() % 4 != 0) {
            return new Op.GetDirtyBitmap(hwpt, a.iova(), s.b() % 4 == 1 ? a.length() : Math.max(0x1000, a.length() / 2), pageSize, noClear);
        }
        return new Op.GetDirtyBitmap(hwpt, iova(st, ioas, s.b(), s.r()), length(st, ioas, s.c() / 10, s.r()), pageSize, noClear);
    }

    /** IOMMU_IOAS_UNMAP aimed mostly at what is mapped: whole areas, runs of areas, a part of one, or everything. */
    private static Op unmap(State st, OpSeed s, List<Long> returned) {
        long ioas = id(st, ObjType.IOAS, s.a(), returned);
        List<Area> areas = areas(st, ioas);
        int how = s.b() % 10;
        if (how == 0) {
            return Op.IoasUnmap.all(ioas);
        }
        if (!areas.isEmpty() && how < 8) {
            int k = s.c() % areas.size();
            Area a = areas.get(k);
            Area next = areas.get(Math.min(k + 1 + s.d() % 3, areas.size() - 1));
            return switch (how) {
                case 1, 2, 3 -> new Op.IoasUnmap(ioas, a.iova(), a.length());
                // from this area through a later one, holes and all
                case 4, 5 -> new Op.IoasUnmap(ioas, a.iova(), next.last() - a.iova() + 1);
                // into the middle of the next one: what lies before it goes, then ENOENT
                case 6 -> new Op.IoasUnmap(ioas, a.iova(), next.last() - a.iova() + 1 - Math.min(0x1000, next.length() / 2));
                default -> new Op.IoasUnmap(ioas, a.iova() + 0x1000, a.length());
            };
        }
        return new Op.IoasUnmap(ioas, iova(st, ioas, s.c(), s.r()), length(st, ioas, s.d(), s.r()));
    }

    /** IOMMU_HWPT_ALLOC mostly on an IOAS, else nested on a nest parent when there is one, else on any ID. */
    private static Op hwptAlloc(State st, OpSeed s, List<Long> returned) {
        long dev = id(st, ObjType.DEVICE, s.a(), returned);
        List<Integer> parents = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof HwptPaging p && p.nestParent()) {
                parents.add(p.id());
            }
        }
        int how = s.b() % 10;
        if (how < 6) {
            return new Op.HwptAlloc(dev, id(st, ObjType.IOAS, s.b() / 10, returned), hwptFlags(s.c()), fault(st, s.d(), returned),
                    s.d() % 17 == 0 ? ViommuSteps.stage1(st, s.d()) : null);
        }
        if (how == 6 && st.objects().values().stream().anyMatch(o -> o instanceof Viommu)) {
            return new Op.HwptAlloc(dev, id(st, ObjType.VIOMMU, s.b() / 10, returned), s.c() % 10 == 9 ? hwptFlags(s.c() / 10) : Set.of(),
                    fault(st, s.d(), returned), ViommuSteps.stage1(st, s.d() / 3));
        }
        if (how < 9 && !parents.isEmpty()) {
            return new Op.HwptAlloc(dev, parents.get(s.b() / 10 % parents.size()), s.c() % 10 == 9 ? hwptFlags(s.c() / 10) : Set.of(),
                    fault(st, s.d(), returned), ViommuSteps.stage1(st, s.d() / 3));
        }
        return new Op.HwptAlloc(dev, id(st, ptType(s.b() / 10), s.b() / 200, returned), hwptFlags(s.c()), fault(st, s.d(), returned));
    }

    private static ObjType ptType(int choice) {
        int c = choice % 20;
        return c < 10 ? ObjType.IOAS : c < 17 ? ObjType.HWPT_PAGING : ObjType.HWPT_NESTED;
    }

    private static Set<Op.HwptFlag> hwptFlags(int choice) {
        return switch (choice % 14) {
            case 6, 7 -> Set.of(Op.HwptFlag.NEST_PARENT);
            case 8 -> Set.of(Op.HwptFlag.DIRTY_TRACKING);
            case 9 -> Set.of(Op.HwptFlag.NEST_PARENT, Op.HwptFlag.DIRTY_TRACKING);
            case 10, 11 -> Set.of(Op.HwptFlag.PASID);
            case 12 -> Set.of(Op.HwptFlag.PASID, Op.HwptFlag.DIRTY_TRACKING);
            case 13 -> Set.of(Op.HwptFlag.PASID, Op.HwptFlag.NEST_PARENT);
            default -> Set.of();
        };
    }

    /** A fault object for the hwpt, one time in three (any ID when none is live). */
    private static Long fault(State st, int choice, List<Long> returned) {
        return choice % 3 == 0 ? id(st, ObjType.FAULT, choice / 3, returned) : null;
    }

    private static Prot prot(int choice) {
        return choice < 15 ? Prot.RW : choice < 17 ? Prot.R : choice < 19 ? Prot.W : Prot.NONE;
    }

    /** A device of the machine not bound yet (any device once all are). */
    private static String unboundDeviceName(State st, int choice) {
        List<String> names = new ArrayList<>();
        for (PciDevice d : st.topology().devices().values()) {
            if (!d.onKernelDriver() && !st.boundDevices().containsKey(d.name())) {
                names.add(d.name());
            }
        }
        return names.isEmpty() ? deviceName(st, choice) : names.get(choice % names.size());
    }

    /** A hwpt_paging that tracks dirty pages or carries a fault object, or a pt as ATTACH would pick one. */
    private static long trackingOrFaultingHwpt(State st, int choice, List<Long> returned) {
        List<Integer> found = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof HwptPaging hp && (hp.dirtyTracking() || hp.fault() >= 0)) {
                found.add(hp.id());
            }
        }
        return found.isEmpty() ? id(st, ptType(choice), choice / 20, returned) : found.get(choice % found.size());
    }

    /** An idev whose RID is on a domain tracking dirty pages or a hwpt with a fault object, else an attached one. */
    private static long trackedOrFaultingIdev(State st, int choice, List<Long> returned) {
        List<Integer> found = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Idev i && st.igroups().get(i.groupId()) != null
                    && st.object(st.igroups().get(i.groupId()).hwpt()) instanceof HwptPaging hp
                    && (st.domains().get(hp.domain()).dirtyEnabled() || hp.fault() >= 0)) {
                found.add(i.id());
            }
        }
        return found.isEmpty() ? attachedIdev(st, choice, returned) : found.get(choice % found.size());
    }

    /** A hwpt_paging allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING, or any ID when there is none. */
    private static long dirtyHwpt(State st, int choice, List<Long> returned) {
        List<Integer> tracked = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof HwptPaging hp && hp.dirtyTracking()) {
                tracked.add(hp.id());
            }
        }
        return tracked.isEmpty() ? id(st, ObjType.HWPT_PAGING, choice, returned) : tracked.get(choice % tracked.size());
    }

    /** The IOAS under the hwpt the idev's group is attached to (its RID), else any IOAS. */
    private static long ioasOf(State st, long dev, int choice) {
        if (st.object(dev) instanceof Idev idev && st.igroups().get(idev.groupId()) != null
                && st.object(st.igroups().get(idev.groupId()).hwpt()) instanceof HwptPaging hp) {
            return hp.ioas();
        }
        return anyIoas(st, choice);
    }

    /** An idev VFIO attached, or any ID when none is. */
    private static long attachedIdev(State st, int choice, List<Long> returned) {
        List<Integer> attached = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Idev i && i.vfioAttached()) {
                attached.add(i.id());
            }
        }
        return attached.isEmpty() ? id(st, ObjType.DEVICE, choice, returned) : attached.get(choice % attached.size());
    }

    /** Mostly a device of the machine (bound or not, vfio-pci or not), now and then one that is not there. */
    private static String deviceName(State st, int choice) {
        List<String> names = new ArrayList<>(st.topology().devices().keySet());
        return choice % 10 == 9 ? UNKNOWN_DEVICE : names.get(choice / 10 % names.size());
    }

    /**
     * An object ID: mostly a live object of the wanted type, sometimes a live one of any type, an ID an
     * earlier op returned (perhaps destroyed since), zero, a small made-up ID, or one beyond any xarray.
     */
    static long id(State st, ObjType wanted, int choice, List<Long> returned) {
        int c = choice % 20;
        int i = choice / 20;
        List<Integer> any = new ArrayList<>(st.objects().keySet());
        List<Integer> live = List.of();
        // no hwpt yet: an IOAS is the pt that makes one
        for (ObjType t : wanted == ObjType.HWPT_NESTED ? List.of(wanted, ObjType.HWPT_PAGING, ObjType.IOAS)
                : wanted == ObjType.HWPT_PAGING ? List.of(wanted, ObjType.IOAS) : List.of(wanted)) {
            live = new ArrayList<>();
            for (IommufdObject o : st.objects().values()) {
                if (o.type() == t) {
                    live.add(o.id());
                }
            }
            if (!live.isEmpty()) {
                break;
            }
        }
        if (c < 14 && !live.isEmpty()) {
            return live.get(i % live.size());
        }
        if (c < 16 && !any.isEmpty()) {
            return any.get(i % any.size());
        }
        if (c <= 16 && !returned.isEmpty()) {
            return returned.get(i % returned.size());
        }
        if (c == 17) {
            return 0;
        }
        if (c == 19) {
            long[] absurd = {-1L, 0xffffffffL, Integer.MAX_VALUE + 1L, Long.MIN_VALUE, Integer.MAX_VALUE};
            return absurd[i % absurd.length];
        }
        return 1 + i % 40;
    }

    static long anyIoas(State st, int choice) {
        List<Integer> ioases = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Ioas) {
                ioases.add(o.id());
            }
        }
        return ioases.isEmpty() ? 0 : ioases.get(choice % ioases.size());
    }

    static List<Area> areas(State st, long ioas) {
        return st.object(ioas) instanceof Ioas i ? List.copyOf(i.iopt().areas().values()) : List.of();
    }

    static Area area(State st, long ioas, int choice) {
        List<Area> areas = areas(st, ioas);
        return areas.isEmpty() ? null : areas.get(choice % areas.size());
    }

    /** An IOVA: at, after or inside an area of the IOAS, page-aligned anywhere, unaligned, or at the edges of u64. */
    static long iova(State st, long ioas, int choice, long random) {
        int c = choice % 16;
        int i = choice / 16;
        Area a = area(st, ioas, i);
        return switch (c) {
            case 0, 1, 2, 3 -> a != null ? a.iova() : (long) (i % 64) << 12;
            case 4 -> a != null ? a.last() + 1 : 0x1000;
            case 5 -> a != null ? a.iova() + 0x1000 : 0x2000;
            case 6, 7, 8 -> Math.floorMod(random, 1L << 28) << 12;
            case 9 -> (long) (i % 64) << 12;
            case 10 -> random & 0xffffffffffffL;
            case 11 -> 0;
            case 12 -> -1L;
            case 13 -> 0xfee00000L + ((long) (i % 256) << 12);
            case 14 -> new long[] {1L << 63, 0xfffffffffffff000L, 1L << 48, 1L << 57}[i % 4];
            default -> new long[] {(1L << 48) - 0x1000, (1L << 39) - 0x1000, 0xfffff000L, 0x8000000L}[i % 4];
        };
    }

    /** A length: a few pages, huge pages, an area's own, unaligned, zero, or absurd. */
    static long length(State st, long ioas, int choice, long random) {
        int c = choice % 16;
        int i = choice / 16;
        Area a = area(st, ioas, i);
        return switch (c) {
            case 0, 1, 2, 3, 4 -> (1L + i % 16) << 12;
            case 5 -> (1L + i % 4) << 21;
            case 6 -> 1L << 30;
            case 7 -> a != null ? a.length() : 0x1000;
            case 8 -> 1 + Math.floorMod(random, 0x3fffL);
            case 9 -> 0;
            case 10 -> -1L;
            case 11 -> new long[] {1L << 47, 1L << 40, 1L << 62, -0x1000L}[i % 4];
            default -> 0x1000;
        };
    }

    /** Mostly a fresh buffer; sometimes the pages of an existing area, an unaligned VA, or one the process lacks. */
    private static Long userVa(State st, int choice, long random) {
        int c = choice % 20;
        if (c < 15) {
            return null;
        }
        List<Area> all = new ArrayList<>();
        for (IommufdObject o : st.objects().values()) {
            if (o instanceof Ioas i) {
                all.addAll(i.iopt().areas().values());
            }
        }
        return switch (c) {
            case 15, 16 -> all.isEmpty() ? 0x7f0000000000L : all.get(choice / 20 % all.size()).userVa();
            case 17 -> 0x7f0000000000L + (random & 0xfffL);
            case 18 -> 0x1000L;
            default -> 0L;
        };
    }

    private static List<IovaRange> allowedRanges(OpSeed s) {
        List<IovaRange> out = new ArrayList<>();
        int n = s.b() % 4;
        long base = Math.floorMod(s.r(), 1L << 24) << 12;
        for (int k = 0; k < n; k++) {
            switch ((s.c() / (k + 1)) % 6) {
                case 0 -> out.add(new IovaRange(0, -1L));
                case 1 -> out.add(new IovaRange(base, base)); // first == last: refused
                case 2 -> out.add(new IovaRange(base + (1L << 30), base));
                default -> {
                    long first = base + ((long) k << 32);
                    out.add(new IovaRange(first, first + ((1L + s.d() % 64) << 20) - 1));
                }
            }
        }
        return out;
    }

    // ---- failure text: Java that rebuilds the machine and the ops ------------------------------------------

    static String java(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Long l) {
            // IDs and small counts in decimal, addresses and lengths in hex
            return l >= 0 && l < 0x1000 ? l + "L" : l == -1L ? "-1L" : "0x" + Long.toHexString(l) + "L";
        }
        if (v instanceof String str) {
            return '"' + str + '"';
        }
        if (v instanceof Prot p) {
            return p.none() ? "Prot.NONE" : "Prot." + p.toString().toUpperCase();
        }
        if (v instanceof Enum<?> e) {
            return typeName(e.getDeclaringClass()) + "." + e.name();
        }
        if (v instanceof Set<?> set) {
            return elements("Set.of(", set.stream().map(RandomOpsPropertyTest::java).sorted().toList());
        }
        if (v instanceof Collection<?> list) {
            return elements("List.of(", list.stream().map(RandomOpsPropertyTest::java).toList());
        }
        if (v instanceof Record rec) {
            StringJoiner args = new StringJoiner(", ", "new " + typeName(rec.getClass()) + "(", ")");
            for (RecordComponent c : rec.getClass().getRecordComponents()) {
                args.add(java(component(c, rec)));
            }
            return args.toString();
        }
        return String.valueOf(v);
    }

    private static String typeName(Class<?> c) {
        return c.getEnclosingClass() == Op.class ? "Op." + c.getSimpleName() : c.getSimpleName();
    }

    private static String elements(String open, List<String> items) {
        StringJoiner j = new StringJoiner(", ", open, ")");
        items.forEach(j::add);
        return j.toString();
    }

    private static Object component(RecordComponent c, Object rec) {
        try {
            return c.getAccessor().invoke(rec);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------------------

    /**
     * Sets each property's tries from iommuscope.property.tries (annotations take only constants), and after
     * a passing run logs, and checks, how many ops it applied and that its sequences reached each effect of the
     * new uAPI the release has (a PASID attached, a page dirtied and read back, a page request queued).
     */
    static final class TriesAndOpCount implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(TRIES);
            OPS_APPLIED.set(0);
            WANTED.clear();
            REACHED.clear();
            PropertyExecutionResult result = property.execute();
            long ops = OPS_APPLIED.get();
            LOG.info("{}: {} sequences, {} ops applied; sequences that reached each new effect: {}", context.label(), result.countTries(),
                    ops, new TreeMap<>(REACHED));
            if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
                return result;
            }
            if (ops < (long) MIN_OPS * result.countTries()) {
                return result.mapToFailed(ops + " ops in " + result.countTries() + " sequences: fewer than " + MIN_OPS + " per sequence");
            }
            Set<String> missed = new TreeSet<>(WANTED.keySet());
            missed.removeAll(REACHED.keySet());
            // over the default 200 sequences each effect is reached by 20 or more (one in ten); fewer tries prove nothing
            if (!missed.isEmpty() && TRIES >= 200 && result.countTries() >= TRIES) {
                return result.mapToFailed("no sequence reached " + missed);
            }
            return result;
        }
    }

    /** Skips the v2-patch property while AttachModel.of(V2_PATCH) still refuses. */
    static final class OnlyOnceTheV2ModelExists implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            try {
                AttachModel.of(Profile.V2_PATCH);
                return SkipResult.doNotSkip();
            } catch (UnsupportedOperationException e) {
                return SkipResult.skip(e.getMessage());
            }
        }
    }
}
