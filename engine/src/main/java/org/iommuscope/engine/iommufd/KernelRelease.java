package org.iommuscope.engine.iommufd;

import static org.iommuscope.engine.iommufd.Profile.V2_PATCH;
import static org.iommuscope.engine.iommufd.Profile.V6_12;
import static org.iommuscope.engine.iommufd.Profile.V6_15;
import static org.iommuscope.engine.iommufd.Profile.V6_18;
import static org.iommuscope.engine.iommufd.Profile.V6_19;
import static org.iommuscope.engine.iommufd.Profile.V6_6;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.Op.HwptFlag;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.CoreRules;

/**
 * What one kernel release has: its iommufd ioctls, the HWPT_ALLOC flags it knows, and which of the rules that
 * changed between releases it follows. The one place where a profile is asked what it is; everything else
 * asks a release (docs/kernel-rules.md, "Which releases have each rule", is this table in prose).
 */
public final class KernelRelease {

    /** The iommufd ioctls (include/uapi/linux/iommufd.h, IOMMUFD_CMD_*), with the profiles whose kernel has each. */
    public enum Ioctl {
        DESTROY(0x80, V2_PATCH, V6_6, V6_12, V6_15, V6_18, V6_19),
        IOAS_ALLOC(0x81, V2_PATCH, V6_6, V6_12, V6_15, V6_18, V6_19),
        IOAS_ALLOW_IOVAS(0x82, V2_PATCH, V6_6, V6_12, V6_15, V6_18, V6_19),
        IOAS_COPY(0x83, V2_PATCH, V6_6, V6_12, V6_15, V6_18, V6_19),
        IOAS_IOVA_RANGES(0x84, V2_PATCH, V6_6, V6_12, V6_15, V6_18, V6_19),
        IOAS_MAP(0x85, V2_PATCH, V6_6, V6_12, V6_15, V6_18, V6_19),
        IOAS_UNMAP(0x86, V2_PATCH, V6_6, V6_12, V6_15, V6_18, V6_19),
        /** v6.6 (the v2 patch's kernel has the nesting v1 series' form of it). */
        HWPT_ALLOC(0x89, V2_PATCH, V6_6, V6_12, V6_15, V6_18, V6_19),
        /** v6.6. */
        GET_HW_INFO(0x8a, V6_6, V6_12, V6_15, V6_18, V6_19),
        /** v6.7. */
        HWPT_SET_DIRTY_TRACKING(0x8b, V6_12, V6_15, V6_18, V6_19),
        /** v6.7. */
        HWPT_GET_DIRTY_BITMAP(0x8c, V6_12, V6_15, V6_18, V6_19),
        /** v6.8 ("iommufd: Add IOMMU_HWPT_INVALIDATE"). */
        HWPT_INVALIDATE(0x8d, V6_12, V6_15, V6_18, V6_19),
        /** v6.11 ("iommufd: Add iommufd fault object"). */
        FAULT_QUEUE_ALLOC(0x8e, V6_12, V6_15, V6_18, V6_19),
        /** v6.13. */
        VIOMMU_ALLOC(0x90, V6_15, V6_18, V6_19),
        /** v6.13. */
        VDEVICE_ALLOC(0x91, V6_15, V6_18, V6_19),
        /** v6.15. */
        VEVENTQ_ALLOC(0x93, V6_15, V6_18, V6_19),
        /** v6.17. */
        HW_QUEUE_ALLOC(0x94, V6_18, V6_19);

        private final int nr;
        private final Set<Profile> profiles;

        Ioctl(int nr, Profile... profiles) {
            this.nr = nr;
            this.profiles = Set.of(profiles);
        }

        /** The command number (IOMMUFD_CMD_*). */
        public int nr() {
            return nr;
        }
    }

