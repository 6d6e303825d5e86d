package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.KernelRelease.Ioctl;
import org.iommuscope.engine.iommufd.KernelRelease.Rule;
import org.pcollections.TreePMap;

/**
 * drivers/iommu/iommufd/viommu.c: the vIOMMU and its vDEVICEs (the HW queues are in {@link HwQueues}), and device.c's
 * iommufd_device_remove_vdev(), which tombstones a vDEVICE when its idev is unbound.
 */
public final class Viommus {
    private Viommus() {
    }

    /**
     * IOMMU_VIOMMU_ALLOC (iommufd_viommu_alloc_ioctl): EOPNOTSUPP for IOMMU_VIOMMU_TYPE_DEFAULT, ENOENT unless dev_id is a
     * device, EOPNOTSUPP when its driver has no vIOMMU ops or does not know the type (since v6.17 asked before the
     * parent, through get_viommu_size(); before, by the driver's viommu_alloc() after it), ENOENT unless hwpt_id is a
     * HWPT_PAGING, EINVAL unless it is a nest parent, then the driver's viommu_init(). Returns the vIOMMU's ID.
     */
    public static int alloc(Tx tx, long devId, long hwptId, Long typeArg) {
        KernelRelease release = tx.release();
        release.requireIoctl(Ioctl.VIOMMU_ALLOC);
        long type = typeArg == null ? Viommu.TYPE_ARM_SMMUV3 : typeArg;
        if (type == 0) {
            throw new KernelError(Errno.EOPNOTSUPP, "IOMMU_VIOMMU_TYPE_DEFAULT (0) is no vIOMMU type");
        }
        Idev idev = tx.idev(devId);
        PciDevice dev = device(tx, idev);
        if (!ViommuDriver.hasViommuOps(tx, dev)) {
            throw new KernelError(Errno.EOPNOTSUPP, "iommu " + tx.state().topology().iommuOf(dev).name()
                    + "'s driver has no vIOMMU support (no viommu capability)");
        }
        if (release.has(Rule.VIOMMU_TYPE_CHECKED_FIRST)) {
            ViommuDriver.getViommuSize(tx, dev, type);
        }
        HwptPaging parent = tx.get(hwptId, HwptPaging.class, "a hwpt_paging");
        if (!parent.nestParent()) {
            throw new KernelError(Errno.EINVAL, "hwpt " + parent.id() + " was not allocated with IOMMU_HWPT_ALLOC_NEST_PARENT");
        }
        if (!release.has(Rule.VIOMMU_TYPE_CHECKED_FIRST)) {
            ViommuDriver.getViommuSize(tx, dev, type);
        }
        int id = tx.allocId();
        ViommuDriver.viommuInit(tx, dev, tx.domain(parent.domain()));
        String unit = tx.state().topology().iommuOf(dev).name();
        tx.create(new Viommu(id, 1, parent.id(), unit, type, TreePMap.empty()), "on nesting parent hwpt " + parent.id() + ", iommu " + unit);
        tx.addUsers(parent.id(), 1);
        return id;
    }

    /** iommufd_viommu_destroy(): the parent loses the vIOMMU's reference. */
    static void destroy(Tx tx, Viommu v) {
        tx.remove(v.id());
        tx.addUsers(v.hwpt(), -1);
    }

