package org.iommuscope.engine.hw;

import java.util.Set;
import org.iommuscope.engine.Op.HwptFlag;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;

/**
 * The emulated IOMMU driver behind every unit: what device_iommu_capable() answers, how paging and nested
 * domains are allocated, and when attach_dev refuses a domain. Like the Intel and selftest mock drivers,
 * attach_dev answers EINVAL for an incompatible domain, which auto-domain selection reads as "try the next".
 */
public final class IommuDriver {
    private IommuDriver() {
    }

    /** device_iommu_capable(dev, IOMMU_CAP_CACHE_COHERENCY). */
    public static boolean cacheCoherent(PciDevice d) {
        return !d.has(DeviceQuirk.NO_CACHE_COHERENCY);
    }

    /** device_iommu_capable(dev, IOMMU_CAP_ENFORCE_CACHE_COHERENCY). */
    public static boolean enforcesCacheCoherency(PciDevice d) {
        return d.has(DeviceQuirk.ENFORCE_CACHE_COHERENCY);
    }

    /** device_iommu_capable(dev, IOMMU_CAP_DIRTY_TRACKING). */
    public static boolean dirtyTracking(Topology t, PciDevice d) {
        return t.iommuOf(d).has(IommuCap.DIRTY_TRACKING) && !d.has(DeviceQuirk.NO_DIRTY);
    }

    /**
     * dev->iommu->max_pasids: 2^width for a device with a PASID capability behind a unit with PASID support
     * (the drivers enable PASID at probe when both can), else 0.
     */
    public static long maxPasids(Topology t, PciDevice d) {
        return d.pasidWidth() > 0 && t.iommuOf(d).has(IommuCap.PASID) ? 1L << d.pasidWidth() : 0;
    }

    /**
     * ops->domain_alloc_paging_flags(dev, flags): a paging domain shaped by the device's unit. A unit without the
     * nesting capability cannot make a nest parent, one without PASID support a PASID-compatible domain.
     */
    public static Domain domainAllocPaging(Tx tx, PciDevice dev, Set<HwptFlag> flags) {
        Iommu unit = tx.state().topology().iommuOf(dev);
        if (flags.contains(HwptFlag.NEST_PARENT) && !unit.has(IommuCap.NESTING)) {
            throw new KernelError(Errno.EOPNOTSUPP, "iommu " + unit.name() + " cannot allocate a nesting parent (no nesting capability)");
        }
        if (flags.contains(HwptFlag.PASID) && !unit.has(IommuCap.PASID)) {
            throw new KernelError(Errno.EOPNOTSUPP, "iommu " + unit.name() + " cannot allocate a PASID-compatible domain (no PASID support)");
        }
        int id = tx.allocDomainId();
        Domain d = new Domain(id, DomainType.PAGING, unit.name(), unit.pgsizeBitmap(), unit.apertureStart(), unit.apertureLast(),
                flags.contains(HwptFlag.DIRTY_TRACKING), false, flags.contains(HwptFlag.NEST_PARENT), -1, -1, IoPageTable.empty());
        tx.putDomain(d);
        return d;
    }

    /** ops->domain_alloc_nested(dev, parent, flags, user_data): the user data is the guest's stage 1. */
    public static Domain domainAllocNested(Tx tx, PciDevice dev, Domain parent, Stage1 stage1) {
        Iommu unit = tx.state().topology().iommuOf(dev);
        if (!unit.has(IommuCap.NESTING)) {
            throw new KernelError(Errno.EOPNOTSUPP, "iommu " + unit.name() + " has no domain_alloc_nested (no nesting capability)");
        }
        if (!unit.name().equals(parent.iommu())) {
            throw new KernelError(Errno.EINVAL, "the parent's domain " + parent.id() + " belongs to iommu " + parent.iommu()
                    + ", the device is behind " + unit.name());
        }
        int id = tx.allocDomainId();
        Domain d = new Domain(id, DomainType.NESTED, unit.name(), parent.pgsizeBitmap(), parent.apertureStart(),
                parent.apertureLast(), false, parent.enforceCacheCoherency(), false, parent.id(), -1, IoPageTable.empty())
                .withStage1(stage1, -1);
        tx.putDomain(d);
        return d;
    }

