package org.iommuscope.engine.iommufd;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.IommuCore;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.iommufd.KernelRelease.Rule;
import org.iommuscope.engine.iopt.IoptDomains;
import org.iommuscope.engine.iopt.ReservedOwner;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * The merged iommufd_group design (drivers/iommu/iommufd/device.c, v6.6 onwards): one hwpt per group per PASID
 * (igroup->pasid_attach, the RID being PASID 0), an attach list, replace moving every attached member at once.
 * What differs between the releases (the 2025 replace fix, coherency at attach in v6.6, PASID compatibility) is
 * asked of the {@link KernelRelease}.
 */
final class GroupAttachModel implements AttachModel {
    private final KernelRelease release;

    GroupAttachModel(KernelRelease release) {
        this.release = release;
    }

    @Override
    public KernelRelease release() {
        return release;
    }

    @Override
    public int attach(Tx tx, Idev idev, int pasid, long ptId) {
        int pt = changePt(tx, idev, pasid, ptId, true);
        // Pairs with iommufd_device_detach()
        tx.addUsers(idev.id(), 1);
        return pt;
    }

    @Override
    public int replace(Tx tx, Idev idev, int pasid, long ptId) {
        return changePt(tx, idev, pasid, ptId, false);
    }

    @Override
    public void detach(Tx tx, Idev idev, int pasid) {
        int hwpt = hwPagetableDetach(tx, idev, pasid);
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

    @Override
    public SortedMap<Integer, Integer> kernelPasids(State s, Idev idev) {
        SortedMap<Integer, Integer> out = new TreeMap<>();
        IGroup ig = s.igroups().get(idev.groupId());
        if (ig != null) {
            for (Map.Entry<Integer, IGroup.Attach> e : ig.pasidAttach().entrySet()) {
                if (e.getValue().devices().contains(idev.id())) {
                    out.put(e.getKey(), e.getValue().hwpt());
                }
            }
        }
        return out;
    }

    /** iommufd_device_change_pt(): dispatch on the pt object's type, then put what the op released. */
    private int changePt(Tx tx, Idev idev, int pasid, long ptId, boolean attach) {
        IommufdObject pt = tx.object(ptId);
        if (pt == null) {
            throw new KernelError(Errno.ENOENT, "pt_id " + ptId + " does not exist");
        }
        int destroy;
        int outPt;
        switch (pt.type()) {
            case HWPT_PAGING, HWPT_NESTED -> {
                destroy = attach ? doAttach(tx, idev, pasid, pt.id()) : doReplace(tx, idev, pasid, pt.id());
                outPt = pt.id();
            }
            case IOAS -> {
                int[] r = autoGetDomain(tx, idev, pasid, pt.id(), attach);
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

    private int doAttach(Tx tx, Idev idev, int pasid, int hwpt) {
        hwPagetableAttach(tx, hwpt, idev, pasid);
        return -1;
    }

    /**
     * iommufd_device_auto_get_domain(): try the IOAS's auto hwpts in list order (EINVAL: incompatible, try
     * the next; any other error ends it), else allocate a new one. Returns {hwpt to put or -1, pt_id}.
     */
    private int[] autoGetDomain(Tx tx, Idev idev, int pasid, int ioasId, boolean attach) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        for (int h : ioas.hwptList()) {
            HwptPaging hp = tx.hwptPaging(h);
            if (hp == null || !hp.autoDomain()) {
                continue;
            }
            Tx.Savepoint sp = tx.savepoint();
            try {
                int destroy = attach ? doAttach(tx, idev, pasid, h) : doReplace(tx, idev, pasid, h);
                return new int[] {destroy, h};
            } catch (KernelError e) {
                tx.rollback(sp);
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
            }
        }
        HwptPaging hp = HwPagetables.pagingAlloc(tx, ioasId, idev, Set.of(), attach,
                (t, hwptId, dev) -> hwPagetableAttach(t, hwptId, dev, pasid));
        int destroy = attach ? -1 : doReplace(tx, idev, pasid, hp.id());
        tx.put(((HwptPaging) tx.object(hp.id())).withAutoDomain(true));
        return new int[] {destroy, hp.id()};
    }

    /**
     * iommufd_hw_pagetable_attach(hwpt, idev, pasid): EBUSY when this idev is already attached at the PASID
     * (checked first), EINVAL when the group is on another hwpt there; reserved regions on the RID path only;
     * the hardware attach for the group's first device at that PASID, which the others follow.
     */
    void hwPagetableAttach(Tx tx, int hwptId, Idev idev, int pasid) {
        IGroup ig = tx.igroup(idev.groupId());
        IGroup.Attach attach = ig.attach(pasid);
        if (attach != null && attach.devices().contains(idev.id())) {
            throw new KernelError(Errno.EBUSY, "idev " + idev.id() + " is already attached" + at(pasid));
        }
        if (attach != null && attach.hwpt() != hwptId) {
            throw new KernelError(Errno.EINVAL, "group " + ig.groupId() + " is on hwpt " + attach.hwpt() + at(pasid)
                    + ": every device of a group must use the same hwpt");
        }
        if (!release.has(Rule.CC_ENFORCED_AT_ALLOC) && idev.enforceCacheCoherency()) {
            HwPagetables.enforceCacheCoherency(tx, hwptId);
        }
        HwptPaging paging = tx.findHwptPaging(hwptId);
        boolean first = attach == null;
        if (paging != null && pasid == IGroup.NO_PASID) {
            attachReservedIova(tx, idev, paging, first);
        }
        if (first) {
            // Only attach to the group once for the first device that is in the group; the others follow.
            hwptAttachDevice(tx, hwptId, idev, pasid);
            attach = new IGroup.Attach(hwptId, TreePVector.empty());
        }
        tx.putIgroup(tx.igroup(idev.groupId()).withAttach(pasid, attach.withDevices(attach.devices().plus(idev.id()))));
        tx.addUsers(hwptId, 1);
        tx.emit(new Event.DeviceAttached(idev.id(), hwptId, pasid));
    }

    /**
     * iommufd_hwpt_attach_device(): the fault-capable hwpt's device check and the PASID compatibility check,
     * then the iommu core: the whole group's RID (iommu_attach_group_handle) or a PASID of it
     * (iommu_attach_device_pasid).
     */
    private void hwptAttachDevice(Tx tx, int hwptId, Idev idev, int pasid) {
        compatibleDevice(tx, hwptId, idev);
        pasidCompat(tx, hwptId, idev, pasid);
        String cause = "idev " + idev.id() + " attached to hwpt " + hwptId + at(pasid);
        if (pasid == IGroup.NO_PASID) {
            IommuCore.attachGroup(tx, tx.domainOfHwpt(hwptId), idev.groupId(), cause);
        } else {
            IommuCore.attachDevicePasid(tx, tx.domainOfHwpt(hwptId), device(tx, idev), pasid);
        }
    }

    /**
     * iommufd_hwpt_compatible_device(): a hwpt with a fault object refuses a PCI VF (since v6.15 only one that
     * supports PRI), whose page-request responses PRI would share with its PF.
     */
    private void compatibleDevice(Tx tx, int hwptId, Idev idev) {
        Hwpt hwpt = (Hwpt) tx.object(hwptId);
        PciDevice dev = device(tx, idev);
        boolean refused = dev.has(DeviceQuirk.VF)
                && (!release.has(Rule.FAULT_ONLY_PRI_VF_REFUSED) || dev.has(DeviceQuirk.PRI));
        if (hwpt.fault() >= 0 && refused) {
            throw new KernelError(Errno.EINVAL, dev.name() + " is a PCI VF" + (dev.has(DeviceQuirk.PRI) ? " with PRI" : "")
                    + ": a fault-capable hwpt cannot serve it (iommufd_hwpt_compatible_device)");
        }
    }

    /**
     * iommufd_hwpt_pasid_compat(): the RID may go to a hwpt without IOMMU_HWPT_ALLOC_PASID only while no PASID of
     * the group is attached; a PASID needs a PASID-compatible hwpt, and a RID that is on one.
     */
    private void pasidCompat(Tx tx, int hwptId, Idev idev, int pasid) {
        if (!release.has(Rule.PASID_ATTACH)) {
            return;
        }
        Hwpt hwpt = (Hwpt) tx.object(hwptId);
        IGroup ig = tx.igroup(idev.groupId());
        if (pasid == IGroup.NO_PASID) {
            Integer other = ig.pasidAttach().keySet().stream().filter(p -> p != IGroup.NO_PASID).findFirst().orElse(null);
            if (!hwpt.pasidCompat() && other != null) {
                throw new KernelError(Errno.EINVAL, "hwpt " + hwptId + " is not PASID-compatible and PASID " + other + " of group "
                        + ig.groupId() + " is attached: the RID needs a hwpt allocated with IOMMU_HWPT_ALLOC_PASID");
            }
            return;
        }
        if (!hwpt.pasidCompat()) {
            throw new KernelError(Errno.EINVAL, "hwpt " + hwptId + " was not allocated with IOMMU_HWPT_ALLOC_PASID: it cannot serve PASID " + pasid);
        }
        int rid = ig.hwpt();
        if (rid >= 0 && !((Hwpt) tx.object(rid)).pasidCompat()) {
            throw new KernelError(Errno.EINVAL, "the RID of group " + ig.groupId() + " is on hwpt " + rid
                    + ", which is not PASID-compatible: no PASID can be attached beside it");
        }
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
     * iommufd_device_do_replace(): EINVAL with nothing attached at the PASID (and, since the 2025 fix, for an
     * unattached idev); a NOP when the group is already on hwpt; otherwise the whole group moves and every
     * attached member's reference moves with it. Returns the old hwpt for the caller to put, or -1.
     */
    private int doReplace(Tx tx, Idev idev, int pasid, int hwptId) {
        IGroup ig = tx.igroup(idev.groupId());
        IGroup.Attach attach = ig.attach(pasid);
        if (attach == null) {
            throw new KernelError(Errno.EINVAL, "nothing of group " + ig.groupId() + " is attached" + at(pasid)
                    + ": replace needs an attachment");
        }
        if (release.has(Rule.REPLACE_NEEDS_ATTACHED) && !attach.devices().contains(idev.id())) {
            throw new KernelError(Errno.EINVAL, "idev " + idev.id() + " is not attached" + at(pasid)
                    + ": replace refuses it (since the 2025 fix)");
        }
        int old = attach.hwpt();
        if (hwptId == old) {
            tx.emit(new Event.ReplaceNop(idev.id(), hwptId));
            return -1;
        }
        if (!release.has(Rule.CC_ENFORCED_AT_ALLOC) && idev.enforceCacheCoherency()) {
            HwPagetables.enforceCacheCoherency(tx, hwptId);
        }
        HwptPaging paging = tx.findHwptPaging(hwptId);
        boolean attachResv = paging != null && pasid == IGroup.NO_PASID;
        if (attachResv) {
            groupDoReplaceReservedIova(tx, ig, paging);
        }
        hwptReplaceDevice(tx, idev, pasid, hwptId, old);
        HwptPaging oldPaging = tx.findHwptPaging(old);
        if (oldPaging != null && pasid == IGroup.NO_PASID && (paging == null || paging.ioas() != oldPaging.ioas())) {
            groupRemoveReservedIova(tx, ig, oldPaging);
        }
        PVector<Integer> devices = attach.devices();
        tx.putIgroup(tx.igroup(ig.groupId()).withAttach(pasid, new IGroup.Attach(hwptId, devices)));
        int n = devices.size();
        for (int d : devices) {
            tx.emit(new Event.DeviceDetached(d, old, pasid));
            tx.emit(new Event.DeviceAttached(d, hwptId, pasid));
        }
        // Move the refcounts held by the attach list to the new hwpt; keep one on old for the caller.
        tx.addUsers(hwptId, n);
        if (n > 1) {
            tx.addUsers(old, -(n - 1));
        }
        return old;
    }

    /**
     * iommufd_hwpt_replace_device(): the same device and PASID checks as an attach, then the core moves the whole
     * group (iommu_replace_group_handle, no trip through blocking) or the PASID (iommu_replace_device_pasid); the
     * page requests the old attach handle delivered are answered.
     */
    private void hwptReplaceDevice(Tx tx, Idev idev, int pasid, int hwptId, int old) {
        compatibleDevice(tx, hwptId, idev);
        pasidCompat(tx, hwptId, idev, pasid);
        if (pasid == IGroup.NO_PASID) {
            IommuCore.replaceGroupDomain(tx, idev.groupId(), tx.domainOfHwpt(hwptId), "idev " + idev.id() + " replaced to hwpt " + hwptId);
        } else {
            IommuCore.replaceDevicePasid(tx, tx.domainOfHwpt(hwptId), device(tx, idev), pasid);
        }
        Faults.autoResponse(tx, old, idev.groupId(), pasid);
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
     * iommufd_hw_pagetable_detach(idev, pasid): leave the attach list; the last one out detaches the group at
     * that PASID (the RID of an owned group goes to its blocking domain) and its pending page requests are
     * answered; the device's reserved regions go on the RID path. Returns the hwpt for the caller to put, or -1.
     */
    private int hwPagetableDetach(Tx tx, Idev idev, int pasid) {
        IGroup ig = tx.igroup(idev.groupId());
        IGroup.Attach attach = ig.attach(pasid);
        if (attach == null || !attach.devices().contains(idev.id())) {
            return -1;
        }
        int hwpt = attach.hwpt();
        HwptPaging paging = tx.findHwptPaging(hwpt);
        PVector<Integer> rest = attach.devices().minus(Integer.valueOf(idev.id()));
        tx.emit(new Event.DeviceDetached(idev.id(), hwpt, pasid));
        if (rest.isEmpty()) {
            hwptDetachDevice(tx, hwpt, idev, pasid);
            tx.putIgroup(tx.igroup(ig.groupId()).withAttach(pasid, null));
        } else {
            tx.putIgroup(ig.withAttach(pasid, attach.withDevices(rest)));
        }
        if (paging != null && pasid == IGroup.NO_PASID) {
            IoptDomains.removeReserved(tx, paging.ioas(), new ReservedOwner.Device(idev.device()));
        }
        return hwpt;
    }

    /** iommufd_hwpt_detach_device(): iommu_detach_group_handle (RID) or iommu_detach_device_pasid, then the faults. */
    private void hwptDetachDevice(Tx tx, int hwpt, Idev idev, int pasid) {
        if (pasid == IGroup.NO_PASID) {
            IommuCore.detachGroup(tx, idev.groupId(), "idev " + idev.id() + " detached, the last of group " + idev.groupId());
        } else {
            IommuCore.detachDevicePasid(tx, device(tx, idev), pasid);
        }
        Faults.autoResponse(tx, hwpt, idev.groupId(), pasid);
    }

    private static String at(int pasid) {
        return pasid == IGroup.NO_PASID ? "" : " at PASID " + pasid;
    }

    static PciDevice device(Tx tx, Idev idev) {
        return tx.state().topology().device(idev.device()).orElseThrow();
    }
}
