package org.iommuscope.engine.iommufd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        if (model.release().has(KernelRelease.Rule.MSI_CHECKED_AT_BIND)) {
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

    /**
     * IOMMU_GET_HW_INFO (iommufd_get_hw_info): ENOENT unless a device. out_capabilities (v6.7) has
     * IOMMU_HW_CAP_DIRTY_TRACKING when device_iommu_capable(); with PASID enabled (dev->iommu->max_pasids, v6.15
     * and 6.12.y) out_max_pasid_log2 and the PCI PASID capability's exec/priv bits.
     */
    public static Map<String, Object> hwInfo(Tx tx, long devId) {
        KernelRelease release = tx.release();
        release.requireIoctl(KernelRelease.Ioctl.GET_HW_INFO);
        Idev idev = tx.idev(devId);
        PciDevice dev = tx.state().topology().device(idev.device()).orElseThrow();
        List<String> caps = new ArrayList<>();
        long maxPasidLog2 = 0;
        if (release.has(KernelRelease.Rule.HW_INFO_DIRTY_CAP) && IommuDriver.dirtyTracking(tx.state().topology(), dev)) {
            caps.add("dirty_tracking");
        }
        long maxPasids = IommuDriver.maxPasids(tx.state().topology(), dev);
        if (release.has(KernelRelease.Rule.HW_INFO_PASID) && maxPasids > 0) {
            maxPasidLog2 = 63 - Long.numberOfLeadingZeros(maxPasids);
            if (dev.has(DeviceQuirk.PASID_EXEC)) {
                caps.add("pasid_exec");
            }
            if (dev.has(DeviceQuirk.PASID_PRIV)) {
                caps.add("pasid_priv");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("capabilities", List.copyOf(caps));
        out.put("max_pasid_log2", maxPasidLog2);
        return out;
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

    /**
     * VFIO_DEVICE_ATTACH_IOMMUFD_PT (vfio_df_ioctl_attach_pt): at the RID, replace when VFIO already attached the
     * device, else attach. With a PASID (VFIO_DEVICE_ATTACH_PASID, v6.15; an unknown flag before, EINVAL):
     * vfio_iommufd_physical_pasid_attach_ioas() replaces when the PASID is in the device's ida, else attaches.
     */
    public static int vfioAttach(Tx tx, long devId, long ptId, Long pasid, AttachModel model) {
        requireVfioPasidFlag(pasid, model, "VFIO_DEVICE_ATTACH_PASID");
        Idev idev = tx.idev(devId);
        if (pasid != null) {
            int p = (int) (long) pasid;
            if (idev.vfioPasids().contains(p)) {
                return model.replace(tx, idev, p, ptId);
            }
            int pt = model.attach(tx, idev, p, ptId);
            Idev now = (Idev) tx.object(idev.id());
            tx.put(now.withVfioPasids(now.vfioPasids().plus(p)));
            return pt;
        }
        int pt = idev.vfioAttached() ? model.replace(tx, idev, IGroup.NO_PASID, ptId) : model.attach(tx, idev, IGroup.NO_PASID, ptId);
        tx.put(((Idev) tx.object(idev.id())).withVfioAttached(true));
        return pt;
    }

    /**
     * VFIO_DEVICE_DETACH_IOMMUFD_PT: a no-op unless VFIO attached the device (at the RID, or at the PASID given
     * with VFIO_DEVICE_DETACH_PASID).
     */
    public static void vfioDetach(Tx tx, long devId, Long pasid, AttachModel model) {
        requireVfioPasidFlag(pasid, model, "VFIO_DEVICE_DETACH_PASID");
        Idev idev = tx.idev(devId);
        if (pasid != null) {
            int p = (int) (long) pasid;
            if (!idev.vfioPasids().contains(p)) {
                return;
            }
            model.detach(tx, idev, p);
            Idev now = (Idev) tx.object(idev.id());
            tx.put(now.withVfioPasids(now.vfioPasids().minus(p)));
            return;
        }
        if (!idev.vfioAttached()) {
            return;
        }
        model.detach(tx, idev, IGroup.NO_PASID);
        tx.put(((Idev) tx.object(idev.id())).withVfioAttached(false));
    }

    /** The VFIO ioctls reject a flag they do not know with EINVAL (`flags & ~VFIO_DEVICE_ATTACH_PASID`). */
    private static void requireVfioPasidFlag(Long pasid, AttachModel model, String flag) {
        if (pasid != null && !model.release().has(KernelRelease.Rule.PASID_ATTACH)) {
            throw new KernelError(Errno.EINVAL, "the " + model.release() + " kernel's VFIO knows no " + flag + " flag: EINVAL");
        }
    }

    /**
     * Close of the device fd: vfio_iommufd_physical_unbind() detaches every PASID in the device's ida (lowest
     * first), then the RID if attached, then iommufd_device_unbind().
     */
    public static void unbind(Tx tx, long devId, AttachModel model) {
        Idev idev = tx.idev(devId);
        for (int p : idev.vfioPasids()) {
            model.detach(tx, (Idev) tx.object(idev.id()), p);
            Idev now = (Idev) tx.object(idev.id());
            tx.put(now.withVfioPasids(now.vfioPasids().minus(p)));
        }
        idev = (Idev) tx.object(idev.id());
        if (idev.vfioAttached()) {
            model.detach(tx, idev, IGroup.NO_PASID);
            idev = ((Idev) tx.object(idev.id())).withVfioAttached(false);
            tx.put(idev);
        }
        model.beforeUnbind(tx, idev);
        // iommufd_device_unbind() → iommufd_object_dec_wait() → iommufd_device_pre_destroy() (v6.17)
        Viommus.removeVdev(tx, (Idev) tx.object(idev.id()));
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
