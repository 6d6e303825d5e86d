package org.iommuscope.engine.hw;

/** Per-device quirks of the scenario format's `caps` list. Without quirks a device is cache coherent and its MSIs are isolated. */
public enum DeviceQuirk {
    /** No dirty tracking: a dirty-tracking domain refuses the device (EINVAL), HWPT_ALLOC with DIRTY_TRACKING is EOPNOTSUPP. */
    NO_DIRTY("no_dirty"),
    /** IOMMU_CAP_ENFORCE_CACHE_COHERENCY: hwpts allocated for the device enforce coherency. */
    ENFORCE_CACHE_COHERENCY("enforce_cache_coherency"),
    /** No IOMMU_CAP_CACHE_COHERENCY: iommufd_device_bind refuses it (EINVAL). */
    NO_CACHE_COHERENCY("no_cache_coherency"),
    /** The group cannot isolate MSI: iommufd_device_bind gives EPERM (allow_unsafe_interrupts off). */
    UNSAFE_MSI("unsafe_msi");

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
