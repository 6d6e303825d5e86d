package org.iommuscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.ReservedRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The incremental check after a step ({@link Invariants#check(State, Step)}) finds what the full check
 * ({@link Invariants#check(State)}) finds: on random op sequences, and on states corrupted, one kind of
 * corruption at a time, right after a real step. The relation checked is the exact one: every finding new
 * at this step is found incrementally, and nothing the full check does not find.
 */
class IncrementalInvariantsTest {

    /** Ways to break a state, each a rule the full check has; null when the state has nothing to break that way. */
    enum Corruption {
        USERS_COUNT((s, c) -> {
            List<IommufdObject> all = new ArrayList<>(s.objects().values());
            if (all.isEmpty()) {
                return null;
            }
            IommufdObject o = all.get(c % all.size());
            return s.withObjects(s.objects().plus(o.id(), o.withUsers(o.users() + 1)));
        }),
        AREA_MISSING_FROM_A_DOMAIN((s, c) -> {
            for (Ioas ioas : ioases(s)) {
                List<Area> areas = new ArrayList<>(ioas.iopt().areas().values());
                if (!areas.isEmpty() && !ioas.iopt().domains().isEmpty()) {
                    Area a = areas.get(c % areas.size());
                    Domain d = s.domain(ioas.iopt().domains().get(c % ioas.iopt().domains().size()));
                    return s.withDomains(s.domains().plus(d.id(), d.withPageTable(d.pageTable().unmap(a.iova(), a.last()))), s.nextDomainId());
                }
            }
            return null;
        }),
        PAGE_NO_AREA_HOLDS((s, c) -> {
            for (Ioas ioas : ioases(s)) {
                if (!ioas.iopt().domains().isEmpty()) {
                    Domain d = s.domain(ioas.iopt().domains().get(c % ioas.iopt().domains().size()));
                    long iova = 0x7ff000000000L; // above every IOVA the random ops use
                    return s.withDomains(s.domains().plus(d.id(), d.withPageTable(d.pageTable().map(0x1000, iova, 0x100000000L, 0x1000, Prot.RW))),
                            s.nextDomainId());
                }
            }
            return null;
        }),
        AREA_DROPPED_FROM_THE_IOPT((s, c) -> {
            for (Ioas ioas : ioases(s)) {
                if (!ioas.iopt().areas().isEmpty() && !ioas.iopt().domains().isEmpty()) {
                    List<Long> keys = new ArrayList<>(ioas.iopt().areas().keySet());
                    long key = keys.get(c % keys.size());
                    Ioas broken = ioas.withIopt(ioas.iopt().withAreas(ioas.iopt().areas().minus(key)));
                    return s.withObjects(s.objects().plus(broken.id(), broken));
                }
            }
            return null;
        }),
        RESERVED_RANGE_DROPPED((s, c) -> {
            for (Ioas ioas : ioases(s)) {
                if (!ioas.iopt().reserved().isEmpty() && !ioas.iopt().domains().isEmpty()) {
                    List<ReservedRange> all = new ArrayList<>(ioas.iopt().reserved());
                    ReservedRange r = all.get(c % all.size());
                    Ioas broken = ioas.withIopt(ioas.iopt().withReserved(ioas.iopt().reserved().minus(r)));
                    return s.withObjects(s.objects().plus(broken.id(), broken));
                }
            }
            return null;
        }),
        HWPT_UNLISTED((s, c) -> {
            for (IommufdObject o : s.objects().values()) {
                if (o instanceof HwptPaging p && s.objects().get(p.ioas()) instanceof Ioas ioas && ioas.hwptList().contains(p.id())) {
                    Ioas broken = ioas.withHwptList(ioas.hwptList().minus(Integer.valueOf(p.id())));
                    return s.withObjects(s.objects().plus(broken.id(), broken));
                }
            }
            return null;
        }),
        IGROUP_LOSES_ITS_HWPT((s, c) -> {
            for (IGroup ig : s.igroups().values()) {
                if (ig.hwpt() >= 0) {
                    return s.withIgroups(s.igroups().plus(ig.groupId(), ig.withAttach(IGroup.NO_PASID, null)));
                }
            }
            return null;
        }),
        DOMAIN_FREED_UNDER_ITS_USERS((s, c) -> {
            for (Ioas ioas : ioases(s)) {
                if (!ioas.iopt().domains().isEmpty()) {
                    return s.withDomains(s.domains().minus(ioas.iopt().domains().get(c % ioas.iopt().domains().size())), s.nextDomainId());
                }
            }
            return null;
        }),
        GROUP_ON_ANOTHER_DOMAIN((s, c) -> {
            List<IommuGroup> groups = new ArrayList<>(s.groups().values());
            IommuGroup g = groups.get(c % groups.size());
            int other = g.domain() == g.defaultDomain() ? s.nextDomainId() + 7 : g.defaultDomain();
            return s.withGroups(s.groups().plus(g.id(), g.withDomain(other, s.step(), "corrupted")));
        }),
        // The three below break the O(objects) rules (PASID table, vIOMMU objects) that a step changing only areas
        // does not run: each changes what those rules read, so after a map the incremental check must run them.
        PASID_SLOT_ON_A_MISSING_HWPT((s, c) -> {
            for (IGroup ig : s.igroups().values()) {
                if (!ig.devices().isEmpty()) {
                    return s.withIgroups(s.igroups().plus(ig.groupId(),
                            ig.withAttach(5, new IGroup.Attach(999, ig.devices()))));
                }
            }
            return null;
        }),
        LIVE_ID_TOMBSTONED((s, c) -> {
            List<Integer> ids = new ArrayList<>(s.objects().keySet());
            return ids.isEmpty() ? null : s.withTombstones(s.tombstones().plus(ids.get(c % ids.size())));
        }),
        IOAS_LISTS_A_MISSING_ACCESS((s, c) -> {
            for (Ioas ioas : ioases(s)) {
                Ioas broken = ioas.withIopt(ioas.iopt().withAccesses(ioas.iopt().accesses().plus(999), ioas.iopt().iovaAlignment()));
                return s.withObjects(s.objects().plus(broken.id(), broken));
            }
            return null;
        });

        private final BiFunction<State, Integer, State> corrupt;

        Corruption(BiFunction<State, Integer, State> corrupt) {
            this.corrupt = corrupt;
        }

        State apply(State s, int choice) {
            return corrupt.apply(s, choice);
        }
    }

    private static List<Ioas> ioases(State s) {
        List<Ioas> out = new ArrayList<>();
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Ioas i) {
                out.add(i);
            }
        }
        return out;
    }

    /** Every finding new at this step is found incrementally, and nothing the full check does not find. */
    static void assertSameFindings(State before, Step step, String context) {
        Invariants.Report full = Invariants.check(step.after());
        Invariants.Report fullBefore = Invariants.check(before);
        Invariants.Report incremental = Invariants.check(before, step);
        sameFindings(fullBefore.violations(), full.violations(), incremental.violations(), context + ": violations");
        sameFindings(fullBefore.divergences(), full.divergences(), incremental.divergences(), context + ": divergences");
    }

    private static void sameFindings(List<String> before, List<String> full, List<String> incremental, String context) {
        Set<String> fresh = new HashSet<>(full);
        fresh.removeAll(before);
        assertTrue(incremental.containsAll(fresh), () -> context + ": the full check found " + fresh + " new, the incremental " + incremental);
        assertTrue(full.containsAll(incremental), () -> context + ": the incremental check found " + incremental + ", the full " + full);
    }

    // ---- on random op sequences, corrupted or not ----------------------------------------------------------

    @Provide
    Arbitrary<Topology> machines() {
        return new RandomOpsPropertyTest().machines();
    }

    @Provide
    Arbitrary<List<RandomOpsPropertyTest.OpSeed>> opSeeds() {
        return new RandomOpsPropertyTest().opSeeds();
    }

    @Property(tries = 100)
    void afterEveryRandomOpTheIncrementalCheckFindsWhatTheFullOneFinds(@ForAll("machines") Topology machine,
                                                                        @ForAll("opSeeds") List<RandomOpsPropertyTest.OpSeed> seeds,
                                                                        @ForAll Profile profile) {
        State state = Kernel.boot(machine, profile);
        List<Long> returned = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            Op op = RandomOpsPropertyTest.opFor(seeds.get(i), state, returned);
            Step step = Kernel.apply(state, op);
            assertSameFindings(state, step, "op #" + i + " " + op);
            remember(step.result(), returned);
            state = step.after();
        }
    }

    @Property(tries = 100)
    void aStateCorruptedRightAfterARandomOpIsFoundByBothChecks(@ForAll("machines") Topology machine,
                                                               @ForAll("opSeeds") List<RandomOpsPropertyTest.OpSeed> seeds,
                                                               @ForAll Corruption corruption,
                                                               @ForAll @IntRange(min = 0, max = 999) int choice) {
        State state = Kernel.boot(machine, Profile.V6_15);
        List<Long> returned = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            Op op = RandomOpsPropertyTest.opFor(seeds.get(i), state, returned);
            Step step = Kernel.apply(state, op);
            State broken = corruption.apply(step.after(), choice + i);
            if (broken != null && !Invariants.check(broken).violations().isEmpty()) {
                assertSameFindings(state, new Step(op, step.result(), broken), corruption + " after op #" + i + " " + op);
            }
            remember(step.result(), returned);
            state = step.after();
        }
    }

    private static void remember(Result r, List<Long> returned) {
        for (String key : List.of("id", "pt_id")) {
            if (r.ok() && r.output(key) instanceof Number n && !returned.contains(n.longValue())) {
                returned.add(n.longValue());
            }
        }
    }

    // ---- each corruption on a known machine, named -----------------------------------------------------------

    /** Two groups attached to one IOAS with three areas mapped, and a manual hwpt in it too. */
    private static Machines.Driver attachedWithAreas() {
        Machines.Driver d = new Machines.Driver(Machines.twoFunctionGroup(), Profile.V6_15);
        int idev = d.ok(new Op.Bind(Machines.FN0), "id");
        int solo = d.ok(new Op.Bind(Machines.SOLO), "id");
        int ioas = d.ok(new Op.IoasAlloc(), "id");
        d.ok(new Op.Attach(idev, ioas));
        d.ok(new Op.Attach(solo, ioas));
        d.ok(new Op.HwptAlloc(idev, ioas, Set.of()));
        for (int i = 0; i < 3; i++) {
            d.ok(new Op.IoasMap(ioas, 0x1000, 0x100000000L + i * 0x2000L, Prot.RW, null));
        }
        return d;
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void eachKindOfCorruptionAfterAMapIsFoundByTheIncrementalCheckAsByTheFullOne(Corruption corruption) {
        Machines.Driver d = attachedWithAreas();
        State before = d.state;
        Step map = Kernel.apply(before, new Op.IoasMap(3, 0x1000, 0x200000000L, Prot.RW, null));
        assertTrue(map.result().ok(), map.result().reason());
        State broken = corruption.apply(map.after(), 1);
        Invariants.Report full = Invariants.check(broken);
        assertFalse(full.violations().isEmpty(), corruption + " breaks a rule");
        Invariants.Report incremental = Invariants.check(before, new Step(map.op(), map.result(), broken));
        assertEquals(Set.copyOf(full.violations()), Set.copyOf(incremental.violations()), corruption.name());
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void eachKindOfCorruptionAfterAStepThatTouchedNothingIsFoundAsByTheFullCheck(Corruption corruption) {
        Machines.Driver d = attachedWithAreas();
        State before = d.state;
        Step dma = Kernel.apply(before, new Op.Dma(Machines.SOLO, null, 0x100000000L, Op.Access.READ));
        State broken = corruption.apply(dma.after(), 2);
        Invariants.Report full = Invariants.check(broken);
        assertFalse(full.violations().isEmpty(), corruption + " breaks a rule");
        Invariants.Report incremental = Invariants.check(before, new Step(dma.op(), dma.result(), broken));
        assertEquals(Set.copyOf(full.violations()), Set.copyOf(incremental.violations()), corruption.name());
    }

    @Test
    void aMapLooksAtTheAreaItMappedAndNotAtTheOthers() {
        Machines.Driver d = attachedWithAreas();
        State before = d.state;
        // The area at 0x100002000 is missing from every domain already: the full check sees it, the step did not touch it.
        State stale = before;
        for (int dom : ((Ioas) before.object(3)).iopt().domains()) {
            Domain x = stale.domain(dom);
            stale = stale.withDomains(stale.domains().plus(dom, x.withPageTable(x.pageTable().unmap(0x100002000L, 0x100002fffL))),
                    stale.nextDomainId());
        }
        Step map = Kernel.apply(stale, new Op.IoasMap(3, 0x1000, 0x200000000L, Prot.RW, null));
        assertFalse(Invariants.check(map.after()).violations().isEmpty());
        assertEquals(List.of(), Invariants.check(stale, map).violations(), "a finding of an earlier step is not the map's");
    }

    @Test
    void aMapDoesNotRunTheRulesOfWhatItCannotChange() {
        Machines.Driver d = attachedWithAreas();
        // An earlier step left a PASID slot on a hwpt that does not exist, and a tombstone on a live ID: rules a map
        // cannot break, so a map does not look at them again (it used to, at O(objects) per map).
        State stale = Corruption.LIVE_ID_TOMBSTONED.apply(Corruption.PASID_SLOT_ON_A_MISSING_HWPT.apply(d.state, 0), 0);
        List<String> found = Invariants.check(stale).violations();
        assertTrue(found.stream().anyMatch(v -> v.contains("names hwpt 999")) && found.stream().anyMatch(v -> v.contains("tombstoned")),
                found::toString);
        Step map = Kernel.apply(stale, new Op.IoasMap(3, 0x1000, 0x200000000L, Prot.RW, null));
        assertTrue(map.result().ok(), map.result().reason());
        assertEquals(List.of(), Invariants.check(stale, map).violations(), "the map's own rules hold");
        // A step that changes an igroup does look at them again.
        Step detach = Kernel.apply(stale, new Op.Detach(2, null));
        assertFalse(Invariants.check(stale, detach).violations().isEmpty());
    }
}
