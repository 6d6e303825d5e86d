package org.iommuscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.iommufd.Vdevice;
import org.junit.jupiter.api.Test;

/**
 * Each errno and reference rule of the vIOMMU objects, pinned to the kernel function it comes from (named in the
 * test), and each release difference. Expected values are read from that function's source (viommu.c, eventq.c,
 * hw_pagetable.c, device.c, main.c, arm-smmu-v3-iommufd.c, the selftest mock), not from a run of the engine.
 */
class ViommuErrnosTest {
    static final String A = "0000:01:00.0";
    static final String B = "0000:02:00.0";
    static final String C = "0000:03:00.0";
    static final String D = "0000:04:00.0";
    static final long RAM = 0x40000000L;

    /** smmu0 (A, B) and smmu1 (C) can nest and have vIOMMUs; dmar0 (D) can nest only. */
    static Topology machine() {
        Set<IommuCap> smmu = Set.of(IommuCap.NESTING, IommuCap.VIOMMU);
        return new Topology(4096, List.of(
                new Iommu("smmu0", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL, smmu),
                new Iommu("smmu1", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL, smmu),
                new Iommu("dmar0", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL, Set.of(IommuCap.NESTING))), List.of(
                new GroupSpec(1, "smmu0", DomainType.DMA, List.of(Machines.vfio(A, 1))),
                new GroupSpec(2, "smmu0", DomainType.DMA, List.of(Machines.vfio(B, 2))),
                new GroupSpec(3, "smmu1", DomainType.DMA, List.of(Machines.vfio(C, 3))),
                new GroupSpec(4, "dmar0", DomainType.DMA, List.of(Machines.vfio(D, 4)))));
    }

    /** A (1), B (2), C (3), D (4) bound; IOAS 5 with 2 MiB of guest RAM at RAM; nesting parent 6 made for A. */
    static Machines.Driver withParent(Profile p) {
        Machines.Driver k = new Machines.Driver(machine(), p);
        for (String dev : List.of(A, B, C, D)) {
            k.ok(new Op.Bind(dev), "id");
        }
        assertEquals(5, k.ok(new Op.IoasAlloc(), "id"));
        k.ok(new Op.IoasMap(5, 2L << 20, RAM, Prot.RW, null));
        assertEquals(6, k.ok(new Op.HwptAlloc(1, 5, Set.of(Op.HwptFlag.NEST_PARENT)), "id"));
        return k;
    }

    /** ... and vIOMMU 7 on it, for A. */
    static Machines.Driver withViommu(Profile p) {
        Machines.Driver k = withParent(p);
        assertEquals(7, k.ok(new Op.ViommuAlloc(1, 6), "id"));
        return k;
    }

    static String outcome(Machines.Driver k, Op op) {
        return k.apply(op).outcome();
    }

    // ---- iommufd_fops_ioctl(): the ioctls a release lacks ---------------------------------------------------

    @Test
    void theVirtualObjectIoctlsAreEnottyBeforeTheirReleaseFromIommufdFopsIoctl() {
        Machines.Driver v612 = new Machines.Driver(machine(), Profile.V6_12);
        v612.ok(new Op.Bind(A), "id");
        assertEquals("ENOTTY", outcome(v612, new Op.ViommuAlloc(1, 1)), "IOMMU_VIOMMU_ALLOC is v6.13");
        assertEquals("ENOTTY", outcome(v612, new Op.VdeviceAlloc(1, 1, 8)), "IOMMU_VDEVICE_ALLOC is v6.13");
        assertEquals("ENOTTY", outcome(v612, new Op.VeventqAlloc(1, 2)), "IOMMU_VEVENTQ_ALLOC is v6.15");
        Machines.Driver v615 = withViommu(Profile.V6_15);
        assertEquals("ENOTTY", outcome(v615, new Op.HwQueueAlloc(7, null, 0, RAM, 0x1000)), "IOMMU_HW_QUEUE_ALLOC is v6.17");
        Machines.Driver v66 = new Machines.Driver(machine(), Profile.V6_6);
        assertEquals("ENOTTY", outcome(v66, new Op.HwptInvalidate(1, List.of())), "IOMMU_HWPT_INVALIDATE is v6.8");
    }

