package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.IommuCore;
import org.iommuscope.engine.hw.IommuDriver;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.PciDevice;

/** The VFIO cdev side of a device's life: bind, the ATTACH/DETACH ioctls and close (drivers/vfio/iommufd.c, device_cdev.c). */
public final class Devices {
    private Devices() {
    }

    /** VFIO_DEVICE_BIND_IOMMUFD → iommufd_device_bind(). Returns the idev ID. */
    public static int bind(Tx tx, String name, AttachModel model) {
        PciDevice dev = tx.state().topology().device(name).orElseThrow(
                () -> new KernelError(Errno.ENODEV, "no device " + name + " in the topology"));
        if (dev.onKernelDriver()) {
            throw new KernelError(Errno.ENODEV, name + " is on " + dev.driver() + ", not vfio-pci: it has no VFIO device to bind");
        }
        if (tx.state().boundDevices().containsKey(name)) {
            throw new KernelError(Errno.EINVAL, name + " is already bound (as idev " + tx.state().boundDevices().get(name) + ")");
        }
        // iommufd always sets IOMMU_CACHE because it offers no way for user space to restore coherency.
        if (!IommuDriver.cacheCoherent(dev)) {
            throw new KernelError(Errno.EINVAL, name + " lacks IOMMU_CAP_CACHE_COHERENCY");
        }
        IGroup ig = getGroup(tx, dev.groupId());
        if (model.checksMsiAtBind()) {
            checkIsolatedMsi(tx, dev);
        }
        IommuCore.claimDmaOwner(tx, dev, IommuCore.IOMMUFD_OWNER);
        int id = tx.allocId();
        // users: the xarray's reference, plus the calling driver's until iommufd_device_unbind()
        Idev idev = new Idev(id, 2, name, dev.groupId(), IommuDriver.enforcesCacheCoherency(dev), false, -1);
        tx.create(idev, name + ", group " + dev.groupId());
        tx.putIgroup(tx.igroup(ig.groupId()).withBound(tx.igroup(ig.groupId()).bound().plus(id)));
        tx.bindDevice(name, id);
        return id;
    }

    /** iommufd_get_group(): the igroup of this iommu_group, created on first use. */
    private static IGroup getGroup(Tx tx, int groupId) {
        IGroup ig = tx.igroup(groupId);
        if (ig == null) {
            ig = IGroup.fresh(groupId);
            tx.putIgroup(ig);
        }
        return ig;
    }

    /** iommu_group_has_isolated_msi(): every device of the group must isolate MSI (allow_unsafe_interrupts off). */
    static void checkIsolatedMsi(Tx tx, PciDevice dev) {
        IommuGroup g = tx.group(dev.groupId());
        for (String n : g.devices()) {
            if (tx.state().topology().device(n).orElseThrow().has(DeviceQuirk.UNSAFE_MSI)) {
                throw new KernelError(Errno.EPERM, "group " + g.id() + " cannot isolate MSI (" + n
                        + "), and allow_unsafe_interrupts is off");
            }
        }
    }

    /** VFIO_DEVICE_ATTACH_IOMMUFD_PT: replace when VFIO already attached the device, else attach. */
    public static int vfioAttach(Tx tx, long devId, long ptId, AttachModel model) {
        Idev idev = tx.idev(devId);
        int pt = idev.vfioAttached() ? model.replace(tx, idev, ptId) : model.attach(tx, idev, ptId);
        tx.put(((Idev) tx.object(idev.id())).withVfioAttached(true));
        return pt;
    }

    /** VFIO_DEVICE_DETACH_IOMMUFD_PT: a no-op unless VFIO attached the device. */
    public static void vfioDetach(Tx tx, long devId, AttachModel model) {
        Idev idev = tx.idev(devId);
        if (!idev.vfioAttached()) {
            return;
        }
        model.detach(tx, idev);
        tx.put(((Idev) tx.object(idev.id())).withVfioAttached(false));
    }

    /** Close of the device fd: vfio_iommufd_physical_unbind() → detach if attached, iommufd_device_unbind(). */
    public static void unbind(Tx tx, long devId, AttachModel model) {
        Idev idev = tx.idev(devId);
        if (idev.vfioAttached()) {
            model.detach(tx, idev);
            idev = ((Idev) tx.object(idev.id())).withVfioAttached(false);
            tx.put(idev);
        }
        model.beforeUnbind(tx, idev);
        idev = (Idev) tx.object(idev.id());
        // iommufd_object_destroy_user(): the driver's reference goes, then the xarray's must be the last
        tx.addUsers(idev.id(), -1);
        if (tx.object(idev.id()).users() != 1) {
            throw new IllegalStateException("idev " + idev.id() + " still has users at unbind");
        }
        tx.remove(idev.id());
        // iommufd_device_destroy()
        PciDevice dev = tx.state().topology().device(idev.device()).orElseThrow();
        IommuCore.releaseDmaOwner(tx, dev);
        IGroup ig = tx.igroup(idev.groupId());
        var bound = ig.bound().minus(Integer.valueOf(idev.id()));
        if (bound.isEmpty()) {
            tx.removeIgroup(ig.groupId());
        } else {
            tx.putIgroup(ig.withBound(bound));
        }
        tx.unbindDevice(idev.device());
        tx.record(idev.id(), -1);
    }
}
