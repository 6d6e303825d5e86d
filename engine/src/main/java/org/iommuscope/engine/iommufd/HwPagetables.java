package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.errno.Errno;
import java.util.Set;
import org.iommuscope.engine.Op.HwptFlag;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IommuDriver;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.iopt.IoptDomains;

/** drivers/iommu/iommufd/hw_pagetable.c: allocation, puts and destruction of hwpts. */
public final class HwPagetables {
    private HwPagetables() {
    }

    /** What immediate attach calls: iommufd_hw_pagetable_attach() of the active model. */
    @FunctionalInterface
    public interface ImmediateAttach {
        void attach(Tx tx, int hwptId, Idev idev);
    }

    /** IOMMU_HWPT_ALLOC (iommufd_hwpt_alloc). Returns the new hwpt's ID. */
    public static int alloc(Tx tx, long devId, long ptId, Set<HwptFlag> flags) {
        if (tx.state().profile() == Profile.V2_PATCH) {
            return V2PatchAttachModel.hwptAlloc(tx, devId, ptId, flags);
        }
        if (tx.state().profile() == Profile.V6_6) {
            // v6.6 iommufd_hwpt_alloc() (<17-v6-fdb604df649a+369-iommufd_alloc_jgg@nvidia.com>): no flags are defined
            // yet, and pt_id goes through iommufd_get_ioas(), so anything but an IOAS is ENOENT
            if (!flags.isEmpty()) {
                throw new KernelError(Errno.EOPNOTSUPP, "v6.6 HWPT_ALLOC takes no flags");
            }
            Idev idev = tx.idev(devId);
            return pagingAlloc(tx, tx.ioas(ptId).id(), idev, flags, false, null).id();
        }
        Idev idev = tx.idev(devId);
        IommufdObject pt = tx.object(ptId);
        if (pt == null) {
            throw new KernelError(Errno.EINVAL, "pt_id " + ptId + " does not exist (HWPT_ALLOC reports EINVAL, not ENOENT)");
        }
        if (pt instanceof Ioas ioas) {
            return pagingAlloc(tx, ioas.id(), idev, flags, false, null).id();
        }
        if (pt instanceof HwptPaging parent) {
            return nestedAlloc(tx, parent, idev, flags).id();
        }
        throw new KernelError(Errno.EINVAL, "pt_id " + ptId + " is " + pt.type().label() + ": HWPT_ALLOC needs an IOAS or a HWPT_PAGING");
    }

    /**
     * iommufd_hwpt_paging_alloc(): a manual hwpt unless the caller marks it auto afterwards. With immediate
     * attach the device attaches before the domain is filled, as the kernel does for auto domains.
     */
    public static HwptPaging pagingAlloc(Tx tx, int ioasId, Idev idev, Set<HwptFlag> flags, boolean immediateAttach,
                                         ImmediateAttach attach) {
        PciDevice dev = tx.state().topology().device(idev.device()).orElseThrow();
        if (flags.contains(HwptFlag.DIRTY_TRACKING) && !IommuDriver.dirtyTracking(tx.state().topology(), dev)) {
            throw new KernelError(Errno.EOPNOTSUPP, dev.name() + " has no dirty tracking (IOMMU_CAP_DIRTY_TRACKING)");
        }
        int id = tx.allocId();
        Domain domain = IommuDriver.domainAllocPaging(tx, dev, flags);
        HwptPaging hp = new HwptPaging(id, 1, ioasId, domain.id(), false, flags.contains(HwptFlag.NEST_PARENT),
                flags.contains(HwptFlag.DIRTY_TRACKING), false);
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

    /** iommufd_hwpt_nested_alloc(): the parent must be a manual nest_parent hwpt. */
    static HwptNested nestedAlloc(Tx tx, HwptPaging parent, Idev idev, Set<HwptFlag> flags) {
        if (!flags.isEmpty()) {
            throw new KernelError(Errno.EOPNOTSUPP, "a nested hwpt takes no allocation flags");
        }
        if (parent.autoDomain() || !parent.nestParent()) {
            throw new KernelError(Errno.EINVAL, "hwpt " + parent.id() + " is " + (parent.autoDomain() ? "an auto domain" : "not a nest parent")
                    + ": it cannot parent a nested hwpt");
        }
        PciDevice dev = tx.state().topology().device(idev.device()).orElseThrow();
        int id = tx.allocId();
        Domain domain = IommuDriver.domainAllocNested(tx, dev, tx.domain(parent.domain()));
        tx.create(new HwptNested(id, 1, parent.id(), domain.id()), "parent hwpt " + parent.id() + ", domain " + domain.id());
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

    /** The object's destroy op, once its last reference is gone. */
    public static void destroy(Tx tx, IommufdObject o) {
        if (o instanceof HwptPaging hp) {
            pagingDestroy(tx, hp);
        } else if (o instanceof HwptNested n) {
            tx.remove(n.id());
            tx.freeDomain(n.domain());
            tx.addUsers(n.parent(), -1);
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
        tx.freeDomain(hp.domain());
        tx.addUsers(hp.ioas(), -1);
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
