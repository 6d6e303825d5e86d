package org.iommuscope.engine.hw;

/** The iommu_domain types the emulator distinguishes (IOMMU_DOMAIN_*). */
public enum DomainType {
    /** IOMMU_DOMAIN_BLOCKED: the group's blocking_domain; all DMA faults. */
    BLOCKED,
    /** IOMMU_DOMAIN_DMA: a default domain used by the kernel DMA API; holds no iommufd mappings. */
    DMA,
    /** IOMMU_DOMAIN_IDENTITY: a default domain that passes DMA through untranslated. */
    IDENTITY,
    /** IOMMU_DOMAIN_UNMANAGED / paging: the domain of a HWPT_PAGING. */
    PAGING,
    /** IOMMU_DOMAIN_NESTED: the domain of a HWPT_NESTED; stage 1 over its parent's stage 2. */
    NESTED
}
