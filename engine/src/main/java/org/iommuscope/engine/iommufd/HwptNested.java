package org.iommuscope.engine.iommufd;

import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * struct iommufd_hwpt_nested: a stage-1 domain over its nest-parent HWPT_PAGING.
 *
 * @param parent      hwpt_nested->parent: the nesting parent (for one made on a vIOMMU, viommu->hwpt, which this hwpt
 *                    holds no reference on)
 * @param devices     v2-patch only: hwpt->devices
 * @param pasidCompat hwpt->pasid_compat: allocated with IOMMU_HWPT_ALLOC_PASID
 * @param fault       hwpt->fault: the FAULT object its I/O page faults are delivered to, or -1
 * @param viommu      hwpt_nested->viommu: the vIOMMU it was allocated on (and holds a reference on), or -1 when it was
 *                    allocated on its parent directly (then it holds the parent)
 */
public record HwptNested(int id, int users, int parent, int domain, PVector<Integer> devices, boolean pasidCompat, int fault,
                         int viommu) implements Hwpt {

    public HwptNested(int id, int users, int parent, int domain) {
        this(id, users, parent, domain, TreePVector.empty(), false, -1, -1);
    }

    @Override
    public ObjType type() {
        return ObjType.HWPT_NESTED;
    }

    @Override
    public HwptNested withUsers(int u) {
        return new HwptNested(id, u, parent, domain, devices, pasidCompat, fault, viommu);
    }

    public HwptNested withDevices(PVector<Integer> d) {
        return new HwptNested(id, users, parent, domain, d, pasidCompat, fault, viommu);
    }

    public HwptNested withPasidCompat(boolean p) {
        return new HwptNested(id, users, parent, domain, devices, p, fault, viommu);
    }

    @Override
    public HwptNested withFault(int f) {
        return new HwptNested(id, users, parent, domain, devices, pasidCompat, f, viommu);
    }

    public HwptNested withViommu(int v) {
        return new HwptNested(id, users, parent, domain, devices, pasidCompat, fault, v);
    }

    /** The object this hwpt holds a users reference on: its vIOMMU, or its parent. */
    public int holds() {
        return viommu >= 0 ? viommu : parent;
    }
}
