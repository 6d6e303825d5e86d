package org.iommuscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.iopt.IovaRange;
import org.junit.jupiter.api.Test;

/**
 * Each errno the 2024–2026 uAPI added, and each rule a release has or lacks, pinned to the kernel function that
 * returns it (named in the test). The expected values are read from that function's source, not from a run.
 */
class ReleaseErrnosTest {
    static final String ACC = "0000:6a:01.0";
    static final String ACC2 = "0000:6a:01.1";
    static final String VF = "0000:6b:00.1";
    static final ReservedRegion MSI = Machines.MSI;

    /** A VT-d-like unit with dirty tracking, nesting and PASID; group 5: a PASID/PRI accelerator; group 6 its own. */
    static Topology machine(PciDevice... extra) {
        Iommu unit = new Iommu("dmar0", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL,
                Set.of(IommuCap.DIRTY_TRACKING, IommuCap.NESTING, IommuCap.PASID));
        PciDevice acc = new PciDevice(ACC, 5, PciDevice.VFIO_PCI, List.of(MSI), Set.of(DeviceQuirk.PRI, DeviceQuirk.PASID_EXEC), true, 20);
        List<GroupSpec> groups = new ArrayList<>(List.of(new GroupSpec(5, "dmar0", DomainType.DMA, List.of(acc))));
        for (PciDevice d : extra) {
            groups.add(new GroupSpec(d.groupId(), "dmar0", DomainType.DMA, List.of(d)));
        }
        return new Topology(4096, List.of(unit), groups);
    }

    /** The driver with the accelerator bound (idev 1) and an IOAS (2). */
    static Machines.Driver bound(Profile p, PciDevice... extra) {
        Machines.Driver k = new Machines.Driver(machine(extra), p);
        k.ok(new Op.Bind(ACC), "id");
        k.ok(new Op.IoasAlloc(), "id");
        return k;
    }

    static String outcome(Machines.Driver k, Op op) {
        return k.apply(op).outcome();
    }

    // ---- ioctls a release lacks: iommufd_fops_ioctl() -------------------------------------------------------

    @Test
    void anIoctlTheReleaseLacksIsEnottyFromIommufdFopsIoctl() {
        Machines.Driver v2 = bound(Profile.V2_PATCH);
        assertEquals("ENOTTY", outcome(v2, new Op.HwInfo(1)), "v6.2 has no IOMMU_GET_HW_INFO (v6.6)");
        Machines.Driver v66 = bound(Profile.V6_6);
        assertEquals("ok", outcome(v66, new Op.HwInfo(1)));
        int hwpt = v66.ok(new Op.HwptAlloc(1, 2, Set.of()), "id");
        assertEquals("ENOTTY", outcome(v66, new Op.SetDirtyTracking(hwpt, true)), "IOMMU_HWPT_SET_DIRTY_TRACKING is v6.7");
        assertEquals("ENOTTY", outcome(v66, new Op.GetDirtyBitmap(hwpt, 0, 4096, null, false)), "IOMMU_HWPT_GET_DIRTY_BITMAP is v6.7");
        assertEquals("ENOTTY", outcome(v66, new Op.FaultAlloc()), "IOMMU_FAULT_QUEUE_ALLOC is v6.11");
        assertEquals("ok", outcome(bound(Profile.V6_12), new Op.FaultAlloc()));
    }

    // ---- flags a release does not know -------------------------------------------------------------------------

    @Test
    void vfiosPasidFlagIsEinvalBeforeV615FromVfioDfIoctlAttachPt() {
        for (Profile p : List.of(Profile.V2_PATCH, Profile.V6_6, Profile.V6_12)) {
            Machines.Driver k = bound(p);
            int hwpt = k.ok(new Op.HwptAlloc(1, 2, Set.of()), "id");
            assertEquals("EINVAL", outcome(k, new Op.Attach(1, hwpt, 5L)), p + ": attach.flags & ~0 (vfio_df_ioctl_attach_pt)");
            assertEquals("EINVAL", outcome(k, new Op.Detach(1, 5L)), p + ": detach.flags & ~0 (vfio_df_ioctl_detach_pt)");
        }
        assertEquals("EOPNOTSUPP", outcome(bound(Profile.V6_12), new Op.Replace(1, 2, 5L)),
                "the v6.12 selftest has no IOMMU_TEST_OP_PASID_REPLACE: iommufd_test()'s default");
    }

