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

    /** ops->domain_alloc_paging_flags(dev, flags): a paging domain shaped by the device's unit. */
    public static Domain domainAllocPaging(Tx tx, PciDevice dev, Set<HwptFlag> flags) {
        Iommu unit = tx.state().topology().iommuOf(dev);
        if (flags.contains(HwptFlag.NEST_PARENT) && !unit.has(IommuCap.NESTING)) {
            throw new KernelError(Errno.EOPNOTSUPP, "iommu " + unit.name() + " cannot allocate a nesting parent (no nesting capability)");
        }
        int id = tx.allocDomainId();
        Domain d = new Domain(id, DomainType.PAGING, unit.name(), unit.pgsizeBitmap(), unit.apertureStart(), unit.apertureLast(),
                flags.contains(HwptFlag.DIRTY_TRACKING), false, flags.contains(HwptFlag.NEST_PARENT), -1, -1, IoPageTable.empty());
        tx.putDomain(d);
        return d;
    }

    /** ops->domain_alloc_nested(dev, parent, flags, user_data) with the driver's default stage-1 data. */
    public static Domain domainAllocNested(Tx tx, PciDevice dev, Domain parent) {
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
                parent.apertureLast(), false, parent.enforceCacheCoherency(), false, parent.id(), -1, IoPageTable.empty());
        tx.putDomain(d);
        return d;
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
    }
}
