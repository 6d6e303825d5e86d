package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.errno.Errno;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Op.HwptFlag;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IommuCore;
import org.iommuscope.engine.hw.IommuDriver;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iopt.IoPagetable;
import org.iommuscope.engine.iopt.IoptDomains;
import org.iommuscope.engine.iopt.ReservedOwner;
import org.pcollections.PVector;

/**
 * "[PATCH v2 08/10] iommufd/device: Use iommu_group_replace_domain()" (LKML
 * {@code <4653f009c3dacae8ebf3a4865aaa944aa9c7cc7e.1675802050.git.nicolinc@nvidia.com>}) on the v6.2
 * drivers/iommu/iommufd/device.c with 07/10 ("Make hwpt_list list_add/del symmetric") applied. The kernel
 * keeps a per-device idev->hwpt ({@link Idev#hwpt()}) and a per-hwpt devices list ({@link HwptPaging#devices()},
 * head-inserted); the first device of a group to reach a hwpt moves the whole group with
 * iommu_group_replace_domain() and siblings keep their old idev->hwpt, so the kernel's own view can diverge
 * from the group's real domain.
 *
 * <p>Choices (the research note's recommendations): a hwpt's domain joins its IOAS at the first attach and
 * leaves at the last detach (08/10 as posted, without the nesting series' 07/17); IOMMU_HWPT_ALLOC follows
 * the nesting v1 series (no flags, an IOAS only); VFIO 09/10 makes the {@code attach} and {@code replace}
 * ops the same iommufd_device_attach() call. The v6.2 error paths do not undo everything they did (a
 * leaked IOAS reference, a group "restored" to a domain it was not on, a device's reserved ranges dropped):
 * a refused op keeps those effects, and only those.
 */
final class V2PatchAttachModel implements AttachModel {
    private final KernelRelease release;

    V2PatchAttachModel(KernelRelease release) {
        this.release = release;
    }

    @Override
    public KernelRelease release() {
        return release;
    }

    @Override
    public int attach(Tx tx, Idev idev, int pasid, long ptId) {
        requireRid(pasid);
        return unwound(tx, () -> deviceAttach(tx, idev.id(), ptId));
    }

    /** v2 has no iommufd_device_replace(): VFIO 09/10 calls iommufd_device_attach() for an attached device too. */
    @Override
    public int replace(Tx tx, Idev idev, int pasid, long ptId) {
        return attach(tx, idev, pasid, ptId);
    }

    @Override
    public void detach(Tx tx, Idev idev, int pasid) {
        requireRid(pasid);
        deviceDetach(tx, idev.id());
    }

    /** v6.2's iommufd has no PASID parameter; the ioctl layer refuses a PASID before it gets here. */
    private static void requireRid(int pasid) {
        if (pasid != IGroup.NO_PASID) {
            throw new IllegalStateException("the v2 patch's kernel has no PASID attach");
        }
    }

    @Override
    public int kernelHwpt(State s, Idev idev) {
        return idev.hwpt();
    }

    /** The record is the kernel's own idev->hwpt, kept by {@link #linkDevice} and {@link #deviceDetachHelper}. */
    @Override
    public boolean recordsReturnedPtId() {
        return false;
    }

    /**
     * An idev attached by the {@code replace} op (iommufd_device_attach() with no VFIO flag set) is still on
     * its hwpt at close: detach it first, as the selftest's mock-device teardown does (iommufd_device_detach()
     * then iommufd_device_unbind()); otherwise iommufd_device_unbind() would WARN and leak the idev.
     */
    @Override
    public void beforeUnbind(Tx tx, Idev idev) {
        deviceDetach(tx, idev.id());
    }

    // ---- device.c (v6.2 + 07/10 + 08/10) ----------------------------------------------------------------

