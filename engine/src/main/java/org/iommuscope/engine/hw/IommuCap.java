package org.iommuscope.engine.hw;

/** Capabilities of an emulated IOMMU unit. */
public enum IommuCap {
    /** IOMMU_CAP_DIRTY_TRACKING: domains can be allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING. */
    DIRTY_TRACKING("dirty_tracking"),
    /** The driver implements domain_alloc_nested and IOMMU_HWPT_ALLOC_NEST_PARENT. */
    NESTING("nesting"),
    /** The unit supports PASID: a device's PASID width counts only behind such a unit (dev->iommu->max_pasids). */
    PASID("pasid"),
    /** The driver can allocate a vIOMMU (parsed; the vIOMMU objects are not modelled yet). */
    VIOMMU("viommu");

    private final String yamlName;

    IommuCap(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static IommuCap fromYaml(String name) {
        for (IommuCap c : values()) {
            if (c.yamlName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
