package org.iommuscope.engine.iommufd;

import org.pcollections.TreePMap;

/**
 * struct iommufd_viommu (IOMMU_VIOMMU_ALLOC, v6.13): a slice of one physical IOMMU given to a VM, over a nesting-parent
 * HWPT_PAGING (its stage 2). It holds a users reference on that parent; each nested hwpt, vDEVICE, vEVENTQ and HW queue
 * allocated on it holds one on the vIOMMU.
 *
 * @param hwpt  viommu->hwpt: the nesting parent
 * @param iommu viommu->iommu_dev: the physical IOMMU unit of the device it was allocated for
 * @param viommuType viommu->type (IOMMU_VIOMMU_TYPE_*)
 * @param vdevs viommu->vdevs: virt_id → the vDEVICE's object ID
 */
public record Viommu(int id, int users, int hwpt, String iommu, long viommuType, TreePMap<Long, Integer> vdevs) implements IommufdObject {

    /** IOMMU_VIOMMU_TYPE_ARM_SMMUV3. */
    public static final long TYPE_ARM_SMMUV3 = 1;
    /** IOMMU_VIOMMU_TYPE_SELFTEST (iommufd_test.h). */
    public static final long TYPE_SELFTEST = 0xdeadbeefL;

    @Override
    public ObjType type() {
        return ObjType.VIOMMU;
    }

    @Override
    public Viommu withUsers(int u) {
        return new Viommu(id, u, hwpt, iommu, viommuType, vdevs);
    }

    public Viommu withVdevs(TreePMap<Long, Integer> v) {
        return new Viommu(id, users, hwpt, iommu, viommuType, v);
    }
}
