package org.iommuscope.engine.iommufd;

import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * struct iommufd_hwpt_paging.
 *
 * @param devices     v2-patch only: hwpt->devices, the idevs whose idev->hwpt is this hwpt, in list order
 * @param pasidCompat hwpt->pasid_compat: allocated with IOMMU_HWPT_ALLOC_PASID
 * @param fault       hwpt->fault: the FAULT object its I/O page faults are delivered to, or -1
 */
public record HwptPaging(int id, int users, int ioas, int domain, boolean autoDomain, boolean nestParent,
                         boolean dirtyTracking, boolean enforceCacheCoherency, PVector<Integer> devices,
                         boolean pasidCompat, int fault)
        implements Hwpt {

    public HwptPaging(int id, int users, int ioas, int domain, boolean autoDomain, boolean nestParent,
                      boolean dirtyTracking, boolean enforceCacheCoherency) {
        this(id, users, ioas, domain, autoDomain, nestParent, dirtyTracking, enforceCacheCoherency, TreePVector.empty(), false, -1);
    }

    @Override
    public ObjType type() {
        return ObjType.HWPT_PAGING;
    }

    @Override
    public HwptPaging withUsers(int u) {
        return new HwptPaging(id, u, ioas, domain, autoDomain, nestParent, dirtyTracking, enforceCacheCoherency, devices, pasidCompat, fault);
    }

    public HwptPaging withAutoDomain(boolean a) {
        return new HwptPaging(id, users, ioas, domain, a, nestParent, dirtyTracking, enforceCacheCoherency, devices, pasidCompat, fault);
    }

    public HwptPaging withEnforceCacheCoherency(boolean cc) {
        return new HwptPaging(id, users, ioas, domain, autoDomain, nestParent, dirtyTracking, cc, devices, pasidCompat, fault);
    }

    public HwptPaging withDevices(PVector<Integer> d) {
        return new HwptPaging(id, users, ioas, domain, autoDomain, nestParent, dirtyTracking, enforceCacheCoherency, d, pasidCompat, fault);
    }

    public HwptPaging withPasidCompat(boolean p) {
        return new HwptPaging(id, users, ioas, domain, autoDomain, nestParent, dirtyTracking, enforceCacheCoherency, devices, p, fault);
    }

    @Override
    public HwptPaging withFault(int f) {
        return new HwptPaging(id, users, ioas, domain, autoDomain, nestParent, dirtyTracking, enforceCacheCoherency, devices, pasidCompat, f);
    }
}