    /**
     * A rule that is not the same in every release, with the upstream change that made it and the profiles that
     * follow it. A stable backport counts for the LTS profiles (v6.12, v6.18) and never for v6.6, which is v6.6.0.
     */
    public enum Rule {
        /** One igroup->hwpt per group (merged in the v6.6 cycle); without it, v2's per-device idev->hwpt. */
        IGROUP_ATTACH("iommufd_group: one hwpt for the whole group, replace moves every attached device",
                "the v6.6 merge of the iommufd_group design", V6_6, V6_12, V6_15, V6_18, V6_19),
        /** The v2 patch's v6.2 checked MSI isolation at attach (iommufd_device_setup_msi). */
        MSI_CHECKED_AT_BIND("iommufd_device_bind(): EPERM when the group cannot isolate MSI",
                "v6.6", V6_6, V6_12, V6_15, V6_18, V6_19),
        CC_ENFORCED_AT_ALLOC("iommufd_hwpt_paging_alloc() fixes cache coherency; attach no longer upgrades a hwpt",
                "\"iommufd: Only enforce cache coherency in iommufd_hw_pagetable_alloc\" (v6.7)", V6_12, V6_15, V6_18, V6_19),
        HWPT_ALLOC_ANY_PT("iommufd_hwpt_alloc(): pt_id looked up as any object (missing: EINVAL); a HWPT_PAGING parents a nested hwpt",
                "nesting infrastructure (v6.7)", V6_12, V6_15, V6_18, V6_19),
        MAP_NEEDS_READ_OR_WRITE("iommufd_ioas_map()/_copy(): EINVAL without READABLE or WRITEABLE",
                "996dc53ac289 (v6.11, Cc stable; not in v6.6.0)", V6_12, V6_15, V6_18, V6_19),
        AUTO_IOVA_HUGE_PAGE_CAP("iopt_alloc_iova(): automatic alignment capped at HPAGE_SIZE",
                "8f6887349b2f (v6.12)", V6_12, V6_15, V6_18, V6_19),
        REPLACE_NEEDS_ATTACHED("iommufd_device_do_replace(): EINVAL for a device that is not attached",
                "55c85fa7579d (v6.15); 6.12.y bafff9bae3e4", V6_12, V6_15, V6_18, V6_19),
        RESV_DIRECT_BLOCKS_OWNERSHIP("__iommu_device_set_domain(): a device with a RESV_DIRECT region refuses the blocking domain (EINVAL)",
                "a48ce36e2786 (v6.5)", V6_6, V6_12, V6_15, V6_18, V6_19),
        HW_INFO_DIRTY_CAP("iommufd_get_hw_info(): IOMMU_HW_CAP_DIRTY_TRACKING in out_capabilities",
                "dirty tracking (v6.7)", V6_12, V6_15, V6_18, V6_19),
        HW_INFO_PASID("iommufd_get_hw_info(): out_max_pasid_log2 and the PCI PASID exec/priv capabilities",
                "\"iommufd: Extend IOMMU_GET_HW_INFO to report PASID capability\" (v6.15); 6.12.y 0c59648309d7", V6_12, V6_15, V6_18, V6_19),
        FAULT_NEST_PARENT_REFUSED("iommufd_hwpt_paging_alloc(): EOPNOTSUPP for FAULT_ID_VALID with NEST_PARENT",
                "1062d8108615 (v6.15); 6.12.y 8d046b33a58a", V6_12, V6_15, V6_18, V6_19),
        FAULT_ONLY_PRI_VF_REFUSED("a fault-capable hwpt refuses a PCI VF only when the VF supports PRI (v6.12: every VF)",
                "the VF check relaxed to pci_pri_supported() before v6.15; no 6.12.y backport found", V6_15, V6_18, V6_19),
        PASID_ATTACH("per-PASID attach: igroup->pasid_attach, IOMMU_HWPT_ALLOC_PASID, VFIO_DEVICE_ATTACH_PASID",
                "\"Support pasid attach/replace\" series (v6.15)", V6_15, V6_18, V6_19),
        PASID_SKIPS_NO_PASID_DEVICES("iommu_attach_device_pasid(): group devices without PASID are not checked against the PASID",
                "b3f6fcd8404f (v6.15-rc7); 6.12-stable", V6_12, V6_15, V6_18, V6_19),
        HWPT_INVALIDATE_ANY_PT("iommufd_hwpt_invalidate(): hwpt_id looked up as any object, a vIOMMU is a target, anything "
                + "but a nested hwpt or a vIOMMU is EINVAL (before: iommufd_get_hwpt_nested(), ENOENT)",
                "\"iommufd: Allow hwpt_id to carry viommu_id for IOMMU_HWPT_INVALIDATE\" (v6.13)", V6_15, V6_18, V6_19),
        NESTED_ATTACH_NEEDS_VDEVICE("the driver's attach_dev of a nested domain made on a vIOMMU: ENOENT unless the device "
                + "has a vDEVICE there (arm_smmu_attach_prepare_vmaster(), mock_domain_nop_attach(): iommufd_viommu_get_vdev_id())",
                "\"iommu/arm-smmu-v3: Introduce struct arm_smmu_vmaster\", \"iommufd/selftest: Require vdev_id when attaching "
                + "to a nested domain\" (v6.15)", V6_15, V6_18, V6_19),
        VIOMMU_TYPE_CHECKED_FIRST("iommufd_viommu_alloc_ioctl(): the driver's get_viommu_size() refuses an unknown type "
                + "before the nesting parent is looked up (before: the driver's viommu_alloc(), after it)",
                "\"iommufd/viommu: Support get_viommu_size and viommu_init ops\" (v6.17)", V6_18, V6_19),
        VDEVICE_DIES_WITH_IDEV("iommufd_vdevice_alloc_ioctl() keeps the idev reference and allows one vDEVICE per idev "
                + "(EEXIST); iommufd_device_pre_destroy() tombstones it at unbind: its ID is never reused, DESTROY is ENOENT",
                "\"iommufd: Destroy vdevice on idevice destroy\", \"iommufd: Add iommufd_object_tombstone_user() helper\" (v6.17)",
                V6_18, V6_19),
        NESTED_ABORT_BYPASS_WITHOUT_VDEVICE("arm_smmu_attach_prepare_vmaster(): a nested domain whose stage 1 aborts or "
                + "bypasses attaches without a vDEVICE; only a translating one needs it (ENOENT)",
                "\"iommu/arm-smmu-v3-iommufd: Allow attaching nested domain for GBPA cases\" (v6.19)", V6_19);