    // ---- iommufd_viommu_alloc_ioctl() ---------------------------------------------------------------------

    @Test
    void viommuAllocChecksInTheOrderOfIommufdViommuAllocIoctl() {
        Machines.Driver k = withParent(Profile.V6_18);
        assertEquals("EOPNOTSUPP", outcome(k, new Op.ViommuAlloc(1, 6, 0L)), "IOMMU_VIOMMU_TYPE_DEFAULT");
        assertEquals("ENOENT", outcome(k, new Op.ViommuAlloc(5, 6)), "iommufd_get_device() of an IOAS");
        assertEquals("EOPNOTSUPP", outcome(k, new Op.ViommuAlloc(4, 6)), "dmar0's driver has no get_viommu_size/viommu_init");
        assertEquals("EOPNOTSUPP", outcome(k, new Op.ViommuAlloc(1, 6, 0xdeadL)), "get_viommu_size() returns 0 for an unknown type");
        assertEquals("ENOENT", outcome(k, new Op.ViommuAlloc(1, 5)), "iommufd_get_hwpt_paging() of an IOAS");
        int plain = k.ok(new Op.HwptAlloc(1, 5, Set.of()), "id");
        assertEquals("EINVAL", outcome(k, new Op.ViommuAlloc(1, plain)), "!hwpt_paging->nest_parent");
        assertEquals("EINVAL", outcome(k, new Op.ViommuAlloc(3, 6)), "arm_vsmmu_init(): s2_parent->smmu != smmu");
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, plain), k.state.objects().keySet(), "every refused allocation released its ID");
        int viommu = k.ok(new Op.ViommuAlloc(2, 6, 0xdeadbeefL), "id");
        assertEquals(plain + 1, viommu, "the device need not be attached, nor the one the parent was made for");
        assertEquals(2, k.users(6), "the vIOMMU holds its parent");
        assertEquals("EBUSY", outcome(k, new Op.Destroy(6)), "iommufd_object_remove(): the parent has users 2");
    }

    @Test
    void anUnknownTypeWithABadParentIsEopnotsuppSinceV617AndEnoentBeforeFromIommufdViommuAllocIoctl() {
        // v6.17's get_viommu_size() runs before iommufd_get_hwpt_paging(); v6.13–v6.16's driver viommu_alloc() after it
        assertEquals("ENOENT", outcome(withParent(Profile.V6_15), new Op.ViommuAlloc(1, 5, 0xdeadL)));
        assertEquals("EOPNOTSUPP", outcome(withParent(Profile.V6_18), new Op.ViommuAlloc(1, 5, 0xdeadL)));
    }

    // ---- iommufd_vdevice_alloc_ioctl() --------------------------------------------------------------------

    @Test
    void vdeviceAllocChecksInTheOrderOfIommufdVdeviceAllocIoctl() {
        Machines.Driver k = withViommu(Profile.V6_18);
        assertEquals("ENOENT", outcome(k, new Op.VdeviceAlloc(6, 1, 8)), "iommufd_get_viommu() of a hwpt");
        assertEquals("ENOENT", outcome(k, new Op.VdeviceAlloc(7, 5, 8)), "iommufd_get_device() of an IOAS");
        assertEquals("EINVAL", outcome(k, new Op.VdeviceAlloc(7, 3, 8)), "viommu->iommu_dev != the device's (smmu1)");
        assertEquals(8, k.ok(new Op.VdeviceAlloc(7, 1, 8), "id"));
        assertEquals("EEXIST", outcome(k, new Op.VdeviceAlloc(7, 2, 8)), "xa_cmpxchg(&viommu->vdevs, virt_id): taken");
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), k.state.objects().keySet(), "the refused vDEVICE's ID was freed (abort)");
        assertEquals(3, k.users(1), "since v6.17 the vDEVICE keeps the idev lookup reference");
        assertEquals(2, k.users(7), "the vDEVICE holds the vIOMMU");
        assertEquals(9, k.ok(new Op.VdeviceAlloc(7, 2, 9), "id"), "another device, another virt_id");
    }

    @Test
    void oneVdevicePerDeviceIsV617AndOnePerVirtIdBeforeFromIommufdVdeviceAllocIoctl() {
        for (Profile p : List.of(Profile.V6_15, Profile.V6_18)) {
            Machines.Driver k = withViommu(p);
            k.ok(new Op.VdeviceAlloc(7, 1, 8), "id");
            int second = k.ok(new Op.ViommuAlloc(1, 6), "id");
            String again = outcome(k, new Op.VdeviceAlloc(second, 1, 8));
            if (p == Profile.V6_15) {
                assertEquals("ok", again, "v6.15: virt_id 8 is free in the second vIOMMU, and an idev may have several vDEVICEs");
            } else {
                assertEquals("EEXIST", again, "v6.18: idev->vdev is set (checked before the virt_id)");
            }
        }
    }

    // ---- iommufd_device_pre_destroy() → iommufd_device_remove_vdev() (v6.17) ------------------------------

    @Test
    void unbindTombstonesTheVdeviceSinceV617FromIommufdDeviceRemoveVdev() {
        Machines.Driver k = withViommu(Profile.V6_18);
        int vdev = k.ok(new Op.VdeviceAlloc(7, 2, 8), "id");
        k.ok(new Op.Unbind(2));
        assertNull(k.state.object(vdev), "the vDEVICE was destroyed with its device");
        assertTrue(k.state.tombstones().contains(vdev));
        assertEquals(1, k.users(7), "the vIOMMU lost the vDEVICE's reference");
        assertEquals("ENOENT", outcome(k, new Op.Destroy(vdev)), "iommufd_object_remove(): xa_is_zero(obj)");
        assertEquals(Map.of(), k.snapshot().vdevices(7), "virt_id 8 is free again in the vIOMMU");
        k.ok(new Op.Bind(B), "id");
        assertEquals(2, k.state.boundDevices().get(B), "the idev's own ID is reusable");
        for (int i = 0; i < 3; i++) {
            assertFalse(k.ok(new Op.IoasAlloc(), "id") == vdev, "xa_alloc() skips the tombstone's slot");
        }
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 9, 10, 11), k.state.objects().keySet(), "9, 10, 11: the tombstone's 8 is skipped");
    }

    @Test
    void beforeV617UnbindLeavesTheVdeviceAliveFromIommufdVdeviceAllocIoctlsGetDevice() {
        Machines.Driver k = withViommu(Profile.V6_15);
        int vdev = k.ok(new Op.VdeviceAlloc(7, 2, 8), "id");
        assertEquals(2, k.users(2), "v6.13–v6.16 keep only get_device(), no idev reference");
        k.ok(new Op.Unbind(2));
        assertTrue(k.state.object(vdev) instanceof Vdevice, "the vDEVICE outlives its idev");
        assertEquals("EEXIST", outcome(k, new Op.VdeviceAlloc(7, 1, 8)), "its virt_id stays taken");
        assertEquals("ok", outcome(k, new Op.Destroy(vdev)), "and IOMMU_DESTROY of it works");
        assertTrue(k.state.tombstones().isEmpty());
    }

    // ---- iommufd_hwpt_alloc() with pt_id = a vIOMMU ------------------------------------------------------

    @Test
    void aNestedHwptOnAViommuHoldsTheViommuFromIommufdViommuAllocHwptNested() {
        Machines.Driver k = withViommu(Profile.V6_18);
        assertEquals("EINVAL", outcome(k, new Op.HwptAlloc(3, 7, Set.of())), "iommufd_hwpt_alloc(): viommu->iommu_dev mismatch");
        assertEquals("EOPNOTSUPP", outcome(k, new Op.HwptAlloc(1, 7, Set.of(Op.HwptFlag.NEST_PARENT))),
                "iommufd_viommu_alloc_hwpt_nested(): flags & ~(FAULT_ID_VALID | PASID)");
        int nested = k.ok(new Op.HwptAlloc(1, 7, Set.of()), "id");
        assertEquals(2, k.users(7), "hwpt_nested->viommu: the vIOMMU's users");
        assertEquals(2, k.users(6), "the parent is held by the vIOMMU only, not by the nested hwpt");
        assertEquals("EINVAL", outcome(k, new Op.HwptAlloc(1, nested, Set.of())), "nested on nested: iommufd_hwpt_alloc()'s default branch");
        assertEquals("EBUSY", outcome(k, new Op.Destroy(7)), "the nested hwpt holds the vIOMMU");
        k.ok(new Op.Destroy(nested));
        assertEquals(1, k.users(7));
    }

    @Test
    void stage1DataOnAPagingHwptIsRefusedByTheDriverAndUnknownToV66() {
        Stage1 s1 = Stage1.of(Stage1.Mode.TRANSLATE, List.of());
        assertEquals("EOPNOTSUPP", outcome(withParent(Profile.V6_18), new Op.HwptAlloc(1, 5, Set.of(), null, s1)),
                "domain_alloc_paging_flags() refuses user_data");
        Machines.Driver v66 = new Machines.Driver(machine(), Profile.V6_6);
        v66.ok(new Op.Bind(A), "id");
        v66.ok(new Op.IoasAlloc(), "id");
        assertEquals("E2BIG", outcome(v66, new Op.HwptAlloc(1, 2, Set.of(), null, s1)),
                "v6.6's struct iommu_hwpt_alloc ends before data_type: copy_struct_from_user()'s non-zero tail");
    }

    // ---- the driver's attach_dev: arm_smmu_attach_prepare_vmaster(), mock_domain_nop_attach() -------------

    @Test
    void aNestedDomainOfAViommuAttachesOnlyADeviceWithAVdeviceSinceV615() {
        for (Profile p : List.of(Profile.V6_15, Profile.V6_18, Profile.V6_19)) {
            Machines.Driver k = withViommu(p);
            int translate = k.ok(new Op.HwptAlloc(1, 7, Set.of(), null, Stage1.of(Stage1.Mode.TRANSLATE, List.of())), "id");
            assertEquals("ENOENT", outcome(k, new Op.Attach(1, translate)), p + ": iommufd_viommu_get_vdev_id() finds no vDEVICE");
            k.ok(new Op.VdeviceAlloc(7, 1, 8), "id");
            assertEquals("ok", outcome(k, new Op.Attach(1, translate)), p.key());
        }
    }

    @Test
    void abortAndBypassAttachWithoutAVdeviceSinceV619FromArmSmmuAttachPrepareVmaster() {
        for (Profile p : List.of(Profile.V6_18, Profile.V6_19)) {
            Machines.Driver k = withViommu(p);
            int abort = k.ok(new Op.HwptAlloc(1, 7, Set.of(), null, Stage1.ABORT), "id");
            int bypass = k.ok(new Op.HwptAlloc(1, 7, Set.of(), null, Stage1.BYPASS), "id");
            String expected = p == Profile.V6_19 ? "ok" : "ENOENT";
            assertEquals(expected, outcome(k, new Op.Attach(1, abort)), p + ": abort (GBPA.ABORT)");
            assertEquals(expected, outcome(k, new Op.Attach(1, bypass)), p + ": bypass (GBPA reset value)");
        }
    }

    // ---- iommufd_veventq_alloc(), iommufd_eventq_fops_release() ------------------------------------------

    @Test
    void veventqAllocChecksInTheOrderOfIommufdVeventqAlloc() {
        Machines.Driver k = withViommu(Profile.V6_15);
        assertEquals("EOPNOTSUPP", outcome(k, new Op.VeventqAlloc(7, 2, 0L)), "IOMMU_VEVENTQ_TYPE_DEFAULT");
        assertEquals("EINVAL", outcome(k, new Op.VeventqAlloc(7, 0)), "!cmd->veventq_depth");
        assertEquals("ENOENT", outcome(k, new Op.VeventqAlloc(6, 2)), "iommufd_get_viommu() of a hwpt");
        int q = k.ok(new Op.VeventqAlloc(7, 2), "id");
        assertEquals("EEXIST", outcome(k, new Op.VeventqAlloc(7, 1 << 20)), "iommufd_viommu_find_veventq(): the driver's type again");
        assertEquals("ok", outcome(k, new Op.VeventqAlloc(7, 2, 0x1234L)), "the core does not ask the driver about other types");
        assertEquals(2, k.users(q), "the xarray's and the fd's");
        assertEquals(3, k.users(7));
        assertEquals("EBUSY", outcome(k, new Op.Destroy(q)), "the fd holds it");
        k.ok(new Op.Close(q));
        assertEquals("EBADF", outcome(k, new Op.Close(q)), "closed already");
        k.ok(new Op.Destroy(q));
        assertEquals(2, k.users(7));
    }

    // ---- iommufd_hwpt_invalidate() ------------------------------------------------------------------------

    @Test
    void invalidateTargetsANestedHwptOrAViommuSinceV613FromIommufdHwptInvalidate() {
        Machines.Driver k = withViommu(Profile.V6_18);
        Result paging = k.apply(new Op.HwptInvalidate(6, List.of()));
        assertEquals("EINVAL", paging.outcome(), "a HWPT_PAGING, even a nest parent: the else branch");
        assertEquals(0L, paging.output("entry_num"), "entry_num is written back on error");
        assertEquals("ENOENT", outcome(k, new Op.HwptInvalidate(99, List.of())), "iommufd_get_object(ANY) passes ENOENT through");
        Machines.Driver v612 = new Machines.Driver(machine(), Profile.V6_12);
        v612.ok(new Op.Bind(A), "id");
        v612.ok(new Op.IoasAlloc(), "id");
        int parent = v612.ok(new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.NEST_PARENT)), "id");
        assertEquals("ENOENT", outcome(v612, new Op.HwptInvalidate(parent, List.of())), "v6.12: iommufd_get_hwpt_nested()");
        int nested = v612.ok(new Op.HwptAlloc(1, parent, Set.of()), "id");
        assertEquals(2L, v612.apply(new Op.HwptInvalidate(nested, List.of(new Op.InvalidationEntry(0, 0, 1),
                new Op.InvalidationEntry(1, 0, 0)))).output("entry_num"), "the nested domain's cache_invalidate_user");
    }

    @Test
    void aViommuInvalidationStopsAtTheFirstBadEntryFromMockViommuCacheInvalidate() {
        Machines.Driver k = withViommu(Profile.V6_18);
        k.ok(new Op.VdeviceAlloc(7, 1, 0x99), "id");
        Result r = k.apply(new Op.HwptInvalidate(7, List.of(new Op.InvalidationEntry(0, 0x99, 0), new Op.InvalidationEntry(0, 0x98, 0),
                new Op.InvalidationEntry(0, 0x99, 1))));
        assertEquals("EINVAL", r.outcome(), "vdev_id 0x98 names no vDEVICE (iommufd_viommu_find_dev())");
        assertEquals(1L, r.output("entry_num"), "one entry handled before it, no rollback");
    }

    // ---- iommufd_hw_queue_alloc_ioctl() and iommufd_hw_queue_alloc_phys() ---------------------------------

    @Test
    void aHwQueuePinsItsPagesAndTheIoasCannotUnmapThemFromIoptUnmapIovaRange() {
        Machines.Driver k = withViommu(Profile.V6_18);
        k.ok(new Op.IoasMap(5, 0x1000, 0x50000000L, Prot.RW, null));
        int q = k.ok(new Op.HwQueueAlloc(7, null, 0, RAM + 0x1000, 0x100), "id");
        int access = q + 1;
        assertEquals(2, k.users(access), "iommufd_access_create_internal(): users 2");
        assertEquals("EBUSY", outcome(k, new Op.Destroy(access)), "the internal access is the queue's");
        assertEquals(3, k.users(5), "the access is attached to the parent's IOAS (and the parent hwpt holds it)");
        Result r = k.apply(new Op.IoasUnmap(5, 0, -1L));
        assertEquals("EBUSY", r.outcome(), "area->num_locks: the locked area at RAM comes first, nothing is unmapped");
        assertEquals(2, ((org.iommuscope.engine.iommufd.Ioas) k.state.object(5)).iopt().areas().size());
        k.ok(new Op.Destroy(q));
        assertNull(k.state.object(access), "the queue destroys its access");
        assertEquals(2, k.users(5));
        assertEquals("ok", outcome(k, new Op.IoasUnmap(5, RAM, 2L << 20)));
    }

    @Test
    void hwQueueAllocChecksInTheOrderOfIommufdHwQueueAllocIoctl() {
        Machines.Driver k = withViommu(Profile.V6_18);
        assertEquals("EOPNOTSUPP", outcome(k, new Op.HwQueueAlloc(7, 0L, 0, RAM, 0x1000)), "IOMMU_HW_QUEUE_TYPE_DEFAULT");
        assertEquals("EINVAL", outcome(k, new Op.HwQueueAlloc(7, null, 0, RAM, 0)), "!cmd->length");
        assertEquals("EOVERFLOW", outcome(k, new Op.HwQueueAlloc(7, null, 0, -0x800L, 0x1000)), "nesting_parent_iova + length - 1");
        assertEquals("ENOENT", outcome(k, new Op.HwQueueAlloc(6, null, 0, RAM, 0x1000)), "iommufd_get_viommu()");
        assertEquals("EOPNOTSUPP", outcome(k, new Op.HwQueueAlloc(7, 0x77L, 0, RAM, 0x1000)), "get_hw_queue_size() is 0");
        assertEquals("ERANGE", outcome(k, new Op.HwQueueAlloc(7, null, 0, 0x10, -0x10L)),
                "iommufd_hw_queue_alloc_phys(): offset + length overflows");
        assertEquals("ENOENT", outcome(k, new Op.HwQueueAlloc(7, null, 0, RAM + (2L << 20), 0x1000)), "iommufd_access_pin_pages(): not mapped");
        k.ok(new Op.IoasMap(5, 0x1000, 0x60000000L, Prot.RW, null));
        k.ok(new Op.IoasMap(5, 0x1000, RAM + (2L << 20), Prot.RW, null));
        assertEquals("EFAULT", outcome(k, new Op.HwQueueAlloc(7, null, 0, RAM + (2L << 20) - 0x1000, 0x2000)),
                "two areas of two buffers: the pinned pages are not physically contiguous");
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7), k.state.objects().keySet(), "the queue's and the access's IDs were freed");
    }

    // ---- the two-stage walk: arm_smmu_handle_event() -----------------------------------------------------

    @Test
    void aDmaThroughANestedHwptWalksStage1ThenStage2AndReportsStage1FaultsAsVevents() {
        Machines.Driver k = withViommu(Profile.V6_18);
        int q = k.ok(new Op.VeventqAlloc(7, 1), "id");
        k.ok(new Op.VdeviceAlloc(7, 1, 0x8), "id");
        Stage1 s1 = Stage1.of(Stage1.Mode.TRANSLATE, List.of(new Stage1.Range(0x10000, RAM + 0x3000, 0x1000, Prot.R),
                new Stage1.Range(0x20000, 0x90000000L, 0x1000, Prot.RW)));
        int nested = k.ok(new Op.HwptAlloc(1, 7, Set.of(), null, s1), "id");
        k.ok(new Op.Attach(1, nested), "pt_id");
        Result ok = k.apply(new Op.Dma(A, null, 0x10010, Op.Access.READ));
        assertEquals(RAM + 0x3010, ok.output("gpa"), "stage 1: the guest's map");
        assertTrue(ok.ok());
        Result stage2 = k.apply(new Op.Dma(A, null, 0x20000, Op.Access.READ));
        assertTrue(stage2.fault());
        assertEquals(0x90000000L, stage2.output("gpa"), "stage 1 translated, the parent has no such guest PA");
        assertEquals(0, k.snapshot().pendingEvents(q).size(), "a stage-2 fault is the host's (event->s2)");
        Result perm = k.apply(new Op.Dma(A, null, 0x10000, Op.Access.WRITE));
        assertTrue(perm.fault());
        assertNull(perm.output("gpa"), "refused at stage 1");
        assertEquals(1, k.snapshot().pendingEvents(q).size(), "a stage-1 fault goes to the guest as a vEVENT for vSID 8");
        assertEquals(0x8, k.snapshot().pendingEvents(q).get(0).virtId());
        k.apply(new Op.Dma(A, null, 0x30000, Op.Access.READ));
        assertEquals(1, k.snapshot().pendingEvents(q).size(), "depth 1: the second event is lost (lost_events_header)");
        assertTrue(((org.iommuscope.engine.iommufd.Veventq) k.state.object(q)).lostEvents());
    }
}