    /**
     * iommufd_device_attach(): a hwpt ID is a NOP when idev->hwpt is already it, EBUSY when idev->hwpt is an
     * auto domain, else do_attach; an IOAS ID is EBUSY when attached (returning before iommufd_put_object(),
     * so the IOAS keeps the lookup's reference), else the auto-domain search. +1 idev user on success.
     */
    private int deviceAttach(Tx tx, int idevId, long ptId) {
        IommufdObject pt = tx.object(ptId);
        if (pt == null) {
            throw new KernelError(Errno.ENOENT, "pt_id " + ptId + " does not exist");
        }
        Idev idev = (Idev) tx.object(idevId);
        switch (pt.type()) {
            case HWPT_PAGING -> {
                if (idev.hwpt() == pt.id()) {
                    // out_done: no refcount, no reserved regions, and the group's real domain is not re-asserted
                    return pt.id();
                }
                if (idev.hwpt() >= 0 && hwpt(tx, idev.hwpt()).autoDomain()) {
                    throw new KernelError(Errno.EBUSY, "idev " + idevId + " is on auto hwpt " + idev.hwpt()
                            + ": v2 refuses to replace away from an automatic domain");
                }
                doAttach(tx, idevId, pt.id());
            }
            case IOAS -> {
                if (idev.hwpt() >= 0) {
                    tx.addUsers(pt.id(), 1);
                    throw new KernelError(Errno.EBUSY, "idev " + idevId + " is attached (to hwpt " + idev.hwpt()
                            + "): an IOAS pt_id is refused, and the early return leaks ioas " + pt.id() + "'s lookup reference");
                }
                autoGetDomain(tx, idevId, pt.id());
            }
            default -> throw new KernelError(Errno.EINVAL, "pt_id " + ptId + " is " + pt.type().label()
                    + ", neither an IOAS nor a hw_pagetable");
        }
        tx.addUsers(idevId, 1);
        return ((Idev) tx.object(idevId)).hwpt();
    }

    /**
     * iommufd_device_do_attach() with 08/10: coherency upgrade, the group's reserved regions (owner: this
     * device), the MSI cookie and isolation check; unless a device of the group is already on the hwpt's
     * list, iommu_group_replace_domain() moves the whole group (no EBUSY for a sibling's domain) and the
     * first device of the hwpt adds its domain to the IOAS; then the partial detach from the old hwpt.
     */
    private void doAttach(Tx tx, int idevId, int hwptId) {
        Idev idev = (Idev) tx.object(idevId);
        int cur = idev.hwpt();
        HwptPaging hwpt = hwpt(tx, hwptId);
        if (idev.enforceCacheCoherency() && !hwpt.enforceCacheCoherency()) {
            // Try to upgrade the domain we have; a domain that cannot gives EINVAL (auto selection: "try the next")
            HwPagetables.enforceCacheCoherency(tx, hwptId);
        }
        ReservedOwner owner = new ReservedOwner.Device(idev.device());
        try {
            long swMsiStart = enforceGroupResvRegions(tx, hwpt.ioas(), idev);
            setupMsi(tx, idev, hwptId, swMsiStart);
            if (!hasGroup(tx, hwptId, idev.groupId())) {
                IommuCore.replaceGroupDomain(tx, idev.groupId(), hwpt.domain(),
                        "idev " + idevId + " moved the whole group to hwpt " + hwptId + " (iommu_group_replace_domain)");
                if (hwpt(tx, hwptId).devices().isEmpty()) {
                    addDomainOrRestoreGroup(tx, idev, hwptId, cur);
                }
            }
        } catch (KernelError e) {
            // out_iova: iopt_remove_reserved_iova(&hwpt->ioas->iopt, idev->dev) drops every range this device owns there
            IoptDomains.removeReserved(tx, hwpt.ioas(), owner);
            throw e;
        }
        if (cur >= 0) {
            // Replace the cur_hwpt without iommu_detach_group()
            deviceDetachHelper(tx, idevId, hwptId, false);
        }
        linkDevice(tx, idevId, hwptId);
    }

    /**
     * iopt_table_add_domain() and list_add_tail(hwpt_item) in do_attach; on failure, out_detach puts the
     * group on cur_hwpt's domain (or detaches it to the core domain), whichever domain it was really on.
     */
    private void addDomainOrRestoreGroup(Tx tx, Idev idev, int hwptId, int cur) {
        HwptPaging hwpt = hwpt(tx, hwptId);
        Tx.Savepoint sp = tx.savepoint();
        try {
            IoptDomains.tableAddDomain(tx, hwpt.ioas(), hwpt.domain());
        } catch (KernelError e) {
            tx.rollback(sp); // iopt_table_add_domain() unwinds its own fill exactly
            if (cur >= 0) {
                try {
                    IommuCore.replaceGroupDomain(tx, idev.groupId(), hwpt(tx, cur).domain(), "idev " + idev.id()
                            + "'s failed attach put the group on hwpt " + cur + "'s domain (out_detach)");
                } catch (KernelError ignored) {
                    // the return value of this iommu_group_replace_domain() is not checked
                }
            } else {
                IommuCore.detachGroup(tx, idev.groupId(), "idev " + idev.id() + "'s failed attach detached the group (out_detach)");
            }
            throw e;
        }
        Ioas ioas = (Ioas) tx.object(hwpt.ioas());
        tx.put(ioas.withHwptList(ioas.hwptList().plus(hwptId)));
    }

