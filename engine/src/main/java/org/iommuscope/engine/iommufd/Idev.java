package org.iommuscope.engine.iommufd;

import org.pcollections.PSortedSet;
import org.pcollections.TreePSet;

/**
 * struct iommufd_device. {@code users} starts at 2 (the xarray and the binding driver) and gains one for the RID
 * and for each PASID attached.
 *
 * @param vfioAttached vdev->iommufd_attached: VFIO's own flag, which decides whether
 *                     VFIO_DEVICE_ATTACH_IOMMUFD_PT attaches or replaces (kept here: the vfio_device and
 *                     its idev live and die together)
 * @param hwpt         v2-patch only: the kernel's per-device idev->hwpt (-1: none). Later kernels have no
 *                     such field; the merged profiles leave it -1.
 * @param vfioPasids   vdev->pasids: the ida of PASIDs VFIO attached with VFIO_DEVICE_ATTACH_PASID (attach of
 *                     one already in it is a replace; unbind detaches each of them before the RID)
 */
public record Idev(int id, int users, String device, int groupId, boolean enforceCacheCoherency, boolean vfioAttached,
                   int hwpt, PSortedSet<Integer> vfioPasids) implements IommufdObject {

    public Idev(int id, int users, String device, int groupId, boolean enforceCacheCoherency, boolean vfioAttached, int hwpt) {
        this(id, users, device, groupId, enforceCacheCoherency, vfioAttached, hwpt, TreePSet.empty());
    }

    @Override
    public ObjType type() {
        return ObjType.DEVICE;
    }

    @Override
    public Idev withUsers(int u) {
        return new Idev(id, u, device, groupId, enforceCacheCoherency, vfioAttached, hwpt, vfioPasids);
    }

    public Idev withVfioAttached(boolean a) {
        return new Idev(id, users, device, groupId, enforceCacheCoherency, a, hwpt, vfioPasids);
    }

    public Idev withHwpt(int h) {
        return new Idev(id, users, device, groupId, enforceCacheCoherency, vfioAttached, h, vfioPasids);
    }

    public Idev withVfioPasids(PSortedSet<Integer> p) {
        return new Idev(id, users, device, groupId, enforceCacheCoherency, vfioAttached, hwpt, p);
    }
}
