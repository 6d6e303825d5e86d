package org.iommuscope.engine.iommufd;

/** struct iommufd_hw_pagetable: what a paging and a nested hwpt have in common. */
public sealed interface Hwpt extends IommufdObject permits HwptPaging, HwptNested {
    /** The iommu_domain this hwpt wraps. */
    int domain();

    /** hwpt->pasid_compat (IOMMU_HWPT_ALLOC_PASID). */
    boolean pasidCompat();

    /** hwpt->fault: the FAULT object's ID, or -1. */
    int fault();

    Hwpt withFault(int fault);
}