    /** The tail of do_attach: idev->hwpt = hwpt; refcount_inc(&hwpt->obj.users); list_add() at the list head. */
    private void linkDevice(Tx tx, int idevId, int hwptId) {
        HwptPaging hwpt = hwpt(tx, hwptId);
        tx.put(((Idev) tx.object(idevId)).withHwpt(hwptId));
        tx.record(idevId, hwptId);
        tx.put(hwpt.withDevices(hwpt.devices().plus(0, idevId)));
        tx.addUsers(hwptId, 1);
        tx.emit(new Event.DeviceAttached(idevId, hwptId));
    }

    /** iommufd_hw_pagetable_has_group(): is any device of this group on the hwpt's devices list (not: is the group on its domain). */
    private static boolean hasGroup(Tx tx, int hwptId, int groupId) {
        for (int d : hwpt(tx, hwptId).devices()) {
            if (((Idev) tx.object(d)).groupId() == groupId) {
                return true;
            }
        }
        return false;
    }

    /**
     * iommufd_device_setup_msi() (v6.2): install the MSI cookie once per domain (hwpt->msi_cookie), then
     * EPERM unless the device's MSIs are isolated (allow_unsafe_interrupts off).
     */
    private static void setupMsi(Tx tx, Idev idev, int hwptId, long swMsiStart) {
        Domain d = tx.domain(hwpt(tx, hwptId).domain());
        if (swMsiStart >= 0 && d.msiCookie() < 0) {
            tx.putDomain(d.withMsiCookie(swMsiStart));
        }
        Devices.checkIsolatedMsi(tx, device(tx, idev));
    }

    /** iommufd_device_auto_get_domain() (v6.2 + 07/10): try the IOAS's auto hwpts that have devices (EINVAL: the next), else a new one. */
    private void autoGetDomain(Tx tx, int idevId, int ioasId) {
        for (int h : ((Ioas) tx.object(ioasId)).hwptList()) {
            if (!hwpt(tx, h).autoDomain()) {
                continue;
            }
            try {
                // may join a sibling, or steal the group into another group's auto domain
                doAttach(tx, idevId, h);
                return;
            } catch (KernelError e) {
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
            }
        }
        HwptPaging hp = hwPagetableAlloc(tx, ioasId, (Idev) tx.object(idevId));
        tx.put(hp.withAutoDomain(true));
        try {
            doAttach(tx, idevId, hp.id());
        } catch (KernelError e) {
            abortAndDestroy(tx, hp.id());
            throw e;
        }
    }

    /** iommufd_object_abort_and_destroy() of an auto hwpt that never got a device: iommufd_hw_pagetable_destroy(), unpublished. */
    private static void abortAndDestroy(Tx tx, int hwptId) {
        HwptPaging hp = hwpt(tx, hwptId);
        tx.remove(hwptId);
        tx.freeDomain(hp.domain());
        tx.addUsers(hp.ioas(), -1);
    }

    /** iommufd_device_detach() (08/10: __iommmufd_device_detach(idev, NULL, true)); nothing when idev->hwpt is NULL. */
    private void deviceDetach(Tx tx, int idevId) {
        if (((Idev) tx.object(idevId)).hwpt() < 0) {
            return;
        }
        deviceDetachHelper(tx, idevId, -1, true);
    }

