package org.iommuscope.engine.iommufd;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.Op.HwptFlag;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IommuDriver;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.iommufd.KernelRelease.Ioctl;
import org.iommuscope.engine.iommufd.KernelRelease.Rule;
import org.iommuscope.engine.iopt.IoptDirty;
import org.iommuscope.engine.iopt.IoptDomains;
import org.iommuscope.engine.iopt.IovaRange;

/** drivers/iommu/iommufd/hw_pagetable.c: allocation, puts and destruction of hwpts. */
public final class HwPagetables {
    private HwPagetables() {
    }

    /** What immediate attach calls: iommufd_hw_pagetable_attach() of the active model. */
    @FunctionalInterface
    public interface ImmediateAttach {
        void attach(Tx tx, int hwptId, Idev idev);
    }

    /**
     * IOMMU_HWPT_ALLOC (iommufd_hwpt_alloc). {@code flags} are the ioctl's (FAULT_ID_VALID set when a fault object
     * is given). Returns the new hwpt's ID.
     */
    public static int alloc(Tx tx, long devId, long ptId, Set<HwptFlag> flags, Long faultId) {
        return alloc(tx, devId, ptId, flags, faultId, null);
    }

    /**
     * IOMMU_HWPT_ALLOC with user data: {@code stage1} describes a nested hwpt's stage 1 (null: the driver's default data
     * for a nested allocation, no data for a paging one).
     */
    public static int alloc(Tx tx, long devId, long ptId, Set<HwptFlag> flags, Long faultId, Stage1 stage1) {
        KernelRelease release = tx.release();
        if (stage1 != null && !release.has(Rule.HWPT_ALLOC_ANY_PT)) {
            // copy_struct_from_user(): the struct of this release ends before data_type, and the tail is not zero
            throw new KernelError(Errno.E2BIG, "the " + release + " kernel's struct iommu_hwpt_alloc has no user data (data_type is v6.7)");
        }
        if (!release.has(Rule.IGROUP_ATTACH)) {
            return V2PatchAttachModel.hwptAlloc(tx, devId, ptId, flags);
        }
        Hwpt hwpt;
        if (!release.has(Rule.HWPT_ALLOC_ANY_PT)) {
            // v6.6 iommufd_hwpt_alloc() (<17-v6-fdb604df649a+369-iommufd_alloc_jgg@nvidia.com>): no flags are defined
            // yet, and pt_id goes through iommufd_get_ioas(), so anything but an IOAS is ENOENT
            if (!flags.isEmpty()) {
                throw new KernelError(Errno.EOPNOTSUPP, "v6.6 HWPT_ALLOC takes no flags");
            }
            Idev idev = tx.idev(devId);
            hwpt = pagingAlloc(tx, tx.ioas(ptId).id(), idev, flags, false, null);
        } else {
            Idev idev = tx.idev(devId);
            IommufdObject pt = tx.object(ptId);
            if (pt == null) {
                throw new KernelError(Errno.EINVAL, "pt_id " + ptId + " does not exist (HWPT_ALLOC reports EINVAL, not ENOENT)");
            }
            if (pt instanceof Ioas ioas) {
                if (stage1 != null) {
                    // the driver's domain_alloc_paging_flags() refuses user data for a paging domain
                    throw new KernelError(Errno.EOPNOTSUPP, "a paging hwpt takes no stage-1 data: give a nest parent or a vIOMMU as pt");
                }
                hwpt = pagingAlloc(tx, ioas.id(), idev, flags, false, null);
            } else if (pt instanceof HwptPaging parent) {
                hwpt = nestedAlloc(tx, parent, idev, flags, stage1);
            } else if (pt instanceof Viommu viommu) {
                String unit = tx.state().topology().iommuOf(tx.state().topology().device(idev.device()).orElseThrow()).name();
                if (!viommu.iommu().equals(unit)) {
                    throw new KernelError(Errno.EINVAL, idev.device() + " is behind iommu " + unit + ", viommu " + viommu.id() + " is a slice of "
                            + viommu.iommu() + " (viommu->iommu_dev != __iommu_get_iommu_dev(idev->dev))");
                }
                hwpt = viommuAllocHwptNested(tx, viommu, flags, stage1);
            } else {
                throw new KernelError(Errno.EINVAL, "pt_id " + ptId + " is " + pt.type().label()
                        + ": HWPT_ALLOC needs an IOAS, a HWPT_PAGING" + (release.has(Ioctl.VIOMMU_ALLOC) ? " or a vIOMMU" : ""));
            }
        }
        if (flags.contains(HwptFlag.FAULT_ID_VALID)) {
            // iommufd_get_fault(): ENOENT aborts the new hwpt
            Fault fault = Faults.get(tx, faultId);
            tx.put(((Hwpt) tx.object(hwpt.id())).withFault(fault.id()));
            tx.addUsers(fault.id(), 1);
        }
        return hwpt.id();
    }

