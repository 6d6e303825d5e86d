package org.iommuscope.engine.iommufd;

import java.util.List;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.hw.Unsigned;

/**
 * The emulated IOMMU driver's vIOMMU half: the ops a driver gives iommufd for a vIOMMU (get_viommu_size, viommu_init,
 * alloc_domain_nested, cache_invalidate, get_hw_queue_size, hw_queue_init_phys). Like arm-smmu-v3-iommufd.c it sits on
 * iommufd's driver API, so it lives beside iommufd rather than in the iommu core. Only a unit with the {@code viommu}
 * capability has these ops. Where the real drivers differ, it follows the selftest mock driver (selftest.c), whose
 * rules the kernel's own tests pin; its vIOMMU answers to both the arm-smmu-v3 and the selftest vIOMMU types.
 */
final class ViommuDriver {
    private ViommuDriver() {
    }

    /** MOCK_DEV_CACHE_ID_MAX (and MOCK_NESTED_DOMAIN_IOTLB_ID_MAX): the mock's cache entries are 0..3. */
    static final long CACHE_ID_MAX = 3;
    /** IOMMU_TEST_INVALIDATE_FLAG_ALL (and IOMMU_TEST_INVALIDATE_FLAG_ALL of the nested hwpt's entries). */
    static final long FLAG_ALL = 1;
    /** IOMMU_TEST_HW_QUEUE_MAX: the mock has queues 0 and 1 of a type. */
    static final long HW_QUEUE_MAX = 2;

    /** ops->get_viommu_size && ops->viommu_init: the driver has vIOMMU support at all. */
    static boolean hasViommuOps(Tx tx, PciDevice dev) {
        return tx.state().topology().iommuOf(dev).has(IommuCap.VIOMMU);
    }

    /**
     * ops->get_viommu_size(dev, type) (before v6.17 the type check of ops->viommu_alloc): 0, so EOPNOTSUPP, for a type
     * the driver does not know. arm_smmu_get_viommu_size() also needs FEAT_NESTING: the unit's {@code nesting} cap.
     */
    static void getViommuSize(Tx tx, PciDevice dev, long type) {
        Iommu unit = tx.state().topology().iommuOf(dev);
        if (type != Viommu.TYPE_ARM_SMMUV3 && type != Viommu.TYPE_SELFTEST) {
            throw new KernelError(Errno.EOPNOTSUPP, "iommu " + unit.name() + "'s driver knows no vIOMMU type " + Unsigned.hex(type));
        }
        if (!unit.has(IommuCap.NESTING)) {
            throw new KernelError(Errno.EOPNOTSUPP, "iommu " + unit.name() + " cannot nest (no nesting capability), so it has no vIOMMU");
        }
    }

    /** ops->viommu_init(viommu, parent_domain) (arm_vsmmu_init()): the parent must be this unit's (EINVAL). */
    static void viommuInit(Tx tx, PciDevice dev, Domain parent) {
        Iommu unit = tx.state().topology().iommuOf(dev);
        if (!unit.name().equals(parent.iommu())) {
            throw new KernelError(Errno.EINVAL, "the nesting parent's domain " + parent.id() + " belongs to iommu " + parent.iommu()
                    + ", the device to " + unit.name() + " (arm_vsmmu_init: s2_parent->smmu != smmu)");
        }
    }

    /** The event type the driver reports a vIOMMU's events with (IOMMU_VEVENTQ_TYPE_ARM_SMMUV3, or the mock's). */
    static long eventType(Viommu v) {
        return v.viommuType() == Viommu.TYPE_SELFTEST ? Veventq.TYPE_SELFTEST : Veventq.TYPE_ARM_SMMUV3;
    }

    /**
     * viommu->ops->alloc_domain_nested(viommu, flags, user_data) (mock_viommu_alloc_domain_nested()): a nested domain
     * over the vIOMMU's parent, carrying the stage 1 the user data describes. The core has refused unknown flags already
     * and stripped FAULT_ID_VALID; the mock takes PASID (arm-smmu-v3 would refuse it).
     */
    static Domain allocDomainNested(Tx tx, Viommu viommu, Domain parent, Stage1 stage1) {
        int id = tx.allocDomainId();
        Domain d = new Domain(id, DomainType.NESTED, viommu.iommu(), parent.pgsizeBitmap(), parent.apertureStart(), parent.apertureLast(),
                false, parent.enforceCacheCoherency(), false, parent.id(), -1, IoPageTable.empty(), false, stage1, viommu.id());
        tx.putDomain(d);
        return d;
    }