    @Test
    void hwptAllocFlagsAReleaseDoesNotKnowAreEopnotsuppFromIommufdHwptPagingAlloc() {
        assertEquals("EOPNOTSUPP", outcome(bound(Profile.V6_12), new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.PASID))),
                "IOMMU_HWPT_ALLOC_PASID is v6.15: flags & ~valid_flags");
        assertEquals("EOPNOTSUPP", outcome(bound(Profile.V6_6), new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.DIRTY_TRACKING))),
                "v6.6's iommufd_hwpt_alloc(): cmd->flags");
        Machines.Driver k = bound(Profile.V6_15);
        assertEquals("ok", outcome(k, new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.PASID))));
    }

    @Test
    void aFaultOnANestParentIsEopnotsuppFromIommufdHwptPagingAllocSinceV615AndIn612y() {
        for (Profile p : List.of(Profile.V6_12, Profile.V6_15, Profile.V6_18)) {
            Machines.Driver k = bound(p);
            int fault = k.ok(new Op.FaultAlloc(), "id");
            assertEquals("EOPNOTSUPP", outcome(k, new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.NEST_PARENT), (long) fault)), p.key());
            assertEquals("ok", outcome(k, new Op.HwptAlloc(1, 2, Set.of(), (long) fault)), p.key());
        }
    }

    @Test
    void aFaultIdThatIsNoFaultObjectIsEnoentFromIommufdGetFault() {
        Machines.Driver k = bound(Profile.V6_15);
        assertEquals("ENOENT", outcome(k, new Op.HwptAlloc(1, 2, Set.of(), 2L)), "2 is the IOAS");
        assertEquals(Set.of(1, 2), k.state.objects().keySet(), "the new hwpt is aborted");
    }

    // ---- GET_HW_INFO: iommufd_get_hw_info() ------------------------------------------------------------------

    @Test
    void hwInfoReportsWhatEachReleaseKnowsFromIommufdGetHwInfo() {
        assertEquals(Map.of("capabilities", List.of(), "max_pasid_log2", 0L), bound(Profile.V6_6).apply(new Op.HwInfo(1)).outputs(),
                "v6.6.0: no out_capabilities, no out_max_pasid_log2");
        assertEquals(Map.of("capabilities", List.of("dirty_tracking", "pasid_exec"), "max_pasid_log2", 20L),
                bound(Profile.V6_12).apply(new Op.HwInfo(1)).outputs(), "6.12.y has the PASID report backported");
        assertEquals(Map.of("capabilities", List.of("dirty_tracking", "pasid_exec"), "max_pasid_log2", 20L),
                bound(Profile.V6_15).apply(new Op.HwInfo(1)).outputs());
        assertEquals("ENOENT", outcome(bound(Profile.V6_15), new Op.HwInfo(2)), "iommufd_get_device() of an IOAS");
    }

    // ---- RESV_DIRECT: __iommu_device_set_domain() -----------------------------------------------------------

    @Test
    void aGroupWithAResvDirectDeviceCannotBeClaimedFromIommuDeviceSetDomain() {
        ReservedRegion rmrr = new ReservedRegion(0x7c000000L, 0x7c0fffffL, ResvType.DIRECT);
        Iommu unit = Iommu.defaults("dmar0");
        Topology t = new Topology(4096, List.of(unit), List.of(new GroupSpec(9, "dmar0", DomainType.DMA, List.of(
                new PciDevice("0000:00:14.0", 9, PciDevice.VFIO_PCI, List.of(rmrr, MSI), Set.of()),
                new PciDevice("0000:00:14.2", 9, PciDevice.VFIO_PCI, List.of(MSI), Set.of())))));
        for (Profile p : List.of(Profile.V6_6, Profile.V6_12, Profile.V6_15, Profile.V6_18)) {
            Machines.Driver k = new Machines.Driver(t, p);
            Result r = k.apply(new Op.Bind("0000:00:14.2"));
            assertEquals("EINVAL", r.outcome(), p + ": the claim moves the whole group, and the sibling with the RMRR refuses blocking");
            assertTrue(r.reason().startsWith("0000:00:14.0: Firmware has requested this device have a 1:1 IOMMU mapping, rejecting "
                    + "configuring the device without a 1:1 mapping. Contact your platform vendor."), r.reason());
            assertEquals("default", k.snapshot().groupDomainLabel(9));
        }
        assertEquals("ok", outcome(new Machines.Driver(t, Profile.V2_PATCH), new Op.Bind("0000:00:14.0")),
                "v6.2 predates a48ce36e2786");
    }

    // ---- v6.6.0 exactly ------------------------------------------------------------------------------------

    @Test
    void v660CapsNoAutomaticAlignmentAtHugePagesFromIoptAllocIova() {
        // iopt_alloc_iova(): alignment = min(roundup_pow_of_two(4M), 1 << __ffs(0x7f0000000000)) = 4M;
        // 8f6887349b2f (v6.12) caps it at HPAGE_SIZE. The first free aligned IOVA above PAGE_SIZE is the answer.
        assertEquals(0x400000L, bound(Profile.V6_6).apply(new Op.IoasMap(2, 4L << 20, null, Prot.RW, null)).output("iova"));
        assertEquals(0x200000L, bound(Profile.V6_12).apply(new Op.IoasMap(2, 4L << 20, null, Prot.RW, null)).output("iova"));
    }

    @Test
    void v660AcceptsAMapWithoutPermissionWhichTheDriverRefusesOnFill() {
        Machines.Driver k = bound(Profile.V6_6);
        assertEquals("ok", outcome(k, new Op.IoasMap(2, 4096, 0x10000L, Prot.NONE, null)), "no 996dc53ac289 in v6.6.0");
        assertEquals("EINVAL", outcome(k, new Op.Attach(1, 2)), "the domain's map_pages() refuses prot 0 (VT-d __domain_mapping)");
        assertEquals("EINVAL", outcome(bound(Profile.V6_12), new Op.IoasMap(2, 4096, 0x10000L, Prot.NONE, null)),
                "iommufd_ioas_map(): neither READABLE nor WRITEABLE");
    }

    // ---- dirty tracking: hw_pagetable.c and io_pagetable.c ---------------------------------------------------

    /** v6.15, the accelerator's RID on a dirty-tracking hwpt (3) with 4M mapped at 0x1000000 in 4K pieces. */
    static Machines.Driver dirty() {
        Machines.Driver k = bound(Profile.V6_15);
        int hwpt = k.ok(new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.DIRTY_TRACKING)), "id");
        assertEquals(3, hwpt);
        k.ok(new Op.Attach(1, 3));
        k.ok(new Op.IoasMap(2, 0x1000, 0x1000000L, Prot.RW, null));
        k.ok(new Op.IoasMap(2, 0x1000, 0x1001000L, Prot.RW, null));
        k.ok(new Op.IoasMap(2, 0x1000, 0x1003000L, Prot.RW, null));
        return k;
    }

    static Object dirtyOut(Machines.Driver k, long iova, long length, Long pageSize, boolean noClear) {
        Result r = k.apply(new Op.GetDirtyBitmap(3, iova, length, pageSize, noClear));
        assertTrue(r.ok(), r.outcome() + " " + r.reason());
        return r.output("dirty");
    }

    @Test
    void aWriteDirtiesItsLeafOnlyWhileTrackingIsOnAndAReadClearsUnlessNoClear() {
        Machines.Driver k = dirty();
        k.ok(new Op.Dma(ACC, null, 0x1000010L, Op.Access.WRITE));
        assertEquals(List.of(), dirtyOut(k, 0x1000000L, 0x4000, null, false), "tracking is off: no dirty bit was set");
        k.ok(new Op.SetDirtyTracking(3, true));
        k.ok(new Op.Dma(ACC, null, 0x1000010L, Op.Access.WRITE));
        k.ok(new Op.Dma(ACC, null, 0x1001ff0L, Op.Access.WRITE));
        k.ok(new Op.Dma(ACC, null, 0x1003000L, Op.Access.READ));
        assertEquals(List.of(new IovaRange(0x1000000L, 0x1001fffL)), k.snapshot().dirtyRuns(3));
        assertEquals(List.of(new IovaRange(0x1000000L, 0x1001fffL)), dirtyOut(k, 0x1000000L, 0x4000, null, true), "NO_CLEAR");
        assertEquals(List.of(new IovaRange(0x1000000L, 0x1001fffL)), dirtyOut(k, 0x1000000L, 0x4000, null, false));
        assertEquals(List.of(), dirtyOut(k, 0x1000000L, 0x4000, null, false), "the previous read cleared them");
    }

    @Test
    void theBitmapWalkStopsSilentlyAtTheFirstGapAsIommuReadAndClearDirtyDropsTheError() {
        Machines.Driver k = dirty();
        k.ok(new Op.SetDirtyTracking(3, true));
        k.ok(new Op.Dma(ACC, null, 0x1000000L, Op.Access.WRITE));
        k.ok(new Op.Dma(ACC, null, 0x1003000L, Op.Access.WRITE));
        // 0x1002000 is a hole: __iommu_read_and_clear_dirty() returns -EINVAL there and the ioctl still returns 0
        assertEquals(List.of(new IovaRange(0x1000000L, 0x1000fffL)), dirtyOut(k, 0x1000000L, 0x4000, null, false));
        assertEquals(List.of(new IovaRange(0x1003000L, 0x1003fffL)), k.snapshot().dirtyRuns(3), "beyond the gap: not read, not cleared");
    }

    @Test
    void enablingTrackingClearsTheOldDirtBitsFromIoptSetDirtyTracking() {
        Machines.Driver k = dirty();
        k.ok(new Op.SetDirtyTracking(3, true));
        k.ok(new Op.Dma(ACC, null, 0x1000000L, Op.Access.WRITE));
        k.ok(new Op.SetDirtyTracking(3, false));
        assertEquals(1, k.snapshot().dirtyRuns(3).size(), "disabling leaves the bits (iopt_set_dirty_tracking clears on enable only)");
        k.ok(new Op.SetDirtyTracking(3, true));
        assertEquals(List.of(), k.snapshot().dirtyRuns(3), "iopt_clear_dirty_data()");
    }

    @Test
    void aReadWhileTrackingIsOffReportsAndClearsNothingAsTheDriversReadAndClearDirtyRefusesIt() {
        Machines.Driver k = dirty();
        k.ok(new Op.SetDirtyTracking(3, true));
        k.ok(new Op.Dma(ACC, null, 0x1000000L, Op.Access.WRITE));
        k.ok(new Op.SetDirtyTracking(3, false));
        // mock_domain_read_and_clear_dirty() (and VT-d's, AMD's): EINVAL for a bitmap while tracking is off; dropped
        assertEquals(List.of(), dirtyOut(k, 0x1000000L, 0x4000, null, false));
        assertEquals(List.of(new IovaRange(0x1000000L, 0x1000fffL)), k.snapshot().dirtyRuns(3), "nothing was cleared");
    }

    @Test
    void theBitmapArgumentChecksComeFromIommufdCheckIovaRange() {
        Machines.Driver k = dirty();
        k.ok(new Op.SetDirtyTracking(3, true));
        assertEquals("EOVERFLOW", outcome(k, new Op.GetDirtyBitmap(3, 0x1000000L, -0x1000L, null, false)), "iova + length - 1 wraps");
        assertEquals("EINVAL", outcome(k, new Op.GetDirtyBitmap(3, 0x1000800L, 0x1000, null, false)), "iova not aligned to iova_alignment (4K)");
        assertEquals("EINVAL", outcome(k, new Op.GetDirtyBitmap(3, 0x1000000L, 0x1000, 0L, false)), "page_size 0");
        assertEquals("EINVAL", outcome(k, new Op.GetDirtyBitmap(3, 0x1001000L, 0x1000, 0x2000L, false)), "iova not aligned to page_size");
        // page_size 0x3000 is not refused: the bitmap's granule is 1 << __ffs(0x3000) = 4K (iova_bitmap_alloc)
        k.ok(new Op.Dma(ACC, null, 0x1001000L, Op.Access.WRITE));
        assertEquals(List.of(new IovaRange(0x1001000L, 0x1001fffL)), dirtyOut(k, 0x1000000L, 0x4000, 0x3000L, false));
    }

    @Test
    void dirtyIoctlsRefuseWhatIsNotADirtyTrackingHwptPaging() {
        Machines.Driver k = bound(Profile.V6_15);
        int plain = k.ok(new Op.HwptAlloc(1, 2, Set.of()), "id");
        assertEquals("EOPNOTSUPP", outcome(k, new Op.SetDirtyTracking(plain, true)), "iopt_set_dirty_tracking(): no dirty_ops");
        assertEquals("EOPNOTSUPP", outcome(k, new Op.GetDirtyBitmap(plain, 0, 0x1000, null, false)), "iommu_read_and_clear_dirty(): no dirty_ops");
        int parent = k.ok(new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.NEST_PARENT, Op.HwptFlag.DIRTY_TRACKING)), "id");
        int nested = k.ok(new Op.HwptAlloc(1, parent, Set.of()), "id");
        assertEquals("ENOENT", outcome(k, new Op.SetDirtyTracking(nested, true)), "iommufd_get_hwpt_paging() of a HWPT_NESTED");
    }

    // ---- PASID: device.c and iommu.c ------------------------------------------------------------------------

    @Test
    void pasidAttachRulesComeFromIommufdHwptPasidCompat() {
        Machines.Driver k = bound(Profile.V6_15);
        assertEquals("EINVAL", outcome(k, new Op.Attach(1, 2, 5L)), "an IOAS's automatic hwpt is not PASID-compatible");
        int plain = k.ok(new Op.HwptAlloc(1, 2, Set.of()), "id");
        assertEquals("EINVAL", outcome(k, new Op.Attach(1, plain, 5L)), "!hwpt->pasid_compat");
        int compat = k.ok(new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.PASID)), "id");
        k.ok(new Op.Attach(1, plain));
        assertEquals("EINVAL", outcome(k, new Op.Attach(1, compat, 5L)), "the RID's hwpt is not PASID-compatible");
        k.ok(new Op.Attach(1, compat));
        k.ok(new Op.Attach(1, compat, 5L));
        assertEquals("EINVAL", outcome(k, new Op.Attach(1, plain)), "the RID to a non-compatible hwpt while PASID 5 is attached");
        assertEquals(Map.of(0, compat, 5, compat), k.snapshot().pasids((org.iommuscope.engine.iommufd.Idev) k.state.object(1)));
    }

    @Test
    void pasidReplaceAndDetachFollowIommufdDeviceDoReplaceAndVfio() {
        Machines.Driver k = bound(Profile.V6_15);
        int compat = k.ok(new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.PASID)), "id");
        assertEquals("EINVAL", outcome(k, new Op.Replace(1, compat, 7L)), "iommufd_device_do_replace(): no attach at PASID 7");
        assertEquals("ok", outcome(k, new Op.Detach(1, 7L)), "VFIO: a PASID not in the ida is a silent no-op");
        k.ok(new Op.Attach(1, compat, 7L));
        int users = k.users(1);
        k.ok(new Op.Detach(1, 7L));
        assertEquals(users - 1, k.users(1));
        assertEquals(Map.of(), k.snapshot().pasids((org.iommuscope.engine.iommufd.Idev) k.state.object(1)));
    }

    @Test
    void aPasidBeyondMaxPasidsIsEinvalFromIommuAttachDevicePasid() {
        PciDevice narrow = new PciDevice(ACC2, 6, PciDevice.VFIO_PCI, List.of(MSI), Set.of(), true, 4);
        Machines.Driver k = bound(Profile.V6_15, narrow);
        k.ok(new Op.Bind(ACC2), "id");
        int compat = k.ok(new Op.HwptAlloc(3, 2, Set.of(Op.HwptFlag.PASID)), "id");
        assertEquals("EINVAL", outcome(k, new Op.Attach(3, compat, 16L)), "max_pasids = 2^4: PASID 16 is out");
        assertEquals("ok", outcome(k, new Op.Attach(3, compat, 15L)));
        assertEquals("fault", outcome(k, new Op.Dma(ACC2, null, 0, Op.Access.READ, 16L)), "the device cannot tag PASID 16");
    }

    @Test
    void aPasidAttachSkipsGroupDevicesWithoutPasidSinceB3f6fcd8404f() {
        Iommu unit = new Iommu("dmar0", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL, Set.of(IommuCap.PASID));
        Topology t = new Topology(4096, List.of(unit), List.of(new GroupSpec(5, "dmar0", DomainType.DMA, List.of(
                new PciDevice(ACC, 5, PciDevice.VFIO_PCI, List.of(MSI), Set.of(), true, 20),
                new PciDevice(ACC2, 5, PciDevice.VFIO_PCI, List.of(MSI), Set.of())))));
        Machines.Driver k = new Machines.Driver(t, Profile.V6_15);
        k.ok(new Op.Bind(ACC), "id");
        k.ok(new Op.IoasAlloc(), "id");
        int compat = k.ok(new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.PASID)), "id");
        assertEquals("ok", outcome(k, new Op.Attach(1, compat, 5L)), "the PASID-less sibling is not checked against PASID 5");
        assertEquals(compat, k.snapshot().hwptOfDomain(k.state.group(5).pasidDomain(5)), "the group's pasid_array holds the domain");
    }

    @Test
    void unbindDetachesEveryPasidBeforeTheRidInVfioIommufdPhysicalUnbind() {
        Machines.Driver k = bound(Profile.V6_15);
        int compat = k.ok(new Op.HwptAlloc(1, 2, Set.of(Op.HwptFlag.PASID)), "id");
        k.ok(new Op.Attach(1, compat));
        k.ok(new Op.Attach(1, compat, 9L));
        k.ok(new Op.Attach(1, compat, 3L));
        k.ok(new Op.Unbind(1));
        List<String> detaches = k.last.result().events().stream().filter(e -> e instanceof Event.DeviceDetached)
                .map(e -> "pasid " + ((Event.DeviceDetached) e).pasid()).toList();
        assertEquals(List.of("pasid 3", "pasid 9", "pasid 0"), detaches, "ida_find_first order, then the RID");
        assertEquals(1, k.users(compat));
    }

    // ---- fault objects: eventq.c and device.c ---------------------------------------------------------------

    @Test
    void aFaultObjectIsBusyUntilItsFdIsClosedAndNoHwptUsesItFromIommufdObjectRemove() {
        Machines.Driver k = bound(Profile.V6_15);
        int fault = k.ok(new Op.FaultAlloc(), "id");
        assertEquals(2, k.users(fault), "the xarray's and the file's");
        assertEquals("EBUSY", outcome(k, new Op.Destroy(fault)));
        int hwpt = k.ok(new Op.HwptAlloc(1, 2, Set.of(), (long) fault), "id");
        k.ok(new Op.Close(fault));
        assertEquals("EBADF", outcome(k, new Op.Close(fault)), "the fd is already closed");
        assertEquals("EBUSY", outcome(k, new Op.Destroy(fault)), "hwpt " + hwpt + " holds it");
        k.ok(new Op.Destroy(hwpt));
        k.ok(new Op.Destroy(fault));
        assertEquals("EBADF", outcome(k, new Op.Close(2)), "no fd holds an IOAS");
    }

    @Test
    void aPriDevicesFaultThroughAFaultHwptIsQueuedAndDetachAnswersIt() {
        PciDevice noPri = new PciDevice(ACC2, 6, PciDevice.VFIO_PCI, List.of(MSI), Set.of(), true, 0);
        Machines.Driver k = bound(Profile.V6_15, noPri);
        int fault = k.ok(new Op.FaultAlloc(), "id");
        int hwpt = k.ok(new Op.HwptAlloc(1, 2, Set.of(), (long) fault), "id");
        k.ok(new Op.Attach(1, hwpt));
        assertEquals("fault", outcome(k, new Op.Dma(ACC, null, 0x5000, Op.Access.WRITE)));
        assertEquals("fault", outcome(k, new Op.Dma(ACC, null, 0x6000, Op.Access.READ)));
        assertEquals(2, k.snapshot().pendingRequests(fault).size(), "iommufd_fault_iopf_handler() queued both");
        int other = k.ok(new Op.Bind(ACC2), "id");
        k.ok(new Op.Attach(other, hwpt));
        assertEquals("fault", outcome(k, new Op.Dma(ACC2, null, 0x5000, Op.Access.READ)));
        assertEquals(2, k.snapshot().pendingRequests(fault).size(), "a device without PRI sends no page request");
        k.ok(new Op.Detach(1));
        assertEquals(0, k.snapshot().pendingRequests(fault).size(), "iommufd_auto_response_faults() at the last detach of group 5");
    }

    @Test
    void aFaultHwptRefusesAVfFromIommufdHwptCompatibleDevice() {
        PciDevice vfPri = new PciDevice(VF, 7, PciDevice.VFIO_PCI, List.of(MSI), Set.of(DeviceQuirk.VF, DeviceQuirk.PRI), true, 0);
        PciDevice vf = new PciDevice(ACC2, 6, PciDevice.VFIO_PCI, List.of(MSI), Set.of(DeviceQuirk.VF), true, 0);
        for (Profile p : List.of(Profile.V6_12, Profile.V6_15)) {
            Machines.Driver k = bound(p, vfPri, vf);
            int fault = k.ok(new Op.FaultAlloc(), "id");
            int hwpt = k.ok(new Op.HwptAlloc(1, 2, Set.of(), (long) fault), "id");
            k.ok(new Op.Bind(VF), "id");
            int plainVf = k.ok(new Op.Bind(ACC2), "id");
            assertEquals("EINVAL", outcome(k, new Op.Attach(5, hwpt)), p + ": a VF with PRI");
            assertEquals(p == Profile.V6_12 ? "EINVAL" : "ok", outcome(k, new Op.Attach(plainVf, hwpt)),
                    p + ": a VF without PRI (refused by v6.12's is_virtfn check, allowed since the pci_pri_supported() test)");
        }
    }
}