    /**
     * iommufd_hwpt_paging_alloc(): a manual hwpt unless the caller marks it auto afterwards. With immediate
     * attach the device attaches before the domain is filled, as the kernel does for auto domains. Flag checks
     * in the kernel's order: unknown flags, dirty tracking without the capability, a fault on a nest parent.
     */
    public static HwptPaging pagingAlloc(Tx tx, int ioasId, Idev idev, Set<HwptFlag> flags, boolean immediateAttach,
                                         ImmediateAttach attach) {
        PciDevice dev = tx.state().topology().device(idev.device()).orElseThrow();
        for (HwptFlag f : flags) {
            if (!tx.release().hwptAllocFlags().contains(f)) {
                throw new KernelError(Errno.EOPNOTSUPP, "the " + tx.release() + " kernel does not know IOMMU_HWPT_ALLOC_" + f.name());
            }
        }
        if (flags.contains(HwptFlag.DIRTY_TRACKING) && !IommuDriver.dirtyTracking(tx.state().topology(), dev)) {
            throw new KernelError(Errno.EOPNOTSUPP, dev.name() + " has no dirty tracking (IOMMU_CAP_DIRTY_TRACKING)");
        }
        if (flags.contains(HwptFlag.FAULT_ID_VALID) && flags.contains(HwptFlag.NEST_PARENT)
                && tx.release().has(Rule.FAULT_NEST_PARENT_REFUSED)) {
            throw new KernelError(Errno.EOPNOTSUPP, "a nest parent cannot carry a fault object (iommufd_hwpt_paging_alloc)");
        }
        int id = tx.allocId();
        Set<HwptFlag> driverFlags = EnumSet.noneOf(HwptFlag.class);
        driverFlags.addAll(flags);
        driverFlags.remove(HwptFlag.FAULT_ID_VALID);
        Domain domain = IommuDriver.domainAllocPaging(tx, dev, driverFlags);
        HwptPaging hp = new HwptPaging(id, 1, ioasId, domain.id(), false, flags.contains(HwptFlag.NEST_PARENT),
                flags.contains(HwptFlag.DIRTY_TRACKING), false).withPasidCompat(flags.contains(HwptFlag.PASID));
        tx.create(hp, "ioas " + ioasId + ", domain " + domain.id());
        // Pairs with iommufd_hwpt_paging_destroy()
        tx.addUsers(ioasId, 1);
        if (idev.enforceCacheCoherency()) {
            // The coherency mode is set before any map and never changes afterwards (v6.7+).
            tx.put(((HwptPaging) tx.object(id)).withEnforceCacheCoherency(true));
            tx.putDomain(tx.domain(domain.id()).withEnforceCacheCoherency(true));
        }
        if (immediateAttach) {
            attach.attach(tx, id, idev);
        }
        IoptDomains.tableAddDomain(tx, ioasId, domain.id());
        Ioas ioas = (Ioas) tx.object(ioasId);
        tx.put(ioas.withHwptList(ioas.hwptList().plus(id)));
        return (HwptPaging) tx.object(id);
    }

    /**
     * iommufd_viommu_alloc_hwpt_nested(): only FAULT_ID_VALID and PASID (EOPNOTSUPP); the vIOMMU's alloc_domain_nested
     * makes the domain over viommu->hwpt. The hwpt holds the vIOMMU, not the parent.
     */
    static HwptNested viommuAllocHwptNested(Tx tx, Viommu viommu, Set<HwptFlag> flags, Stage1 stage1) {
        for (HwptFlag f : flags) {
            if ((f != HwptFlag.FAULT_ID_VALID && f != HwptFlag.PASID) || !tx.release().hwptAllocFlags().contains(f)) {
                throw new KernelError(Errno.EOPNOTSUPP, "a nested hwpt takes no IOMMU_HWPT_ALLOC_" + f.name());
            }
        }
        HwptPaging parent = (HwptPaging) tx.object(viommu.hwpt());
        int id = tx.allocId();
        Domain domain = ViommuDriver.allocDomainNested(tx, viommu, tx.domain(parent.domain()), stage1 == null ? Stage1.BYPASS : stage1);
        tx.create(new HwptNested(id, 1, parent.id(), domain.id()).withPasidCompat(flags.contains(HwptFlag.PASID)).withViommu(viommu.id()),
                "on viommu " + viommu.id() + " over parent hwpt " + parent.id() + ", domain " + domain.id() + ", stage 1 "
                        + domain.stage1().mode().yamlName());
        tx.addUsers(viommu.id(), 1);
        return (HwptNested) tx.object(id);
    }

