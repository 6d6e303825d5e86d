package org.iommuscope.engine.iommufd;

import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * struct iommufd_hwpt_paging.
 *
 * @param devices v2-patch only: hwpt->devices, the idevs whose idev->hwpt is this hwpt, in list order
 */
public record HwptPaging(int id, int users, int ioas, int domain, boolean autoDomain, boolean nestParent,
                         boolean dirtyTracking, boolean enforceCacheCoherency, PVector<Integer> devices)
        implements IommufdObject {

    public HwptPaging(int id, int users, int ioas, int domain, boolean autoDomain, boolean nestParent,
                      boolean dirtyTracking, boolean enforceCacheCoherency) {
        this(id, users, ioas, domain, autoDomain, nestParent, dirtyTracking, enforceCacheCoherency, TreePVector.empty());
    }

    @Override
    public ObjType type() {
        return ObjType.HWPT_PAGING;
    }

    @Override
    public HwptPaging withUsers(int u) {
        return new HwptPaging(id, u, ioas, domain, autoDomain, nestParent, dirtyTracking, enforceCacheCoherency, devices);
    }

    public HwptPaging withAutoDomain(boolean a) {
        return new HwptPaging(id, users, ioas, domain, a, nestParent, dirtyTracking, enforceCacheCoherency, devices);
    }

    public HwptPaging withEnforceCacheCoherency(boolean cc) {
        return new HwptPaging(id, users, ioas, domain, autoDomain, nestParent, dirtyTracking, cc, devices);
    }

    public HwptPaging withDevices(PVector<Integer> d) {
        return new HwptPaging(id, users, ioas, domain, autoDomain, nestParent, dirtyTracking, enforceCacheCoherency, d);
    }
}