    /**
     * IOMMU_VDEVICE_ALLOC (iommufd_vdevice_alloc_ioctl): ENOENT unless viommu_id is a vIOMMU and dev_id a device, EINVAL
     * when the device is behind another IOMMU than the vIOMMU's; since v6.17 EEXIST when the idev already has a
     * vDEVICE (anywhere); then the ID is allocated, and EEXIST when the virt_id is taken in this vIOMMU (the ID is
     * freed again). Returns the vDEVICE's ID.
     */
    public static int vdeviceAlloc(Tx tx, long viommuId, long devId, long virtId) {
        KernelRelease release = tx.release();
        release.requireIoctl(Ioctl.VDEVICE_ALLOC);
        Viommu viommu = tx.get(viommuId, Viommu.class, "a vIOMMU");
        Idev idev = tx.idev(devId);
        PciDevice dev = device(tx, idev);
        String unit = tx.state().topology().iommuOf(dev).name();
        if (!viommu.iommu().equals(unit)) {
            throw new KernelError(Errno.EINVAL, dev.name() + " is behind iommu " + unit + ", viommu " + viommu.id() + " is a slice of "
                    + viommu.iommu() + " (viommu->iommu_dev != __iommu_get_iommu_dev(idev->dev))");
        }
        boolean holdsIdev = release.has(Rule.VDEVICE_DIES_WITH_IDEV);
        if (holdsIdev) {
            Vdevice other = vdevOf(tx, idev.id());
            if (other != null) {
                throw new KernelError(Errno.EEXIST, "idev " + idev.id() + " already has vDEVICE " + other.id() + " (idev->vdev): one per device");
            }
        }
        int id = tx.allocId();
        Integer taken = viommu.vdevs().get(virtId);
        if (taken != null) {
            throw new KernelError(Errno.EEXIST, "virt_id " + Unsigned.hex(virtId) + " is vDEVICE " + taken + " of viommu " + viommu.id());
        }
        tx.create(new Vdevice(id, 1, viommu.id(), idev.id(), idev.device(), virtId, holdsIdev),
                "virt_id " + Unsigned.hex(virtId) + " of viommu " + viommu.id() + " is idev " + idev.id());
        tx.put(((Viommu) tx.object(viommu.id())).withVdevs(viommu.vdevs().plus(virtId, id)));
        tx.addUsers(viommu.id(), 1);
        if (holdsIdev) {
            // The idev lookup reference is kept: a users (and wait_cnt) reference until the vDEVICE goes.
            tx.addUsers(idev.id(), 1);
        }
        return id;
    }

    /**
     * iommufd_vdevice_destroy() → iommufd_vdevice_abort(): the virt_id is freed in the vIOMMU (if it still names this
     * vDEVICE), the vIOMMU loses its reference, and since v6.17 the idev too.
     */
    static void vdeviceDestroy(Tx tx, Vdevice vdev) {
        tx.remove(vdev.id());
        Viommu viommu = (Viommu) tx.object(vdev.viommu());
        if (Integer.valueOf(vdev.id()).equals(viommu.vdevs().get(vdev.virtId()))) {
            tx.put(viommu.withVdevs(viommu.vdevs().minus(vdev.virtId())));
        }
        tx.addUsers(viommu.id(), -1);
        if (vdev.holdsIdev()) {
            tx.addUsers(vdev.idev(), -1);
        }
    }

    /**
     * iommufd_device_pre_destroy() → iommufd_device_remove_vdev() (v6.17): when the idev being unbound still has a
     * vDEVICE, it is destroyed through iommufd_object_tombstone_user(), so its ID stays taken and unusable until the
     * iommufd is closed.
     */
    static void removeVdev(Tx tx, Idev idev) {
        if (!tx.release().has(Rule.VDEVICE_DIES_WITH_IDEV)) {
            return;
        }
        Vdevice vdev = vdevOf(tx, idev.id());
        if (vdev == null) {
            return;
        }
        vdeviceDestroy(tx, vdev);
        tx.tombstone(vdev.id());
    }

    /** idev->vdev (v6.17+): the vDEVICE that holds this idev, or null. */
    static Vdevice vdevOf(Tx tx, int idevId) {
        for (IommufdObject o : tx.state().objects().values()) {
            if (o instanceof Vdevice v && v.holdsIdev() && v.idev() == idevId) {
                return v;
            }
        }
        return null;
    }

    private static PciDevice device(Tx tx, Idev idev) {
        return tx.state().topology().device(idev.device()).orElseThrow();
    }
}