    /** iommufd_hwpt_nested_alloc(): only FAULT_ID_VALID and PASID; the parent must be a manual nest_parent hwpt. */
    static HwptNested nestedAlloc(Tx tx, HwptPaging parent, Idev idev, Set<HwptFlag> flags, Stage1 stage1) {
        for (HwptFlag f : flags) {
            if ((f != HwptFlag.FAULT_ID_VALID && f != HwptFlag.PASID) || !tx.release().hwptAllocFlags().contains(f)) {
                throw new KernelError(Errno.EOPNOTSUPP, "a nested hwpt takes no IOMMU_HWPT_ALLOC_" + f.name());
            }
        }
        if (parent.autoDomain() || !parent.nestParent()) {
            throw new KernelError(Errno.EINVAL, "hwpt " + parent.id() + " is " + (parent.autoDomain() ? "an auto domain" : "not a nest parent")
                    + ": it cannot parent a nested hwpt");
        }
        PciDevice dev = tx.state().topology().device(idev.device()).orElseThrow();
        int id = tx.allocId();
        Domain domain = IommuDriver.domainAllocNested(tx, dev, tx.domain(parent.domain()), stage1 == null ? Stage1.BYPASS : stage1);
        tx.create(new HwptNested(id, 1, parent.id(), domain.id()).withPasidCompat(flags.contains(HwptFlag.PASID)),
                "parent hwpt " + parent.id() + ", domain " + domain.id());
        tx.addUsers(parent.id(), 1);
        return (HwptNested) tx.object(id);
    }

    /**
     * iommufd_hw_pagetable_put(): an auto HWPT_PAGING is destroyed when the put leaves only the xarray's
     * reference (iommufd_object_put_and_try_destroy); anything else just loses a user.
     */
    public static void put(Tx tx, int hwptId) {
        IommufdObject o = tx.addUsers(hwptId, -1);
        if (o instanceof HwptPaging hp && hp.autoDomain() && hp.users() == 1) {
            destroy(tx, hp);
        }
    }

    /** The hwpt's destroy op, once its last reference is gone. */
    public static void destroy(Tx tx, Hwpt o) {
        if (o instanceof HwptPaging hp) {
            pagingDestroy(tx, hp);
        } else if (o instanceof HwptNested n) {
            // iommufd_hwpt_nested_destroy(): the vIOMMU's reference if made on one, else the parent's
            tx.remove(n.id());
            hwptDestroy(tx, n);
            tx.addUsers(n.holds(), -1);
        }
    }

    /** iommufd_hwpt_paging_destroy(): leave the IOAS, free the domain, drop the IOAS reference. */
    private static void pagingDestroy(Tx tx, HwptPaging hp) {
        tx.remove(hp.id());
        Ioas ioas = (Ioas) tx.object(hp.ioas());
        if (ioas.hwptList().contains(hp.id())) {
            tx.put(ioas.withHwptList(ioas.hwptList().minus(Integer.valueOf(hp.id()))));
            IoptDomains.tableRemoveDomain(tx, hp.ioas(), hp.domain());
        }
        hwptDestroy(tx, hp);
        tx.addUsers(hp.ioas(), -1);
    }

    /** __iommufd_hwpt_destroy(): free the domain, drop the fault object's reference. */
    private static void hwptDestroy(Tx tx, Hwpt hwpt) {
        tx.freeDomain(hwpt.domain());
        if (hwpt.fault() >= 0) {
            tx.addUsers(hwpt.fault(), -1);
        }
    }

