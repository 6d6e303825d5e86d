package org.iommuscope.engine;

import static org.iommuscope.engine.Machines.FN0;
import static org.iommuscope.engine.Machines.FN1;
import static org.iommuscope.engine.Machines.SOLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.iommuscope.engine.Machines.Driver;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;

/** Multi-device iommu_group behaviour the upstream selftests never exercise (their mock devices are singleton groups). */
class MultiDeviceGroupTest {

    private final Driver k = new Driver(Machines.twoFunctionGroup(), Profile.V6_15);

    /** Binds both functions of group 26, allocates an IOAS and attaches fn0 (auto hwpt). Returns {idev1, idev2, ioas, hwpt}. */
    private int[] bothBoundFirstAttached() {
        int idev1 = k.ok(new Op.Bind(FN0), "id");
        int idev2 = k.ok(new Op.Bind(FN1), "id");
        int ioas = k.ok(new Op.IoasAlloc(), "id");
        int hwpt = k.ok(new Op.Attach(idev1, ioas), "pt_id");
        return new int[] {idev1, idev2, ioas, hwpt};
    }

    @Test
    void idsAreTheLowestFreeFromOneAndAreReused() {
        int[] ids = bothBoundFirstAttached();
        assertEquals(List.of(1, 2, 3, 4), List.of(ids[0], ids[1], ids[2], ids[3]));
        k.ok(new Op.Detach(ids[0]));
        // the auto hwpt 4 died with its last device; the next object takes ID 4 again
        assertEquals(Errno.ENOENT, k.apply(new Op.Destroy(4)).errno());
        assertEquals(4, k.ok(new Op.IoasAlloc(), "id"));
    }

    @Test
    void siblingCannotAttachToAnotherHwpt() {
        int[] ids = bothBoundFirstAttached();
        int manual = k.ok(new Op.HwptAlloc(ids[1], ids[2], Set.of()), "id");
        Result r = k.apply(new Op.Attach(ids[1], manual));
        assertEquals(Errno.EINVAL, r.errno());
        assertEquals(1, k.users(manual));
    }

    @Test
    void siblingAttachingToTheIoasJoinsTheGroupsAutoHwpt() {
        int[] ids = bothBoundFirstAttached();
        assertEquals(ids[3], k.ok(new Op.Attach(ids[1], ids[2]), "pt_id"));
        assertEquals(3, k.users(ids[3]));
        assertEquals(List.of(ids[0], ids[1]), k.snapshot().attached(ids[3]));
    }

    @Test
    void replaceByOneMemberMovesTheWholeGroupAndTransfersEveryReference() {
        int[] ids = bothBoundFirstAttached();
        k.ok(new Op.Attach(ids[1], ids[2]));
        int h2 = k.ok(new Op.HwptAlloc(ids[0], ids[2], Set.of()), "id");
        assertEquals(3, k.users(ids[3]));
        assertEquals(1, k.users(h2));
        k.ok(new Op.Replace(ids[0], h2));
        // h2: 1 + both attached devices; the auto hwpt lost every reference and was destroyed
        assertEquals(3, k.users(h2));
        assertNull(k.state.object(ids[3]));
        assertEquals("hwpt " + h2, k.snapshot().groupDomainLabel(26));
        // user space still records the auto hwpt for idev2: diverged until it catches up
        assertEquals(List.of(ids[1]), k.snapshot().divergedIdevs());
        assertTrue(k.snapshot().divergenceExplanation((org.iommuscope.engine.iommufd.Idev) k.state.object(ids[1]))
                .contains("idev " + ids[0] + " replaced"));
        Result nop = k.apply(new Op.Replace(ids[1], h2));
        assertTrue(nop.ok());
        assertTrue(nop.events().stream().anyMatch(e -> e instanceof Event.ReplaceNop));
        assertEquals(3, k.users(h2));
        assertEquals(List.of(), k.snapshot().divergedIdevs());
    }

    @Test
    void detachOrderKeepsTheGroupOnItsHwptUntilTheLastMemberLeaves() {
        int[] ids = bothBoundFirstAttached();
        k.ok(new Op.Attach(ids[1], ids[2]));
        k.ok(new Op.Detach(ids[0]));
        assertEquals("hwpt " + ids[3], k.snapshot().groupDomainLabel(26));
        assertEquals(2, k.users(ids[3]));
        k.ok(new Op.Detach(ids[1]));
        assertEquals("blocking", k.snapshot().groupDomainLabel(26));
        assertNull(k.state.object(ids[3]));
        // the IOAS lost its auto hwpt, so it can be destroyed now
        k.ok(new Op.Destroy(ids[2]));
    }

    @Test
    void replaceOfAnUnattachedSiblingIsEinvalSinceTheFix() {
        int[] ids = bothBoundFirstAttached();
        assertEquals(Errno.EINVAL, k.apply(new Op.Replace(ids[1], ids[3])).errno());
        assertEquals(List.of(ids[1]), k.snapshot().implicitIdevs());
    }

