package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.hw.IommuCore;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.iopt.IoptDomains;
import org.iommuscope.engine.iopt.ReservedOwner;
import org.pcollections.PVector;

/**
 * The merged iommufd_group design (drivers/iommu/iommufd/device.c, v6.6 onwards): one igroup->hwpt for
 * the whole group, an attach list, replace moving every attached member at once. {@code v6.6} differs
 * from {@code v6.15} in that replace of a bound but unattached device is not refused (before upstream
 * 55c85fa7579d "iommufd: Fail replace if device has not been attached").
 */
final class GroupAttachModel implements AttachModel {
    private final Profile profile;

    GroupAttachModel(Profile profile) {
        this.profile = profile;
    }

    @Override
    public int attach(Tx tx, Idev idev, long ptId) {
        int pt = changePt(tx, idev, ptId, true);
        // Pairs with iommufd_device_detach()
        tx.addUsers(idev.id(), 1);
        return pt;
    }

    @Override
    public int replace(Tx tx, Idev idev, long ptId) {
        return changePt(tx, idev, ptId, false);
    }

    @Override
    public void detach(Tx tx, Idev idev) {
        int hwpt = hwPagetableDetach(tx, idev);
        if (hwpt < 0) {
            return;
        }
        HwPagetables.put(tx, hwpt);
        tx.addUsers(idev.id(), -1);
    }

    @Override
    public int kernelHwpt(State s, Idev idev) {
        IGroup ig = s.igroups().get(idev.groupId());
        return ig != null && ig.devices().contains(idev.id()) ? ig.hwpt() : -1;
    }

    /** iommufd_device_change_pt(): dispatch on the pt object's type, then put what the op released. */
    private int changePt(Tx tx, Idev idev, long ptId, boolean attach) {
        IommufdObject pt = tx.object(ptId);
        if (pt == null) {
            throw new KernelError(Errno.ENOENT, "pt_id " + ptId + " does not exist");
        }
        int destroy;
        int outPt;
        switch (pt.type()) {
            case HWPT_PAGING, HWPT_NESTED -> {
                destroy = attach ? doAttach(tx, idev, pt.id()) : doReplace(tx, idev, pt.id());
                outPt = pt.id();
            }
            case IOAS -> {
                int[] r = autoGetDomain(tx, idev, pt.id(), attach);
                destroy = r[0];
                outPt = r[1];
            }
            default -> throw new KernelError(Errno.EINVAL, "pt_id " + ptId + " is " + pt.type().label()
                    + ", neither an IOAS nor a hwpt");
        }
        // This destruction has to be after we unlock everything
        if (destroy >= 0) {
            HwPagetables.put(tx, destroy);
        }
        return outPt;
    }

    private int doAttach(Tx tx, Idev idev, int hwpt) {
        hwPagetableAttach(tx, hwpt, idev);
        return -1;
    }

