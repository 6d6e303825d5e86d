package org.iommuscope.engine.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Invariants;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Step;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iopt.ReservedOwner;
import org.iommuscope.engine.iopt.ReservedRange;
import org.junit.jupiter.api.Test;

/**
 * The v2-patch model ("[PATCH v2 08/10] iommufd/device: Use iommu_group_replace_domain()" on v6.2) against
 * the seed thread's sequence and the four hazards of the research note, each beside the same ops under
 * v6.15, where the hazard is gone or refused with a clean errno.
 *
 * <p>Every sequence shares the note's base steps B0: both functions of group 26 bound (idev1, idev2), ioas1
 * mapping 0x100000 and ioas2 mapping 0x200000, manual hwpt1 in ioas1 and hwpt2 in ioas2, both idevs
 * attached to hwpt1. v2 inserts at the head of hwpt->devices, so its lists read newest first.
 */
class V2PatchModelTest {
    static final String FN0 = "0000:06:0d.0";
    static final String FN1 = "0000:06:0d.1";
    static final String SOLO = "0000:07:00.0";
    static final ReservedRegion MSI = new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI);
    static final long IOVA1 = 0x100000L;
    static final long IOVA2 = 0x200000L;

    /** Group 26 with two functions (MSI region each), group 27 with one device, one default unit. */
    static Topology machine(PciDevice fn0, PciDevice fn1) {
        return new Topology(4096, List.of(Iommu.defaults("iommu0")), List.of(
                new GroupSpec(26, "iommu0", DomainType.DMA, List.of(fn0, fn1)),
                new GroupSpec(27, "iommu0", DomainType.DMA, List.of(device(SOLO, 27, List.of(MSI))))));
    }

    static Topology machine() {
        return machine(device(FN0, 26, List.of(MSI)), device(FN1, 26, List.of(MSI)));
    }

    static PciDevice device(String name, int group, List<ReservedRegion> reserved, DeviceQuirk... quirks) {
        return new PciDevice(name, group, PciDevice.VFIO_PCI, reserved, Set.of(quirks));
    }

    /** Applies ops in sequence; after each one the invariants must hold (violations empty, whatever the profile). */
    static final class Machine {
        State state;
        Step last;
        final List<Invariants.Report> reports = new ArrayList<>();

        Machine(Topology t, Profile p) {
            state = Kernel.boot(t, p);
        }

        Result apply(Op op) {
            last = Kernel.apply(state, op);
            state = last.after();
            Invariants.Report r = Invariants.check(state);
            assertTrue(r.violations().isEmpty(), () -> "after " + op + ": " + r.violations());
            reports.add(r);
            return last.result();
        }

        int ok(Op op, String output) {
            Result r = apply(op);
            assertTrue(r.ok(), () -> op + " failed: " + r.outcome() + " " + r.reason());
            return ((Number) r.output(output)).intValue();
        }

        void ok(Op op) {
            Result r = apply(op);
            assertTrue(r.ok(), () -> op + " failed: " + r.outcome() + " " + r.reason());
        }

        String outcome(Op op) {
            return apply(op).outcome();
        }

        int users(int id) {
            return state.object(id).users();
        }

        Map<Integer, Integer> users(int... ids) {
            Map<Integer, Integer> out = new LinkedHashMap<>();
            for (int id : ids) {
                out.put(id, users(id));
            }
            return out;
        }

        Snapshot snap() {
            return new Snapshot(state);
        }

        String group26() {
            return snap().groupDomainLabel(26);
        }

        String dma(String device, long iova) {
            return apply(new Op.Dma(device, null, iova, Op.Access.READ)).outcome();
        }

        Ioas ioas(int id) {
            return (Ioas) state.object(id);
        }

        int domainOf(int hwpt) {
            return ((HwptPaging) state.object(hwpt)).domain();
        }

        List<String> divergences() {
            return Invariants.check(state).divergences();
        }
    }

    /** The handles of B0. */
    record Ids(int idev1, int idev2, int ioas1, int ioas2, int hwpt1, int hwpt2) {
    }

    /** B0 up to (not including) the attaches. */
    static Ids bound(Machine k) {
        int idev1 = k.ok(new Op.Bind(FN0), "id");
        int idev2 = k.ok(new Op.Bind(FN1), "id");
        int ioas1 = k.ok(new Op.IoasAlloc(), "id");
        int ioas2 = k.ok(new Op.IoasAlloc(), "id");
        k.ok(new Op.IoasMap(ioas1, 0x1000, IOVA1, Prot.RW, null));
        k.ok(new Op.IoasMap(ioas2, 0x1000, IOVA2, Prot.RW, null));
        int hwpt1 = k.ok(new Op.HwptAlloc(idev1, ioas1, Set.of()), "id");
        int hwpt2 = k.ok(new Op.HwptAlloc(idev1, ioas2, Set.of()), "id");
        return new Ids(idev1, idev2, ioas1, ioas2, hwpt1, hwpt2);
    }

    /** B0: both idevs attached to hwpt1. */
    static Ids b0(Machine k) {
        Ids h = bound(k);
        assertEquals(h.hwpt1(), k.ok(new Op.Attach(h.idev1(), h.hwpt1()), "pt_id"));
        assertEquals(h.hwpt1(), k.ok(new Op.Attach(h.idev2(), h.hwpt1()), "pt_id"));
        return h;
    }

    /** H1's step: idev1 alone replaces to hwpt2. */
    static Ids h1(Machine k) {
        Ids h = b0(k);
        assertEquals(h.hwpt2(), k.ok(new Op.Attach(h.idev1(), h.hwpt2()), "pt_id"));
        return h;
    }

    static Set<Integer> set(List<Integer> l) {
        return new HashSet<>(l);
    }

    // ---- B0 -----------------------------------------------------------------------------------------------

    @Test
    void baseStepsPutTheGroupOnHwpt1WithTheSameRefcountsInEveryProfile() {
        for (Profile p : List.of(Profile.V2_PATCH, Profile.V6_15)) {
            Machine k = new Machine(machine(), p);
            Ids h = b0(k);
            assertEquals("hwpt " + h.hwpt1(), k.group26());
            assertEquals(Map.of(h.hwpt1(), 3, h.hwpt2(), 1, h.ioas1(), 2, h.ioas2(), 2, h.idev1(), 3, h.idev2(), 3),
                    k.users(h.hwpt1(), h.hwpt2(), h.ioas1(), h.ioas2(), h.idev1(), h.idev2()), p.key());
            assertEquals("ok", k.dma(FN1, IOVA1));
            assertEquals("fault", k.dma(FN1, IOVA2));
            assertEquals(Set.of(h.idev1(), h.idev2()), set(k.snap().attached(h.hwpt1())));
            assertEquals(List.of(), k.snap().divergedIdevs());
        }
    }

    @Test
    void v2HeadInsertsIntoTheDevicesListAndAddsTheDomainToTheIoasOnlyAtTheFirstAttach() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = bound(k);
        assertTrue(k.ioas(h.ioas1()).iopt().domains().isEmpty(), "hwpt_alloc does not add the domain (variant A)");
        k.ok(new Op.Attach(h.idev1(), h.hwpt1()));
        assertEquals(List.of(k.domainOf(h.hwpt1())), List.copyOf(k.ioas(h.ioas1()).iopt().domains()));
        assertEquals(List.of(h.hwpt1()), List.copyOf(k.ioas(h.ioas1()).hwptList()));
        k.ok(new Op.Attach(h.idev2(), h.hwpt1()));
        assertEquals(List.of(h.idev2(), h.idev1()), k.snap().attached(h.hwpt1()));
        assertTrue(k.ioas(h.ioas2()).iopt().domains().isEmpty(), "hwpt2 has no device yet");
    }

    // ---- the seed thread ----------------------------------------------------------------------------------

    @Test
    void seedSequenceDivergesInTheKernelUntilTheSiblingReplacesToo() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = h1(k);
        assertTrue(k.last.result().events().contains(new Event.RecordChanged(h.idev1(), h.hwpt2())));
        assertEquals("hwpt " + h.hwpt2(), k.group26());
        // the kernel's own idev->hwpt for idev2 still says hwpt1
        assertEquals(h.hwpt1(), k.snap().recorded(h.idev2()));
        assertEquals(List.of(h.idev2()), k.snap().divergedIdevs());
        assertTrue(k.divergences().stream().anyMatch(d -> d.startsWith("idev " + h.idev2() + "'s idev->hwpt is hwpt " + h.hwpt1())));

        // IOAS_MAP into the IOAS idev2 believes in lands in hwpt1's domain, which its group is not on
        k.ok(new Op.IoasMap(h.ioas1(), 0x1000, 0x300000L, Prot.RW, null));
        assertTrue(((HwptPaging) k.state.object(k.snap().recorded(h.idev2()))).devices().contains(h.idev2()));
        assertEquals("fault", k.dma(FN1, 0x300000L));
        assertEquals("ok", k.dma(FN1, IOVA2));

        assertEquals(h.hwpt2(), k.ok(new Op.Attach(h.idev2(), h.hwpt2()), "pt_id"));
        assertEquals(List.of(), k.snap().divergedIdevs());
        assertEquals(h.hwpt2(), k.snap().recorded(h.idev2()));
        assertEquals(List.of(), k.divergences());
    }

    @Test
    void seedSequenceUnderV615KeepsTheKernelConsistentAndOnlyUserSpaceStale() {
        Machine k = new Machine(machine(), Profile.V6_15);
        Ids h = h1(k);
        assertEquals("hwpt " + h.hwpt2(), k.group26());
        assertEquals(Set.of(h.idev1(), h.idev2()), set(k.snap().attached(h.hwpt2())));
        assertEquals(List.of(h.idev2()), k.snap().divergedIdevs(), "QEMU's record for idev2 is stale");
        assertEquals(List.of(), k.divergences());
        k.ok(new Op.IoasMap(h.ioas1(), 0x1000, 0x300000L, Prot.RW, null));
        assertEquals("fault", k.dma(FN1, 0x300000L));
        k.ok(new Op.Attach(h.idev2(), h.hwpt2()));
        assertEquals(List.of(), k.snap().divergedIdevs());
    }

    // ---- H1: partial move -----------------------------------------------------------------------------------

    @Test
    void partialMoveLeavesTheSiblingOnTheOldHwptWhichStaysAliveAndMapped() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = h1(k);
        assertEquals(List.of(h.idev2()), k.snap().attached(h.hwpt1()));
        assertEquals(List.of(h.idev1()), k.snap().attached(h.hwpt2()));
        assertEquals(Map.of(h.hwpt1(), 2, h.hwpt2(), 2, h.idev1(), 3, h.idev2(), 3), k.users(h.hwpt1(), h.hwpt2(), h.idev1(), h.idev2()));
        assertEquals(List.of(k.domainOf(h.hwpt1())), List.copyOf(k.ioas(h.ioas1()).iopt().domains()), "D1 stays in ioas1");
        assertEquals("fault", k.dma(FN1, IOVA1));
        assertEquals("ok", k.dma(FN1, IOVA2));
        assertEquals("EBUSY", k.outcome(new Op.Destroy(h.hwpt1())));
        // converge: idev2's own replace joins hwpt2 with no HW change, and empties hwpt1
        k.ok(new Op.Attach(h.idev2(), h.hwpt2()));
        assertEquals(Map.of(h.hwpt1(), 1, h.hwpt2(), 3), k.users(h.hwpt1(), h.hwpt2()));
        assertTrue(k.ioas(h.ioas1()).iopt().domains().isEmpty(), "D1 left ioas1 with its last device");
        assertEquals(List.of(), k.snap().divergedIdevs());
        k.ok(new Op.Destroy(h.hwpt1()));
    }

    @Test
    void partialMoveUnderV615MovesEveryAttachedMemberAndItsReference() {
        Machine k = new Machine(machine(), Profile.V6_15);
        Ids h = h1(k);
        assertEquals(List.of(), k.snap().attached(h.hwpt1()));
        assertEquals(Set.of(h.idev1(), h.idev2()), set(k.snap().attached(h.hwpt2())));
        assertEquals(Map.of(h.hwpt1(), 1, h.hwpt2(), 3), k.users(h.hwpt1(), h.hwpt2()));
        assertEquals("fault", k.dma(FN1, IOVA1));
        assertEquals("ok", k.dma(FN1, IOVA2));
        k.ok(new Op.Attach(h.idev2(), h.hwpt2()));
        assertEquals(3, k.users(h.hwpt2()), "the sibling's replace is a NOP");
        k.ok(new Op.Destroy(h.hwpt1()));
    }

    @Test
    void v2ReplaceOpIsTheSameIommufdDeviceAttachCall() {
        Machine a = new Machine(machine(), Profile.V2_PATCH);
        Ids h = b0(a);
        Machine r = new Machine(machine(), Profile.V2_PATCH);
        b0(r);
        a.ok(new Op.Attach(h.idev1(), h.hwpt2()));
        r.ok(new Op.Replace(h.idev1(), h.hwpt2()));
        assertEquals(a.state.objects(), r.state.objects());
        assertEquals(a.state.groups(), r.state.groups());
    }

    // ---- H2: last writer wins -------------------------------------------------------------------------------

    @Test
    void lastWriterWinsAndReassertingAStaleRecordIsANop() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = h1(k);
        int hwpt3 = k.ok(new Op.HwptAlloc(h.idev1(), h.ioas1(), Set.of()), "id");
        k.ok(new Op.Attach(h.idev2(), hwpt3));
        assertEquals("hwpt " + hwpt3, k.group26());
        assertEquals(List.of(), k.snap().attached(h.hwpt1()));
        assertEquals(List.of(h.idev1()), k.snap().attached(h.hwpt2()));
        assertEquals(List.of(h.idev2()), k.snap().attached(hwpt3));
        assertEquals(Map.of(h.hwpt1(), 1, h.hwpt2(), 2, hwpt3, 2), k.users(h.hwpt1(), h.hwpt2(), hwpt3));
        assertEquals(List.of(k.domainOf(hwpt3)), List.copyOf(k.ioas(h.ioas1()).iopt().domains()), "D1 left ioas1, D3 joined");
        assertEquals(List.of(h.idev1()), k.snap().divergedIdevs());
        assertEquals("fault", k.dma(FN0, IOVA2));
        assertEquals("ok", k.dma(FN0, IOVA1));

        // idev1 re-asserts its record: idev->hwpt == hwpt2, so the kernel does nothing at all
        State before = k.state;
        assertEquals(h.hwpt2(), k.ok(new Op.Attach(h.idev1(), h.hwpt2()), "pt_id"));
        assertTrue(k.last.result().events().isEmpty());
        assertEquals(before.objects(), k.state.objects());
        assertEquals("hwpt " + hwpt3, k.group26());
        assertEquals(List.of(h.idev1()), k.snap().divergedIdevs());
        // the only fix is to join the group's real hwpt
        k.ok(new Op.Attach(h.idev1(), hwpt3));
        assertEquals(List.of(), k.snap().divergedIdevs());
        assertEquals(Map.of(h.hwpt2(), 1, hwpt3, 3), k.users(h.hwpt2(), hwpt3));
    }

    @Test
    void lastWriterWinsUnderV615PingPongsTheWholeGroupButStaysConsistent() {
        Machine k = new Machine(machine(), Profile.V6_15);
        Ids h = h1(k);
        int hwpt3 = k.ok(new Op.HwptAlloc(h.idev1(), h.ioas1(), Set.of()), "id");
        k.ok(new Op.Attach(h.idev2(), hwpt3));
        assertEquals(Set.of(h.idev1(), h.idev2()), set(k.snap().attached(hwpt3)));
        assertEquals(Map.of(h.hwpt2(), 1, hwpt3, 3), k.users(h.hwpt2(), hwpt3));
        assertEquals(List.of(h.idev1()), k.snap().divergedIdevs());
        k.ok(new Op.Attach(h.idev1(), h.hwpt2()));
        assertEquals("hwpt " + h.hwpt2(), k.group26());
        assertEquals(Map.of(h.hwpt2(), 3, hwpt3, 1), k.users(h.hwpt2(), hwpt3));
        assertEquals(List.of(h.idev2()), k.snap().divergedIdevs());
        assertEquals(List.of(), k.divergences());
    }

    @Test
    void anUnattachedSiblingStealsTheGroupWithNoEbusyInV2() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = bound(k);
        k.ok(new Op.Attach(h.idev1(), h.hwpt1()));
        assertEquals(List.of(h.idev2()), k.snap().implicitIdevs());
        k.ok(new Op.Attach(h.idev2(), h.hwpt2()));
        assertEquals("hwpt " + h.hwpt2(), k.group26());
        assertEquals(List.of(h.idev1()), k.snap().attached(h.hwpt1()));
        assertEquals(List.of(h.idev2()), k.snap().attached(h.hwpt2()));
        assertEquals(List.of(h.idev1()), k.snap().divergedIdevs());
    }

    @Test
    void anUnattachedSiblingCannotStealTheGroupUnderV615() {
        Machine k = new Machine(machine(), Profile.V6_15);
        Ids h = bound(k);
        k.ok(new Op.Attach(h.idev1(), h.hwpt1()));
        State before = k.state;
        assertEquals("EINVAL", k.outcome(new Op.Attach(h.idev2(), h.hwpt2())));
        assertSame(before.objects(), k.state.objects());
        assertSame(before.groups(), k.state.groups());
    }

    @Test
    void attachingToAnIoasStealsTheGroupIntoAnotherGroupsAutoDomainInV2() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = bound(k);
        k.ok(new Op.Attach(h.idev1(), h.hwpt1()));
        int solo = k.ok(new Op.Bind(SOLO), "id");
        int auto = k.ok(new Op.Attach(solo, h.ioas2()), "pt_id");
        assertEquals(auto, k.ok(new Op.Attach(h.idev2(), h.ioas2()), "pt_id"));
        assertEquals("hwpt " + auto, k.group26());
        assertEquals(List.of(h.idev2(), solo), k.snap().attached(auto));
        assertEquals(List.of(h.idev1()), k.snap().divergedIdevs());
        // the same under v6.15: the group is on hwpt1, so no auto hwpt can take idev2
        Machine m = new Machine(machine(), Profile.V6_15);
        Ids g = bound(m);
        m.ok(new Op.Attach(g.idev1(), g.hwpt1()));
        int solo15 = m.ok(new Op.Bind(SOLO), "id");
        m.ok(new Op.Attach(solo15, g.ioas2()));
        assertEquals("EINVAL", m.outcome(new Op.Attach(g.idev2(), g.ioas2())));
    }

    // ---- H3: stale detach -----------------------------------------------------------------------------------

    @Test
    void staleDetachKnocksTheSiblingOffItsDomain() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = h1(k);
        k.ok(new Op.Detach(h.idev2()));
        assertEquals("blocking", k.group26());
        assertEquals(List.of(), k.snap().attached(h.hwpt1()));
        assertEquals(List.of(h.idev1()), k.snap().attached(h.hwpt2()));
        assertEquals(Map.of(h.hwpt1(), 1, h.hwpt2(), 2, h.idev2(), 2), k.users(h.hwpt1(), h.hwpt2(), h.idev2()));
        assertEquals(-1, k.snap().recorded(h.idev2()));
        assertEquals(List.of(h.idev1()), k.snap().divergedIdevs());
        assertEquals("fault", k.dma(FN0, IOVA2));
        // re-asserting is a NOP: still blocking
        k.ok(new Op.Attach(h.idev1(), h.hwpt2()));
        assertEquals("blocking", k.group26());
        assertEquals("fault", k.dma(FN0, IOVA2));
        // recovery: detach (hwpt2 emptied, D2 leaves ioas2), then attach again (replace_domain and a refill)
        k.ok(new Op.Detach(h.idev1()));
        assertTrue(k.ioas(h.ioas2()).iopt().domains().isEmpty());
        k.ok(new Op.Attach(h.idev1(), h.hwpt2()));
        assertEquals("hwpt " + h.hwpt2(), k.group26());
        assertEquals("ok", k.dma(FN0, IOVA2));
    }

    @Test
    void staleUnbindKnocksTheSiblingOffItsDomainToo() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = h1(k);
        k.ok(new Op.Unbind(h.idev2()));
        assertEquals("blocking", k.group26());
        assertEquals(List.of(h.idev1()), k.snap().divergedIdevs());
        assertEquals(1, k.users(h.hwpt1()));
    }

    @Test
    void staleDetachUnderV615KeepsTheGroupOnItsDomain() {
        Machine k = new Machine(machine(), Profile.V6_15);
        Ids h = h1(k);
        k.ok(new Op.Detach(h.idev2()));
        assertEquals("hwpt " + h.hwpt2(), k.group26());
        assertEquals(List.of(h.idev1()), k.snap().attached(h.hwpt2()));
        assertEquals(Map.of(h.hwpt1(), 1, h.hwpt2(), 2, h.idev2(), 2), k.users(h.hwpt1(), h.hwpt2(), h.idev2()));
        assertEquals(List.of(), k.snap().divergedIdevs());
        assertEquals("ok", k.dma(FN0, IOVA2));
    }

    // ---- H4: refcount and lifetime skew ---------------------------------------------------------------------

    @Test
    void roundTripLeavesTheGroupOnAnUnmappedDomainThatDestroyThenFrees() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = h1(k);
        int d2 = k.domainOf(h.hwpt2());
        assertEquals(h.hwpt1(), k.ok(new Op.Attach(h.idev1(), h.hwpt1()), "pt_id"));
        // hwpt1 still has idev2, so no HW switch; hwpt2 emptied, so D2 left ioas2 and was unmapped
        assertEquals("hwpt " + h.hwpt2(), k.group26());
        assertEquals(List.of(h.idev1(), h.idev2()), k.snap().attached(h.hwpt1()));
        assertEquals(List.of(), k.snap().attached(h.hwpt2()));
        assertEquals(Map.of(h.hwpt1(), 3, h.hwpt2(), 1), k.users(h.hwpt1(), h.hwpt2()));
        assertEquals(List.of(h.idev1(), h.idev2()), k.snap().divergedIdevs());
        assertEquals("fault", k.dma(FN0, IOVA1));
        assertEquals("fault", k.dma(FN0, IOVA2));

        // users == 1, so IOMMU_DESTROY frees D2 while the group is on it
        k.ok(new Op.Destroy(h.hwpt2()));
        assertNull(k.state.object(h.hwpt2()));
        assertNull(k.state.domain(d2));
        assertEquals("domain " + d2, k.group26());
        Result dma = k.apply(new Op.Dma(FN0, null, IOVA1, Op.Access.READ));
        assertTrue(dma.fault());
        assertTrue(((Event.DmaFaulted) dma.events().get(0)).reason().contains("freed"));
        assertTrue(k.divergences().stream().anyMatch(d -> d.contains("which was freed")));
        assertFalse(k.snap().explanations().isEmpty());
        // the engine carries on: the last detach moves the group off the freed domain
        k.ok(new Op.Detach(h.idev1()));
        k.ok(new Op.Detach(h.idev2()));
        assertEquals("blocking", k.group26());
        assertEquals(List.of(), k.divergences());
    }

    @Test
    void roundTripUnderV615BringsTheGroupBack() {
        Machine k = new Machine(machine(), Profile.V6_15);
        Ids h = h1(k);
        k.ok(new Op.Attach(h.idev1(), h.hwpt1()));
        assertEquals("hwpt " + h.hwpt1(), k.group26());
        assertEquals(Map.of(h.hwpt1(), 3, h.hwpt2(), 1), k.users(h.hwpt1(), h.hwpt2()));
        assertEquals(List.of(), k.snap().divergedIdevs());
        assertEquals("ok", k.dma(FN0, IOVA1));
        k.ok(new Op.Destroy(h.hwpt2()));
        assertEquals("hwpt " + h.hwpt1(), k.group26());
    }

    @Test
    void anIoasPtIdWhileAttachedIsEbusyAndLeaksAnIoasReferenceForever() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = b0(k);
        assertEquals("EBUSY", k.outcome(new Op.Attach(h.idev1(), h.ioas1())));
        assertEquals(3, k.users(h.ioas1()));
        assertTrue(k.divergences().stream().anyMatch(d -> d.startsWith("ioas " + h.ioas1() + " has users 3")));
        k.ok(new Op.Detach(h.idev1()));
        k.ok(new Op.Detach(h.idev2()));
        k.ok(new Op.Destroy(h.hwpt1()));
        k.ok(new Op.Destroy(h.hwpt2()));
        assertEquals(2, k.users(h.ioas1()));
        assertEquals("EBUSY", k.outcome(new Op.Destroy(h.ioas1())));
    }

    @Test
    void anIoasPtIdWhileAttachedUnderV615ReplacesIntoANewAutoHwpt() {
        Machine k = new Machine(machine(), Profile.V6_15);
        Ids h = b0(k);
        int auto = k.ok(new Op.Attach(h.idev1(), h.ioas1()), "pt_id");
        assertTrue(k.state.object(auto) instanceof HwptPaging p && p.autoDomain());
        assertEquals(Map.of(h.hwpt1(), 1, auto, 3, h.ioas1(), 3), k.users(h.hwpt1(), auto, h.ioas1()));
        k.ok(new Op.Detach(h.idev1()));
        k.ok(new Op.Detach(h.idev2()));
        assertNull(k.state.object(auto));
        k.ok(new Op.Destroy(h.hwpt1()));
        k.ok(new Op.Destroy(h.hwpt2()));
        assertEquals(1, k.users(h.ioas1()));
        k.ok(new Op.Destroy(h.ioas1()));
    }

    @Test
    void replaceAwayFromAnAutoHwptIsEbusyAndChangesNothing() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = bound(k);
        int auto = k.ok(new Op.Attach(h.idev1(), h.ioas1()), "pt_id");
        assertEquals(2, k.users(auto));
        State before = k.state;
        assertEquals("EBUSY", k.outcome(new Op.Attach(h.idev1(), h.hwpt2())));
        assertEquals(before.objects(), k.state.objects());
        assertEquals(before.groups(), k.state.groups());
        // replace *to* an existing auto hwpt by its ID is allowed: idev2 joins it
        k.ok(new Op.Attach(h.idev2(), auto));
        assertEquals(3, k.users(auto));
    }

    @Test
    void replaceAwayFromAnAutoHwptUnderV615DestroysTheOldOne() {
        Machine k = new Machine(machine(), Profile.V6_15);
        Ids h = bound(k);
        int auto = k.ok(new Op.Attach(h.idev1(), h.ioas1()), "pt_id");
        k.ok(new Op.Attach(h.idev1(), h.hwpt2()));
        assertNull(k.state.object(auto));
        assertEquals("hwpt " + h.hwpt2(), k.group26());
    }

    @Test
    void lastDetachOfAnAutoHwptDestroysIt() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = bound(k);
        int auto = k.ok(new Op.Attach(h.idev1(), h.ioas1()), "pt_id");
        assertEquals(auto, k.ok(new Op.Attach(h.idev2(), h.ioas1()), "pt_id"));
        assertEquals(Map.of(auto, 3, h.ioas1(), 3), k.users(auto, h.ioas1()));
        k.ok(new Op.Detach(h.idev1()));
        assertEquals(2, k.users(auto));
        k.ok(new Op.Detach(h.idev2()));
        assertNull(k.state.object(auto));
        assertEquals(2, k.users(h.ioas1()));
        assertEquals("blocking", k.group26());
    }

    /** A 4 GiB aperture, and ioas2 holding an area above it: hwpt2's domain cannot join ioas2. */
    static Ids unjoinableHwpt2(Machine k) {
        int idev1 = k.ok(new Op.Bind(FN0), "id");
        int idev2 = k.ok(new Op.Bind(FN1), "id");
        int ioas1 = k.ok(new Op.IoasAlloc(), "id");
        int ioas2 = k.ok(new Op.IoasAlloc(), "id");
        k.ok(new Op.IoasMap(ioas1, 0x1000, IOVA1, Prot.RW, null));
        k.ok(new Op.IoasMap(ioas2, 0x1000, 0x100000000L, Prot.RW, null));
        int hwpt1 = k.ok(new Op.HwptAlloc(idev1, ioas1, Set.of()), "id");
        int hwpt2 = k.ok(new Op.HwptAlloc(idev1, ioas2, Set.of()), "id");
        k.ok(new Op.Attach(idev1, hwpt1));
        return new Ids(idev1, idev2, ioas1, ioas2, hwpt1, hwpt2);
    }

    static Topology smallApertureMachine() {
        Iommu unit = new Iommu("iommu0", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffL, Set.of());
        return new Topology(4096, List.of(unit), List.of(
                new GroupSpec(26, "iommu0", DomainType.DMA, List.of(device(FN0, 26, List.of(MSI)), device(FN1, 26, List.of(MSI))))));
    }

    @Test
    void aStealThatFailsToAddTheDomainStillDetachesTheWholeGroupInV2() {
        Machine k = new Machine(smallApertureMachine(), Profile.V2_PATCH);
        Ids h = unjoinableHwpt2(k);
        assertEquals("ok", k.dma(FN0, IOVA1));
        // replace_domain moved the group, iopt_table_add_domain refused, out_detach put the group on blocking
        Result r = k.apply(new Op.Attach(h.idev2(), h.hwpt2()));
        assertEquals("EADDRINUSE", r.outcome());
        assertFalse(r.events().isEmpty(), "the kernel keeps what its error path did");
        assertEquals("blocking", k.group26());
        assertEquals(List.of(h.idev1()), k.snap().divergedIdevs());
        assertEquals("fault", k.dma(FN0, IOVA1));
        assertEquals(-1, k.snap().recorded(h.idev2()));
        assertEquals(Map.of(h.hwpt2(), 1, h.idev2(), 2), k.users(h.hwpt2(), h.idev2()));
        assertTrue(k.ioas(h.ioas2()).iopt().reservedOf(new ReservedOwner.Device(FN1)).isEmpty());
        // under v6.15 the domain joins its IOAS at hwpt_alloc, which refuses it before any group moves
        Machine m = new Machine(smallApertureMachine(), Profile.V6_15);
        int idev1 = m.ok(new Op.Bind(FN0), "id");
        m.ok(new Op.Bind(FN1));
        int ioas1 = m.ok(new Op.IoasAlloc(), "id");
        int ioas2 = m.ok(new Op.IoasAlloc(), "id");
        m.ok(new Op.IoasMap(ioas1, 0x1000, IOVA1, Prot.RW, null));
        m.ok(new Op.IoasMap(ioas2, 0x1000, 0x100000000L, Prot.RW, null));
        m.ok(new Op.Attach(idev1, ioas1));
        State before = m.state;
        assertEquals("EADDRINUSE", m.outcome(new Op.HwptAlloc(idev1, ioas2, Set.of())));
        assertSame(before.groups(), m.state.groups());
        assertEquals("ok", m.dma(FN0, IOVA1));
    }

    // ---- v6.2 specifics -------------------------------------------------------------------------------------

    @Test
    void msiIsolationIsCheckedAtAttachInV2AndAtBindLater() {
        Topology t = machine(device(FN0, 26, List.of(MSI)), device(FN1, 26, List.of(MSI), DeviceQuirk.UNSAFE_MSI));
        Machine k = new Machine(t, Profile.V2_PATCH);
        int idev1 = k.ok(new Op.Bind(FN0), "id");
        int ioas = k.ok(new Op.IoasAlloc(), "id");
        State before = k.state;
        assertEquals("EPERM", k.outcome(new Op.Attach(idev1, ioas)));
        assertEquals(before.objects(), k.state.objects());
        assertEquals("blocking", k.group26());
        Machine m = new Machine(t, Profile.V6_15);
        assertEquals("EPERM", m.outcome(new Op.Bind(FN0)));
    }

    @Test
    void v2ReservesTheWholeGroupsRegionsUnderTheAttachingDevice() {
        ReservedRegion direct = new ReservedRegion(0xcb000000L, 0xcb0fffffL, ResvType.DIRECT);
        Topology t = machine(device(FN0, 26, List.of(MSI)), device(FN1, 26, List.of(MSI, direct)));
        Machine k = new Machine(t, Profile.V2_PATCH);
        int idev1 = k.ok(new Op.Bind(FN0), "id");
        k.ok(new Op.Bind(FN1));
        int ioas = k.ok(new Op.IoasAlloc(), "id");
        int hwpt = k.ok(new Op.Attach(idev1, ioas), "pt_id");
        ReservedOwner fn0 = new ReservedOwner.Device(FN0);
        assertEquals(List.of(new ReservedRange(0xcb000000L, 0xcb0fffffL, fn0), new ReservedRange(0xfee00000L, 0xfeefffffL, fn0)),
                k.ioas(ioas).iopt().reservedOf(fn0));
        // a hardware MSI region gives v6.2's sw_msi_start = 0, and the cookie is installed once
        assertEquals(0, k.state.domain(k.domainOf(hwpt)).msiCookie());
        // v6.15 cannot even bind a group with a RESV_DIRECT device (a48ce36e2786); compare with a plain reserved region
        ReservedRegion reserved = new ReservedRegion(0xcb000000L, 0xcb0fffffL, ResvType.RESERVED);
        Machine m = new Machine(machine(device(FN0, 26, List.of(MSI)), device(FN1, 26, List.of(MSI, reserved))), Profile.V6_15);
        int i1 = m.ok(new Op.Bind(FN0), "id");
        m.ok(new Op.Bind(FN1));
        int ioas15 = m.ok(new Op.IoasAlloc(), "id");
        m.ok(new Op.Attach(i1, ioas15));
        assertEquals(List.of(new ReservedRange(0xfee00000L, 0xfeefffffL, fn0)), m.ioas(ioas15).iopt().reservedOf(fn0));
    }

    @Test
    void aReplaceAcrossIoasesMovesTheDevicesReservedRanges() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = h1(k);
        ReservedOwner fn0 = new ReservedOwner.Device(FN0);
        assertTrue(k.ioas(h.ioas1()).iopt().reservedOf(fn0).isEmpty());
        assertEquals(1, k.ioas(h.ioas2()).iopt().reservedOf(fn0).size());
        assertEquals(1, k.ioas(h.ioas1()).iopt().reservedOf(new ReservedOwner.Device(FN1)).size());
    }

    @Test
    void hwptAllocFollowsTheNestingSeriesOfTheTimeInV2() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = bound(k);
        assertEquals(Map.of(h.hwpt1(), 1, h.ioas1(), 2), k.users(h.hwpt1(), h.ioas1()));
        assertEquals("EOPNOTSUPP", k.outcome(new Op.HwptAlloc(h.idev1(), h.ioas1(), Set.of(Op.HwptFlag.NEST_PARENT))));
        assertEquals("EOPNOTSUPP", k.outcome(new Op.HwptAlloc(h.idev1(), h.ioas1(), Set.of(Op.HwptFlag.DIRTY_TRACKING))));
        assertEquals("EINVAL", k.outcome(new Op.HwptAlloc(h.idev1(), h.hwpt1(), Set.of())));
        assertEquals("EINVAL", k.outcome(new Op.HwptAlloc(h.idev1(), 999, Set.of())));
        assertEquals("ENOENT", k.outcome(new Op.HwptAlloc(999, h.ioas1(), Set.of())));
    }

    @Test
    void hwptAllocInV66TakesNoFlagsAndOnlyAnIoas() {
        Machine k = new Machine(machine(), Profile.V6_6);
        Ids h = bound(k);
        assertEquals("EOPNOTSUPP", k.outcome(new Op.HwptAlloc(h.idev1(), h.ioas1(), Set.of(Op.HwptFlag.NEST_PARENT))));
        assertEquals("ENOENT", k.outcome(new Op.HwptAlloc(h.idev1(), h.hwpt1(), Set.of())));
        assertEquals("ENOENT", k.outcome(new Op.HwptAlloc(h.idev1(), 999, Set.of())));
        // v6.6 adds the domain at alloc
        assertEquals(2, k.ioas(h.ioas1()).iopt().domains().size() + k.ioas(h.ioas2()).iopt().domains().size());
    }

    @Test
    void anIdevAttachedOnlyThroughTheReplaceOpIsDetachedAtClose() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = bound(k);
        k.ok(new Op.Replace(h.idev1(), h.hwpt1()));
        assertEquals(h.hwpt1(), k.snap().recorded(h.idev1()));
        // VFIO never saw it attached: its DETACH is a no-op
        k.ok(new Op.Detach(h.idev1()));
        assertEquals(2, k.users(h.hwpt1()));
        k.ok(new Op.Unbind(h.idev1()));
        assertEquals(1, k.users(h.hwpt1()));
        assertEquals("blocking", k.group26());
        assertNotNull(k.state.object(h.hwpt1()));
    }

    // ---- every step, every sequence --------------------------------------------------------------------------

    @Test
    void everyV2StepKeepsEveryRuleItDoesNotBreakByDesign() {
        Machine k = new Machine(machine(), Profile.V2_PATCH);
        Ids h = h1(k);
        int hwpt3 = k.ok(new Op.HwptAlloc(h.idev1(), h.ioas1(), Set.of()), "id");
        k.ok(new Op.Attach(h.idev2(), hwpt3));
        k.ok(new Op.Attach(h.idev1(), h.hwpt2()));
        k.apply(new Op.Attach(h.idev1(), h.ioas2()));
        k.ok(new Op.Detach(h.idev2()));
        k.ok(new Op.Attach(h.idev2(), h.ioas1()));
        k.ok(new Op.Unbind(h.idev1()));
        k.ok(new Op.Unbind(h.idev2()));
        // the Machine asserted violations() empty after each step; the broken rules show up as divergences
        assertTrue(k.reports.stream().allMatch(r -> r.violations().isEmpty()));
        assertTrue(k.reports.stream().anyMatch(r -> !r.divergences().isEmpty()));
        assertEquals("default", k.group26());
    }

    /** A seeded random walk over the ops that touch attachment: no exception, no violation, every step. */
    @Test
    void randomWalksNeverThrowNorBreakARuleV2DoesNotBreakByDesign() {
        Random rnd = new Random(0x0802);
        for (int walk = 0; walk < 60; walk++) {
            Machine k = new Machine(machine(), Profile.V2_PATCH);
            List<String> names = List.of(FN0, FN1, SOLO);
            for (int i = 0; i < 80; i++) {
                List<Integer> idevs = new ArrayList<>();
                List<Integer> pts = new ArrayList<>();
                for (IommufdObject o : k.state.objects().values()) {
                    (o instanceof Idev ? idevs : pts).add(o.id());
                }
                int dev = idevs.isEmpty() ? 1 : idevs.get(rnd.nextInt(idevs.size()));
                int pt = pts.isEmpty() ? 1 : pts.get(rnd.nextInt(pts.size()));
                long iova = (1L + rnd.nextInt(8)) << 20;
                Op op = switch (rnd.nextInt(12)) {
                    case 0 -> new Op.Bind(names.get(rnd.nextInt(3)));
                    case 1 -> new Op.Unbind(dev);
                    case 2 -> new Op.IoasAlloc();
                    case 3 -> new Op.IoasMap(pt, 0x1000, iova, Prot.RW, null);
                    case 4 -> new Op.HwptAlloc(dev, pt, Set.of());
                    case 5, 6 -> new Op.Attach(dev, pt);
                    case 7 -> new Op.Replace(dev, pt);
                    case 8 -> new Op.Detach(dev);
                    case 9 -> new Op.Destroy(pt);
                    case 10 -> new Op.IoasUnmap(pt, iova, 0x1000);
                    default -> new Op.Dma(names.get(rnd.nextInt(3)), null, iova, Op.Access.READ);
                };
                k.apply(op);
                k.snap().explanations();
            }
        }
    }
}
