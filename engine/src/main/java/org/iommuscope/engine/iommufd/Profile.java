package org.iommuscope.engine.iommufd;

/**
 * The kernel a scenario runs under (the scenario's `kernel:` key). What each one has, and which rules it
 * follows, is asked of {@link KernelRelease}, never of the profile itself.
 */
public enum Profile {
    /** "[PATCH v2 08/10] iommufd/device: Use iommu_group_replace_domain()" on v6.2: per-device idev->hwpt. */
    V2_PATCH("v2-patch"),
    /** The v6.6.0 release exactly, before any stable backport. */
    V6_6("v6.6"),
    /** The 6.12 LTS as its stable branch stands in 2026 (the fixes backported to 6.12.y apply). */
    V6_12("v6.12"),
    /** The v6.15.0 release: PASID attach, vIOMMU, vDEVICE, vEVENTQ. */
    V6_15("v6.15"),
    /** The 6.18 LTS as its stable branch stands in 2026. */
    V6_18("v6.18"),
    /** The v6.19.0 release: v6.18 plus the arm-smmu-v3 nesting relaxation QEMU's accelerated vSMMU needs. */
    V6_19("v6.19");

    /** A scenario without `kernel:` runs under v6.15 (SCENARIO-FORMAT.md). */
    public static final Profile DEFAULT = V6_15;

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
