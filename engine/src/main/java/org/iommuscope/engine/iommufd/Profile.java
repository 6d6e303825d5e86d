package org.iommuscope.engine.iommufd;

/** The kernel semantics a scenario runs under (the scenario's `kernel:` key). */
public enum Profile {
    /** "[PATCH v2 08/10] iommufd/device: Use iommu_group_replace_domain()": per-device idev->hwpt. */
    V2_PATCH("v2-patch"),
    /** The merged iommufd_group design as released in v6.6, before "Fail replace if device has not been attached". */
    V6_6("v6.6"),
    /** Current semantics: as v6.6 plus the 2025 fix, per-PASID attach state. */
    V6_15("v6.15");

    private final String key;

    Profile(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Profile byKey(String key) {
        for (Profile p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return key;
    }
}