    /**
     * __iommmufd_device_detach(idev, new_hwpt, detach_group): leave the list; when no device of the group is
     * left on it, an emptied hwpt's domain leaves the IOAS and (a real detach only) the group goes to its
     * core domain, whatever domain it is really on; the device's reserved ranges go when the IOAS changes;
     * the hwpt is put (an auto one destroyed at its last user); idev->hwpt = NULL; -1 idev user.
     */
    private void deviceDetachHelper(Tx tx, int idevId, int newHwptId, boolean detachGroup) {
        Idev idev = (Idev) tx.object(idevId);
        HwptPaging h = hwpt(tx, idev.hwpt());
        PVector<Integer> rest = h.devices().minus(Integer.valueOf(idevId));
        tx.put(h.withDevices(rest));
        tx.emit(new Event.DeviceDetached(idevId, h.id()));
        if (!hasGroup(tx, h.id(), idev.groupId())) {
            if (rest.isEmpty()) {
                tableRemoveDomain(tx, h.id());
            }
            if (detachGroup) {
                IommuCore.detachGroup(tx, idev.groupId(), "idev " + idevId + ", the last of group " + idev.groupId()
                        + " on hwpt " + h.id() + ", detached it (iommu_detach_group)");
            }
        }
        if (newHwptId < 0 || hwpt(tx, newHwptId).ioas() != h.ioas()) {
            IoptDomains.removeReserved(tx, h.ioas(), new ReservedOwner.Device(idev.device()));
        }
        // auto: iommufd_object_destroy_user() (destroyed if that leaves 1); manual: refcount_dec()
        HwPagetables.put(tx, h.id());
        tx.put(((Idev) tx.object(idevId)).withHwpt(-1));
        tx.record(idevId, -1);
        tx.addUsers(idevId, -1);
    }

    /**
     * iopt_table_remove_domain() + list_del(hwpt_item): every area is unmapped from the domain, which stays
     * allocated (and, in v2, possibly still under a group) until its hwpt is destroyed.
     */
    private static void tableRemoveDomain(Tx tx, int hwptId) {
        HwptPaging h = hwpt(tx, hwptId);
        tx.putDomain(tx.domain(h.domain()).withPageTable(IoPageTable.empty()));
        IoptDomains.tableRemoveDomain(tx, h.ioas(), h.domain());
        Ioas ioas = (Ioas) tx.object(h.ioas());
        tx.put(ioas.withHwptList(ioas.hwptList().minus(Integer.valueOf(hwptId))));
    }

    // ---- hw_pagetable.c and io_pagetable.c (v6.2) -------------------------------------------------------

    /**
     * IOMMU_HWPT_ALLOC as the nesting v1 series of the time had it ({@code <20230209043153.14964-10-yi.l.liu@intel.com>};
     * v6.2 has no such ioctl): no flags (EOPNOTSUPP), a pt_id that cannot be looked up or is not an IOAS
     * gives EINVAL. The new hwpt's domain is not added to the IOAS until a device attaches.
     */
    static int hwptAlloc(Tx tx, long devId, long ptId, Set<HwptFlag> flags) {
        if (!flags.isEmpty()) {
            throw new KernelError(Errno.EOPNOTSUPP, "HWPT_ALLOC of the time takes no flags");
        }
        Idev idev = tx.idev(devId);
        IommufdObject pt = tx.object(ptId);
        if (pt == null) {
            throw new KernelError(Errno.EINVAL, "pt_id " + ptId + " does not exist (HWPT_ALLOC reports EINVAL, not ENOENT)");
        }
        if (!(pt instanceof Ioas ioas)) {
            throw new KernelError(Errno.EINVAL, "pt_id " + ptId + " is " + pt.type().label() + ": HWPT_ALLOC of the time needs an IOAS");
        }
        return hwPagetableAlloc(tx, ioas.id(), idev).id();
    }

    /** iommufd_hw_pagetable_alloc() (v6.2): users 1, a paging domain from iommu_domain_alloc(), ioas users +1. */
    private static HwptPaging hwPagetableAlloc(Tx tx, int ioasId, Idev idev) {
        int id = tx.allocId();
        Domain domain = IommuDriver.domainAllocPaging(tx, device(tx, idev), Set.of());
        tx.create(new HwptPaging(id, 1, ioasId, domain.id(), false, false, false, false), "ioas " + ioasId + ", domain " + domain.id());
        // Pairs with iommufd_hw_pagetable_destroy()
        tx.addUsers(ioasId, 1);
        return hwpt(tx, id);
    }

