package org.iommuscope.engine.iommufd;

/**
 * struct iommufd_device. {@code users} starts at 2 (the xarray and the binding driver) and is 3 while
 * attached.
 *
 * @param vfioAttached vdev->iommufd_attached: VFIO's own flag, which decides whether
 *                     VFIO_DEVICE_ATTACH_IOMMUFD_PT attaches or replaces (kept here: the vfio_device and
 *                     its idev live and die together)
 * @param hwpt         v2-patch only: the kernel's per-device idev->hwpt (-1: none). Later kernels have no
 *                     such field; the merged profiles leave it -1.
 */
public record Idev(int id, int users, String device, int groupId, boolean enforceCacheCoherency, boolean vfioAttached,
                   int hwpt) implements IommufdObject {

    @Override
    public ObjType type() {
        return ObjType.DEVICE;
    }

    @Override
    public Idev withUsers(int u) {
        return new Idev(id, u, device, groupId, enforceCacheCoherency, vfioAttached, hwpt);
    }

    public Idev withVfioAttached(boolean a) {
        return new Idev(id, users, device, groupId, enforceCacheCoherency, a, hwpt);
    }

    public Idev withHwpt(int h) {
        return new Idev(id, users, device, groupId, enforceCacheCoherency, vfioAttached, h);
    }
}