    /**
     * mock_viommu_cache_invalidate(): an empty array is a valid probe of the type; then each entry in order: flags other
     * than IOMMU_TEST_INVALIDATE_FLAG_ALL are EOPNOTSUPP, a cache_id above 3 is EINVAL, a vdev_id that is no virt_id of
     * this vIOMMU (iommufd_viommu_find_dev()) is EINVAL. Returns the entries handled; on an error, throws it with the
     * count handled before it (array->entry_num), for iommufd_hwpt_invalidate() to write back.
     */
    static int viommuCacheInvalidate(Viommu viommu, List<Op.InvalidationEntry> entries) {
        int done = 0;
        for (Op.InvalidationEntry e : entries) {
            if ((e.flags() & ~FLAG_ALL) != 0) {
                throw partial(Errno.EOPNOTSUPP, "entry " + done + ": flags " + Unsigned.hex(e.flags()) + " (only IOMMU_TEST_INVALIDATE_FLAG_ALL is known)", done);
            }
            if (Long.compareUnsigned(e.cacheId(), CACHE_ID_MAX) > 0) {
                throw partial(Errno.EINVAL, "entry " + done + ": cache_id " + e.cacheId() + " (the device caches are 0.." + CACHE_ID_MAX + ")", done);
            }
            if (!viommu.vdevs().containsKey(e.virtId())) {
                throw partial(Errno.EINVAL, "entry " + done + ": vdev_id " + Unsigned.hex(e.virtId()) + " is no vDEVICE of viommu " + viommu.id(), done);
            }
            done++;
        }
        return done;
    }

    /**
     * domain->ops->cache_invalidate_user() of a nested domain (mock_cache_invalidate_user()): each entry in order, flags
     * other than FLAG_ALL are EOPNOTSUPP, an iotlb_id (the entry's cache_id) above 3 is EINVAL.
     */
    static int nestedCacheInvalidate(List<Op.InvalidationEntry> entries) {
        int done = 0;
        for (Op.InvalidationEntry e : entries) {
            if ((e.flags() & ~FLAG_ALL) != 0) {
                throw partial(Errno.EOPNOTSUPP, "entry " + done + ": flags " + Unsigned.hex(e.flags()), done);
            }
            if (Long.compareUnsigned(e.cacheId(), CACHE_ID_MAX) > 0) {
                throw partial(Errno.EINVAL, "entry " + done + ": iotlb_id " + e.cacheId() + " (the nested domain's IOTLBs are 0.."
                        + CACHE_ID_MAX + ")", done);
            }
            done++;
        }
        return done;
    }

    private static KernelError partial(Errno errno, String reason, int done) {
        return new KernelError(errno, reason + "; " + done + " entr" + (done == 1 ? "y" : "ies") + " handled before it")
                .withOutputs(java.util.Map.of("entry_num", (long) done));
    }

    /** viommu->ops->get_hw_queue_size(viommu, type): 0, so EOPNOTSUPP, for a queue type the driver does not know. */
    static void getHwQueueSize(long type) {
        if (type != HwQueue.TYPE_SELFTEST && type != HwQueue.TYPE_TEGRA241_CMDQV) {
            throw new KernelError(Errno.EOPNOTSUPP, "the driver knows no HW queue type " + Unsigned.hex(type));
        }
    }

    /**
     * viommu->ops->hw_queue_init_phys(hw_queue, index, base_pa) (mock_hw_queue_init_phys()): index 2 and up is EINVAL,
     * a taken index EEXIST, a gap below EIO; a queue above 0 depends on the one below it (iommufd_hw_queue_depend()).
     * Returns the queue depended on, or null.
     */
    static HwQueue hwQueueInitPhys(Tx tx, Viommu viommu, int self, long type, long index) {
        if (Long.compareUnsigned(index, HW_QUEUE_MAX) >= 0) {
            throw new KernelError(Errno.EINVAL, "index " + Long.toUnsignedString(index) + ": the vIOMMU has HW queues 0.." + (HW_QUEUE_MAX - 1));
        }
        HwQueue same = queue(tx, viommu, self, type, index);
        if (same != null) {
            throw new KernelError(Errno.EEXIST, "the vIOMMU already has HW queue " + index + " (" + same.id() + ")");
        }
        if (index == 0) {
            return null;
        }
        HwQueue prev = queue(tx, viommu, self, type, index - 1);
        if (prev == null) {
            throw new KernelError(Errno.EIO, "HW queue " + index + " needs queue " + (index - 1) + " first (allocated from index 0 upward)");
        }
        return prev;
    }

    private static HwQueue queue(Tx tx, Viommu viommu, int self, long type, long index) {
        for (IommufdObject o : tx.state().objects().values()) {
            if (o instanceof HwQueue q && q.id() != self && q.viommu() == viommu.id() && q.queueType() == type && q.index() == index) {
                return q;
            }
        }
        return null;
    }
}