        private final String what;
        private final String change;
        private final Set<Profile> profiles;

        Rule(String what, String change, Profile... profiles) {
            this.what = what;
            this.change = change;
            this.profiles = Set.of(profiles);
        }

        /** The rule, naming the kernel function that has it. */
        public String what() {
            return what;
        }

        /** The upstream change that made it, and its backports. */
        public String change() {
            return change;
        }

        /** The profiles that follow it. */
        public Set<Profile> profiles() {
            return profiles;
        }
    }

    private static final Map<Profile, KernelRelease> RELEASES = new EnumMap<>(Profile.class);

    static {
        for (Profile p : Profile.values()) {
            RELEASES.put(p, new KernelRelease(p));
        }
    }

    private final Profile profile;
    private final Set<Ioctl> ioctls = EnumSet.noneOf(Ioctl.class);
    private final Set<Rule> rules = EnumSet.noneOf(Rule.class);

    private KernelRelease(Profile profile) {
        this.profile = profile;
        for (Ioctl i : Ioctl.values()) {
            if (i.profiles.contains(profile)) {
                ioctls.add(i);
            }
        }
        for (Rule r : Rule.values()) {
            if (r.profiles.contains(profile)) {
                rules.add(r);
            }
        }
    }

    public static KernelRelease of(Profile profile) {
        return RELEASES.get(profile);
    }

    public Profile profile() {
        return profile;
    }

    public boolean has(Rule rule) {
        return rules.contains(rule);
    }

    public boolean has(Ioctl ioctl) {
        return ioctls.contains(ioctl);
    }

    /** iommufd_fops_ioctl(): an ioctl number this kernel's table does not have is ENOTTY. */
    public void requireIoctl(Ioctl ioctl) {
        if (!has(ioctl)) {
            throw new KernelError(Errno.ENOTTY, "the " + profile + " kernel has no IOMMU_" + ioctl.name()
                    + String.format(" (0x%x): ENOTTY", ioctl.nr()));
        }
    }

    /**
     * The IOMMU_HWPT_ALLOC flags this kernel knows (iommufd_hwpt_paging_alloc()'s valid_flags): none in v6.6,
     * NEST_PARENT and DIRTY_TRACKING from v6.7, FAULT_ID_VALID from v6.11, PASID from v6.15.
     */
    public Set<HwptFlag> hwptAllocFlags() {
        Set<HwptFlag> out = EnumSet.noneOf(HwptFlag.class);
        if (has(Rule.HWPT_ALLOC_ANY_PT)) {
            out.addAll(List.of(HwptFlag.NEST_PARENT, HwptFlag.DIRTY_TRACKING));
        }
        if (has(Ioctl.FAULT_QUEUE_ALLOC)) {
            out.add(HwptFlag.FAULT_ID_VALID);
        }
        if (has(Rule.PASID_ATTACH)) {
            out.add(HwptFlag.PASID);
        }
        return out;
    }

    /** The iommu core's rules of this release, for the core, which knows no release. */
    public CoreRules core() {
        return new CoreRules(has(Rule.RESV_DIRECT_BLOCKS_OWNERSHIP), has(Rule.PASID_SKIPS_NO_PASID_DEVICES),
                has(Rule.NESTED_ATTACH_NEEDS_VDEVICE), has(Rule.NESTED_ABORT_BYPASS_WITHOUT_VDEVICE));
    }

    @Override
    public String toString() {
        return profile.key();
    }
}