    @Test
    void v66ReplaceOfAnUnattachedSiblingMovesTheGroupWithoutAttachingIt() {
        Driver old = new Driver(Machines.twoFunctionGroup(), Profile.V6_6);
        int idev1 = old.ok(new Op.Bind(FN0), "id");
        int idev2 = old.ok(new Op.Bind(FN1), "id");
        int ioas = old.ok(new Op.IoasAlloc(), "id");
        int h1 = old.ok(new Op.Attach(idev1, ioas), "pt_id");
        int h2 = old.ok(new Op.HwptAlloc(idev1, ioas, Set.of()), "id");
        assertTrue(old.apply(new Op.Replace(idev2, h2)).ok());
        assertEquals("hwpt " + h2, old.snapshot().groupDomainLabel(26));
        assertEquals(List.of(idev2), old.snapshot().implicitIdevs());
        // idev1 holds h2 now; idev2 holds nothing: users 1 + 1
        assertEquals(2, old.users(h2));
        assertNull(old.state.object(h1));
    }

    @Test
    void dmaIsTranslatedThroughTheDomainTheGroupIsReallyOn() {
        int[] ids = bothBoundFirstAttached();
        long iova = ((Number) k.apply(new Op.IoasMap(ids[2], 0x10000, 0x100000L, Prot.RW, null)).output("iova")).longValue();
        Result read = k.apply(new Op.Dma(FN1, null, iova + 0x20, Op.Access.READ));
        // fn1 never attached, but its group is on fn0's domain: the DMA translates (implicitly)
        assertTrue(read.ok());
        assertEquals(0x100000020L, read.output("pa"));
        Result unmapped = k.apply(new Op.Dma(FN1, null, 0x200000, Op.Access.READ));
        assertTrue(unmapped.fault());
        Result solo = k.apply(new Op.Dma(SOLO, null, iova, Op.Access.READ));
        assertTrue(solo.fault(), "group 27 is on its default domain");
    }

    @Test
    void lastDetachPutsTheGroupOnBlockingAndDmaFaults() {
        int[] ids = bothBoundFirstAttached();
        k.ok(new Op.IoasMap(ids[2], 0x1000, 0x100000L, Prot.RW, null));
        assertTrue(k.apply(new Op.Dma(FN0, null, 0x100000, Op.Access.WRITE)).ok());
        k.ok(new Op.Detach(ids[0]));
        Result r = k.apply(new Op.Dma(FN0, null, 0x100000, Op.Access.WRITE));
        assertTrue(r.fault());
        assertTrue(r.events().get(0).describe().contains("blocking"));
    }

    @Test
    void aFailedReplaceLeavesEverythingAsItWas() {
        Driver d = new Driver(Machines.twoFunctionGroup(DeviceQuirk.NO_DIRTY), Profile.V6_15);
        int idev1 = d.ok(new Op.Bind(FN0), "id");
        int idev2 = d.ok(new Op.Bind(FN1), "id");
        int ioas = d.ok(new Op.IoasAlloc(), "id");
        d.ok(new Op.Attach(idev1, ioas));
        d.ok(new Op.Attach(idev2, ioas));
        int dirty = d.ok(new Op.HwptAlloc(idev1, ioas, Set.of(Op.HwptFlag.DIRTY_TRACKING)), "id");
        State before = d.state;
        // fn1 cannot do dirty tracking: attach_dev refuses it and the whole group stays put
        Result r = d.apply(new Op.Replace(idev1, dirty));
        assertEquals(Errno.EINVAL, r.errno());
        assertTrue(r.events().isEmpty());
        assertSame(before.objects(), d.state.objects());
        assertSame(before.groups(), d.state.groups());
        assertSame(before.domains(), d.state.domains());
    }

    @Test
    void aFailedAttachOnAReservedConflictLeavesEverythingAsItWas() {
        int idev1 = k.ok(new Op.Bind(FN0), "id");
        int ioas = k.ok(new Op.IoasAlloc(), "id");
        k.ok(new Op.IoasMap(ioas, 0x1000, 0xfee00000L, Prot.RW, null));
        State before = k.state;
        Result r = k.apply(new Op.Attach(idev1, ioas));
        assertEquals(Errno.EADDRINUSE, r.errno());
        assertSame(before.objects(), k.state.objects());
        assertSame(before.domains(), k.state.domains());
        assertEquals("blocking", k.snapshot().groupDomainLabel(26));
    }

    @Test
    void kernelDriverOnASiblingMakesBindEperm() {
        var t = Machines.twoFunctionGroup();
        var g = t.groups().get(0);
        var kernelSibling = new org.iommuscope.engine.hw.PciDevice(FN1, 26, "e1000e", List.of(), Set.of());
        var topo = new org.iommuscope.engine.hw.Topology(4096, t.iommus(), List.of(
                new org.iommuscope.engine.hw.GroupSpec(26, g.iommu(), g.defaultDomainType(), List.of(g.devices().get(0), kernelSibling)),
                t.groups().get(1)));
        Driver d = new Driver(topo, Profile.V6_15);
        Result r = d.apply(new Op.Bind(FN0));
        assertEquals(Errno.EPERM, r.errno());
        assertTrue(r.reason().contains("e1000e"));
        assertTrue(d.apply(new Op.Bind(SOLO)).ok());
    }

    @Test
    void unbindDetachesReleasesOwnershipAndFreesTheIgroup() {
        int[] ids = bothBoundFirstAttached();
        k.ok(new Op.Unbind(ids[0]));
        assertEquals("blocking", k.snapshot().groupDomainLabel(26));
        k.ok(new Op.Unbind(ids[1]));
        assertEquals("default", k.snapshot().groupDomainLabel(26));
        assertTrue(k.state.igroups().isEmpty());
        assertEquals(1, k.users(ids[2]));
    }
}