    /**
     * The driver's map_pages(): like VT-d's __domain_mapping() (and AMD v1), a mapping with neither IOMMU_READ nor
     * IOMMU_WRITE is EINVAL. Kernels since v6.11 refuse it earlier, in iommufd_ioas_map().
     */
    public static IoPageTable mapPages(Domain domain, IoPageTable pt, long iova, long pa, long size, Prot prot) {
        if (prot.none()) {
            throw new KernelError(Errno.EINVAL, "domain " + domain.id() + "'s driver refuses a mapping with neither IOMMU_READ nor IOMMU_WRITE");
        }
        return pt.map(domain.pgsizeBitmap(), iova, pa, size, prot);
    }

    /**
     * arm_smmu_attach_prepare_vmaster() (the selftest mock's mock_domain_nop_attach() alike), v6.15: a nested domain made
     * on a vIOMMU attaches only a device the vIOMMU knows by a vDEVICE (iommufd_viommu_get_vdev_id(), ENOENT); since
     * v6.19 arm-smmu-v3 lets a stage 1 that aborts or bypasses attach without one (the GBPA case QEMU needs).
     */
    private static void vmaster(Tx tx, Domain domain, PciDevice dev) {
        CoreRules rules = tx.coreRules();
        if (domain.type() != DomainType.NESTED || domain.viommu() < 0 || !rules.nestedAttachNeedsVdevice()) {
            return;
        }
        Stage1.Mode mode = domain.stage1() == null ? Stage1.Mode.BYPASS : domain.stage1().mode();
        if (rules.abortBypassWithoutVdevice() && mode != Stage1.Mode.TRANSLATE) {
            return;
        }
        if (tx.viommuVdevId(domain.viommu(), dev.name()) == null) {
            throw new KernelError(Errno.ENOENT, dev.name() + " has no vDEVICE in viommu " + domain.viommu() + ": the driver cannot attach it to "
                    + "nested domain " + domain.id() + " (iommufd_viommu_get_vdev_id)");
        }
    }

    /** domain->ops->set_dev_pasid(domain, dev, pasid, old): the same compatibility rules as attach_dev. */
    public static void setDevPasid(Tx tx, Domain domain, PciDevice dev, int pasid) {
        attachDev(tx, domain, dev);
    }

    /**
     * ops->attach_dev(domain, dev): EINVAL when the domain cannot serve this device. Core domains always
     * attach.
     */
    public static void attachDev(Tx tx, Domain domain, PciDevice dev) {
        if (domain.isCore()) {
            return;
        }
        Topology t = tx.state().topology();
        Iommu unit = t.iommuOf(dev);
        if (domain.dirtyTracking() && !dirtyTracking(t, dev)) {
            throw new KernelError(Errno.EINVAL, "domain " + domain.id() + " tracks dirty pages and " + dev.name()
                    + " cannot (no dirty tracking)");
        }
        if (domain.enforceCacheCoherency() && !enforcesCacheCoherency(dev)) {
            throw new KernelError(Errno.EINVAL, "domain " + domain.id() + " enforces cache coherency and " + dev.name()
                    + " cannot (no IOMMU_CAP_ENFORCE_CACHE_COHERENCY)");
        }
        if (!unit.name().equals(domain.iommu())) {
            boolean pagesOk = (domain.pgsizeBitmap() & ~unit.pgsizeBitmap()) == 0;
            boolean apertureOk = Unsigned.le(unit.apertureStart(), domain.apertureStart())
                    && Unsigned.ge(unit.apertureLast(), domain.apertureLast());
            boolean nestOk = domain.type() != DomainType.NESTED;
            if (!pagesOk || !apertureOk || !nestOk) {
                throw new KernelError(Errno.EINVAL, "domain " + domain.id() + " of iommu " + domain.iommu()
                        + " is incompatible with " + dev.name() + " behind iommu " + unit.name());
            }
        }
        vmaster(tx, domain, dev);
    }
}