    /**
     * iopt_table_enforce_group_resv_regions() (v6.2): the union of the whole group's regions, each reserved
     * with this device as owner (DIRECT_RELAXABLE skipped); on EADDRINUSE every range the device owns in the
     * IOAS goes. Returns sw_msi_start: the SW_MSI base, 0 once a hardware MSI region is seen, -1 (PHYS_ADDR_MAX) for none.
     */
    private static long enforceGroupResvRegions(Tx tx, int ioasId, Idev idev) {
        ReservedOwner owner = new ReservedOwner.Device(idev.device());
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        long swMsiStart = -1;
        boolean trackSwMsi = true;
        for (ReservedRegion r : groupResvRegions(tx, idev.groupId())) {
            if (r.type() == ResvType.DIRECT_RELAXABLE) {
                continue;
            }
            // The presence of any 'real' MSI regions takes precedence over the software-managed one
            if (trackSwMsi && r.type() == ResvType.MSI) {
                swMsiStart = 0;
                trackSwMsi = false;
            }
            if (trackSwMsi && r.type() == ResvType.SW_MSI) {
                swMsiStart = r.start();
            }
            iopt = iopt.reserveIova(r.start(), r.last(), owner);
            tx.emit(new Event.ReservedAdded(ioasId, r.start(), r.last(), owner.label()));
        }
        tx.put(ioas.withIopt(iopt));
        return swMsiStart;
    }

    /**
     * iommu_get_group_resv_regions(): every device's regions, sorted by start (then type), overlapping or
     * adjacent regions of one type merged (iommu_insert_resv_region).
     */
    private static List<ReservedRegion> groupResvRegions(Tx tx, int groupId) {
        List<ReservedRegion> all = new ArrayList<>();
        for (String name : tx.group(groupId).devices()) {
            all.addAll(tx.state().topology().device(name).orElseThrow().reserved());
        }
        Comparator<ReservedRegion> order = Comparator.comparing(ReservedRegion::start, Unsigned.ORDER)
                .thenComparingInt(r -> kernelTypeOrder(r.type()));
        all.sort(order);
        List<ReservedRegion> merged = new ArrayList<>();
        for (ReservedRegion r : all) {
            int top = -1;
            for (int i = merged.size() - 1; i >= 0; i--) {
                if (merged.get(i).type() == r.type()) {
                    top = i;
                    break;
                }
            }
            if (top >= 0) {
                ReservedRegion t = merged.get(top);
                if (t.last() == Unsigned.MAX || Unsigned.le(r.start(), t.last() + 1)) {
                    merged.set(top, new ReservedRegion(t.start(), Unsigned.max(t.last(), r.last()), t.type()));
                    continue;
                }
            }
            merged.add(r);
        }
        merged.sort(order);
        return merged;
    }

    /** enum iommu_resv_type's order: DIRECT, DIRECT_RELAXABLE, RESERVED, MSI, SW_MSI. */
    private static int kernelTypeOrder(ResvType t) {
        return switch (t) {
            case DIRECT -> 0;
            case DIRECT_RELAXABLE -> 1;
            case RESERVED -> 2;
            case MSI -> 3;
            case SW_MSI -> 4;
        };
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static HwptPaging hwpt(Tx tx, int id) {
        return (HwptPaging) tx.object(id);
    }

    private static PciDevice device(Tx tx, Idev idev) {
        return tx.state().topology().device(idev.device()).orElseThrow();
    }

    /**
     * Runs an attach whose error paths undo what the v6.2 kernel undoes, and no more: a refused attach that
     * left the kernel as it was changes nothing; one that left something behind keeps it.
     */
    private static int unwound(Tx tx, IntSupplier attach) {
        State start = tx.state();
        try {
            return attach.getAsInt();
        } catch (KernelError e) {
            throw sameKernel(start, tx.state()) ? e : e.keepingEffects(true);
        }
    }

    /** The same kernel state, ignoring the emulator's domain numbering (a domain allocated and freed again). */
    private static boolean sameKernel(State a, State b) {
        return a.groups().equals(b.groups()) && a.domains().equals(b.domains()) && a.memory() == b.memory()
                && a.objects().equals(b.objects()) && a.igroups().equals(b.igroups())
                && a.boundDevices().equals(b.boundDevices()) && a.recorded().equals(b.recorded());
    }
}
