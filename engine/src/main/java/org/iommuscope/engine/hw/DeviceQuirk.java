package org.iommuscope.engine.hw;

/**
 * Per-device quirks and capabilities of the scenario format's `caps` list. Without any a device is cache
 * coherent, its MSIs are isolated, it issues no page requests and it is a physical function.
 */
public enum DeviceQuirk {
    /** No dirty tracking: a dirty-tracking domain refuses the device (EINVAL), HWPT_ALLOC with DIRTY_TRACKING is EOPNOTSUPP. */
    NO_DIRTY("no_dirty"),
    /** IOMMU_CAP_ENFORCE_CACHE_COHERENCY: hwpts allocated for the device enforce coherency. */
    ENFORCE_CACHE_COHERENCY("enforce_cache_coherency"),
    /** No IOMMU_CAP_CACHE_COHERENCY: iommufd_device_bind refuses it (EINVAL). */
    NO_CACHE_COHERENCY("no_cache_coherency"),
    /** The group cannot isolate MSI: iommufd_device_bind gives EPERM (allow_unsafe_interrupts off). */
    UNSAFE_MSI("unsafe_msi"),
    /** PCI PRI: the device issues page requests (IOPF) for translations that fault. */
    PRI("pri"),
    /** The PCI PASID capability's Execute Permission Supported bit (hw_info's IOMMU_HW_CAP_PCI_PASID_EXEC). */
    PASID_EXEC("pasid_exec"),
    /** The PCI PASID capability's Privileged Mode Supported bit (hw_info's IOMMU_HW_CAP_PCI_PASID_PRIV). */
    PASID_PRIV("pasid_priv"),
    /** An SR-IOV virtual function (pdev->is_virtfn): an extension of the format, for iommufd_hwpt_compatible_device(). */
    VF("vf");

    private final String yamlName;

    DeviceQuirk(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static DeviceQuirk fromYaml(String name) {
        for (DeviceQuirk q : values()) {
            if (q.yamlName.equals(name)) {
                return q;
            }
        }
        return null;
    }
}