    /**
     * iommufd_device_auto_get_domain(): try the IOAS's auto hwpts in list order (EINVAL: incompatible, try
     * the next; any other error ends it), else allocate a new one. Returns {hwpt to put or -1, pt_id}.
     */
    private int[] autoGetDomain(Tx tx, Idev idev, int ioasId, boolean attach) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        for (int h : ioas.hwptList()) {
            HwptPaging hp = tx.hwptPaging(h);
            if (hp == null || !hp.autoDomain()) {
                continue;
            }
            Tx.Savepoint sp = tx.savepoint();
            try {
                int destroy = attach ? doAttach(tx, idev, h) : doReplace(tx, idev, h);
                return new int[] {destroy, h};
            } catch (KernelError e) {
                tx.rollback(sp);
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
            }
        }
        HwptPaging hp = HwPagetables.pagingAlloc(tx, ioasId, idev, java.util.Set.of(), attach, this::hwPagetableAttach);
        int destroy = attach ? -1 : doReplace(tx, idev, hp.id());
        tx.put(((HwptPaging) tx.object(hp.id())).withAutoDomain(true));
        return new int[] {destroy, hp.id()};
    }

    /** iommufd_hw_pagetable_attach(hwpt, idev, pasid 0). */
    void hwPagetableAttach(Tx tx, int hwptId, Idev idev) {
        IGroup ig = tx.igroup(idev.groupId());
        if (ig.devices().contains(idev.id())) {
            throw new KernelError(Errno.EBUSY, "idev " + idev.id() + " is already attached");
        }
        if (ig.hwpt() >= 0 && ig.hwpt() != hwptId) {
            throw new KernelError(Errno.EINVAL, "group " + ig.groupId() + " is on hwpt " + ig.hwpt()
                    + ": every device of a group must use the same hwpt");
        }
        if (profile == Profile.V6_6 && idev.enforceCacheCoherency()) {
            HwPagetables.enforceCacheCoherency(tx, hwptId);
        }
        HwptPaging paging = tx.findHwptPaging(hwptId);
        boolean first = ig.devices().isEmpty();
        if (paging != null) {
            attachReservedIova(tx, idev, paging, first);
        }
        if (first) {
            // Only attach to the group once for the first device that is in the group; the others follow.
            IommuCore.attachGroup(tx, tx.domainOfHwpt(hwptId), idev.groupId(), "idev " + idev.id() + " attached to hwpt " + hwptId);
            ig = tx.igroup(idev.groupId()).withHwpt(hwptId);
        } else {
            ig = tx.igroup(idev.groupId());
        }
        tx.putIgroup(ig.withDevices(ig.devices().plus(idev.id())));
        tx.addUsers(hwptId, 1);
        tx.emit(new Event.DeviceAttached(idev.id(), hwptId));
    }

    /** iommufd_device_attach_reserved_iova(): this device's regions, and MSI for the group's first device. */
    private void attachReservedIova(Tx tx, Idev idev, HwptPaging paging, boolean first) {
        PciDevice dev = device(tx, idev);
        long swMsi = IoptDomains.enforceDevResvRegions(tx, paging.ioas(), dev, true);
        if (swMsi >= 0) {
            tx.putIgroup(tx.igroup(idev.groupId()).withSwMsiStart(swMsi));
        }
        if (first) {
            HwPagetables.setupMsi(tx, tx.igroup(idev.groupId()), paging);
        }
    }

    /**
     * iommufd_device_do_replace(): EINVAL with nothing attached (and, since the 2025 fix, for an unattached
     * idev); a NOP when the group is already on hwpt; otherwise the whole group moves and every attached
     * member's reference moves with it. Returns the old hwpt for the caller to put, or -1.
     */
    private int doReplace(Tx tx, Idev idev, int hwptId) {
        IGroup ig = tx.igroup(idev.groupId());
        if (ig.hwpt() < 0) {
            throw new KernelError(Errno.EINVAL, "nothing of group " + ig.groupId() + " is attached: replace needs an attachment");
        }
        if (profile != Profile.V6_6 && !ig.devices().contains(idev.id())) {
            throw new KernelError(Errno.EINVAL, "idev " + idev.id() + " is not attached: replace refuses it (since the 2025 fix)");
        }
        int old = ig.hwpt();
        if (hwptId == old) {
            tx.emit(new Event.ReplaceNop(idev.id(), hwptId));
            return -1;
        }
        if (profile == Profile.V6_6 && idev.enforceCacheCoherency()) {
            HwPagetables.enforceCacheCoherency(tx, hwptId);
        }
        HwptPaging paging = tx.findHwptPaging(hwptId);
        if (paging != null) {
            groupDoReplaceReservedIova(tx, ig, paging);
        }
        IommuCore.replaceGroupDomain(tx, ig.groupId(), tx.domainOfHwpt(hwptId), "idev " + idev.id() + " replaced to hwpt " + hwptId);
        HwptPaging oldPaging = tx.findHwptPaging(old);
        if (oldPaging != null && (paging == null || paging.ioas() != oldPaging.ioas())) {
            groupRemoveReservedIova(tx, ig, oldPaging);
        }
        ig = tx.igroup(ig.groupId());
        tx.putIgroup(ig.withHwpt(hwptId));
        int n = ig.devices().size();
        for (int d : ig.devices()) {
            tx.emit(new Event.DeviceDetached(d, old));
            tx.emit(new Event.DeviceAttached(d, hwptId));
        }
        // Move the refcounts held by the attach list to the new hwpt; keep one on old for the caller.
        tx.addUsers(hwptId, n);
        if (n > 1) {
            tx.addUsers(old, -(n - 1));
        }
        return old;
    }

    /** iommufd_group_do_replace_reserved_iova(): re-home every attached member's regions when the IOAS changes. */
    private void groupDoReplaceReservedIova(Tx tx, IGroup ig, HwptPaging paging) {
        HwptPaging oldPaging = tx.findHwptPaging(ig.hwpt());
        if (oldPaging == null || paging.ioas() != oldPaging.ioas()) {
            for (int cur : ig.devices()) {
                IoptDomains.enforceDevResvRegions(tx, paging.ioas(), device(tx, (Idev) tx.object(cur)), false);
            }
        }
        HwPagetables.setupMsi(tx, tx.igroup(ig.groupId()), paging);
    }

    private void groupRemoveReservedIova(Tx tx, IGroup ig, HwptPaging paging) {
        for (int cur : ig.devices()) {
            IoptDomains.removeReserved(tx, paging.ioas(), new ReservedOwner.Device(((Idev) tx.object(cur)).device()));
        }
    }

    /**
     * iommufd_hw_pagetable_detach(): leave the attach list; the last one out detaches the group (an owned
     * group goes to its blocking domain). Returns the hwpt for the caller to put, or -1.
     */
    private int hwPagetableDetach(Tx tx, Idev idev) {
        IGroup ig = tx.igroup(idev.groupId());
        if (ig.hwpt() < 0 || !ig.devices().contains(idev.id())) {
            return -1;
        }
        int hwpt = ig.hwpt();
        HwptPaging paging = tx.findHwptPaging(hwpt);
        PVector<Integer> rest = ig.devices().minus(Integer.valueOf(idev.id()));
        tx.putIgroup(ig.withDevices(rest));
        tx.emit(new Event.DeviceDetached(idev.id(), hwpt));
        if (rest.isEmpty()) {
            IommuCore.detachGroup(tx, ig.groupId(), "idev " + idev.id() + " detached, the last of group " + ig.groupId());
            tx.putIgroup(tx.igroup(ig.groupId()).withHwpt(-1));
        }
        if (paging != null) {
            IoptDomains.removeReserved(tx, paging.ioas(), new ReservedOwner.Device(idev.device()));
        }
        return hwpt;
    }

    static PciDevice device(Tx tx, Idev idev) {
        return tx.state().topology().device(idev.device()).orElseThrow();
    }
}