    /**
     * IOMMU_HWPT_INVALIDATE (iommufd_hwpt_invalidate): since v6.13 hwpt_id is looked up as any object (ENOENT), a nested
     * hwpt goes to its domain's cache_invalidate_user, a vIOMMU to its cache_invalidate, anything else is EINVAL; before,
     * only a nested hwpt is found (iommufd_get_hwpt_nested(), ENOENT). entry_num is written back in every case: the
     * entries handled, 0 for an error before the driver. Returns entry_num.
     */
    public static long invalidate(Tx tx, long hwptId, List<Op.InvalidationEntry> entries) {
        tx.release().requireIoctl(Ioctl.HWPT_INVALIDATE);
        Map<String, Object> none = Map.of("entry_num", 0L);
        IommufdObject o = tx.object(hwptId);
        if (!tx.release().has(Rule.HWPT_INVALIDATE_ANY_PT) && !(o instanceof HwptNested)) {
            throw new KernelError(Errno.ENOENT, hwptId + " is not a hwpt_nested (iommufd_get_hwpt_nested)").withOutputs(none);
        }
        if (o == null) {
            throw new KernelError(Errno.ENOENT, "no object " + hwptId).withOutputs(none);
        }
        int done;
        if (o instanceof HwptNested) {
            done = ViommuDriver.nestedCacheInvalidate(entries);
        } else if (o instanceof Viommu viommu) {
            done = ViommuDriver.viommuCacheInvalidate(viommu, entries);
        } else {
            throw new KernelError(Errno.EINVAL, o.type().label() + " " + hwptId + " has no cache to invalidate: a nested hwpt or a vIOMMU is")
                    .withOutputs(none);
        }
        tx.emit(new Event.CachesInvalidated(o.id(), done));
        return done;
    }

    /** IOMMU_HWPT_SET_DIRTY_TRACKING (iommufd_hwpt_set_dirty_tracking): ENOENT unless a HWPT_PAGING. */
    public static void setDirtyTracking(Tx tx, long hwptId, boolean enable) {
        tx.release().requireIoctl(KernelRelease.Ioctl.HWPT_SET_DIRTY_TRACKING);
        HwptPaging hp = tx.get(hwptId, HwptPaging.class, "a hwpt_paging");
        IoptDirty.setDirtyTracking(tx, hp.ioas(), hp.domain(), enable);
    }

    /**
     * IOMMU_HWPT_GET_DIRTY_BITMAP (iommufd_hwpt_get_dirty_bitmap): ENOENT unless a HWPT_PAGING, then
     * iopt_read_and_clear_dirty_data(). Returns the dirty runs the bitmap's bits describe.
     */
    public static List<IovaRange> getDirtyBitmap(Tx tx, long hwptId, long iova, long length, long pageSize, boolean noClear) {
        tx.release().requireIoctl(KernelRelease.Ioctl.HWPT_GET_DIRTY_BITMAP);
        HwptPaging hp = tx.get(hwptId, HwptPaging.class, "a hwpt_paging");
        List<IovaRange> runs = IoptDirty.readAndClearDirtyData(tx, hp.ioas(), hp.domain(), iova, length, pageSize, noClear);
        tx.emit(new Event.DirtyRead(hp.id(), runs.size(), !noClear));
        return runs;
    }

    /** iommufd_hwpt_paging_enforce_cc(): v6.6 upgrades a hwpt at attach; the driver refuses if a device on it cannot. */
    static void enforceCacheCoherency(Tx tx, int hwptId) {
        HwptPaging hp = tx.findHwptPaging(hwptId);
        if (hp == null || hp.enforceCacheCoherency()) {
            return;
        }
        Domain d = tx.domain(hp.domain());
        for (var g : tx.state().groups().values()) {
            if (g.domain() != d.id()) {
                continue;
            }
            for (String name : g.devices()) {
                if (!IommuDriver.enforcesCacheCoherency(tx.state().topology().device(name).orElseThrow())) {
                    throw new KernelError(Errno.EINVAL, "domain " + d.id() + " cannot enforce cache coherency: " + name
                            + " is on it and cannot");
                }
            }
        }
        tx.put(hp.withEnforceCacheCoherency(true));
        tx.putDomain(d.withEnforceCacheCoherency(true));
    }

    /** iommufd_group_setup_msi(): install the group's SW_MSI window in the domain, once per domain. */
    static void setupMsi(Tx tx, IGroup ig, HwptPaging paging) {
        Domain d = tx.domain(paging.domain());
        if (ig.swMsiStart() >= 0 && d.msiCookie() < 0) {
            tx.putDomain(d.withMsiCookie(ig.swMsiStart()));
        }
    }
}
