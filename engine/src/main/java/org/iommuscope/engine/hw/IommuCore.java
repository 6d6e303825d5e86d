package org.iommuscope.engine.hw;

import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;

/** The iommu core's group rules (drivers/iommu/iommu.c): DMA ownership and the one domain of a group. */
public final class IommuCore {
    /** The owner cookie iommufd passes (the ictx). */
    public static final String IOMMUFD_OWNER = "iommufd";

    private IommuCore() {
    }

    /** iommu_device_claim_dma_owner(dev, ictx). */
    public static void claimDmaOwner(Tx tx, PciDevice dev, String owner) {
        IommuGroup g = tx.group(dev.groupId());
        if (g.ownerCnt() > 0) {
            if (!owner.equals(g.owner())) {
                String holder = g.owner() == null ? kernelDriversOf(tx, g) : g.owner();
                throw new KernelError(Errno.EPERM, "group " + g.id() + " is already DMA-owned by " + holder);
            }
            tx.putGroup(g.withOwner(owner, g.ownerCnt() + 1));
            return;
        }
        takeDmaOwnership(tx, g, owner);
    }

    /** __iommu_take_dma_ownership(): EBUSY off the default domain; otherwise move to blocking. */
    private static void takeDmaOwnership(Tx tx, IommuGroup g, String owner) {
        if (g.domain() != g.defaultDomain()) {
            throw new KernelError(Errno.EBUSY, "group " + g.id() + " is not on its default domain");
        }
        g = allocBlockingDomain(tx, g);
        setDomain(tx, g.id(), g.blockingDomain(), "DMA ownership claimed: blocked until attach");
        tx.putGroup(tx.group(g.id()).withOwner(owner, 1));
    }

    /** __iommu_group_alloc_blocking_domain(): lazily, once per group. */
    private static IommuGroup allocBlockingDomain(Tx tx, IommuGroup g) {
        if (g.blockingDomain() >= 0) {
            return g;
        }
        int id = tx.allocDomainId();
        tx.putDomain(Domain.core(id, DomainType.BLOCKED, g.iommu()));
        IommuGroup withBlocking = g.withBlockingDomain(id);
        tx.putGroup(withBlocking);
        return withBlocking;
    }

    /** iommu_device_release_dma_owner(dev): the last release puts the group back on its default domain. */
    public static void releaseDmaOwner(Tx tx, PciDevice dev) {
        IommuGroup g = tx.group(dev.groupId());
        if (g.ownerCnt() == 1) {
            setDomainNofail(tx, g.id(), g.defaultDomain(), "DMA ownership released: back to the default domain");
            tx.putGroup(tx.group(g.id()).withOwner(null, 0));
        } else {
            tx.putGroup(g.withOwner(g.owner(), g.ownerCnt() - 1));
        }
    }

    /** iommu_device_use_default_domain(dev): a kernel DMA-API driver probing a device of the group. */
    public static IommuGroup useDefaultDomain(IommuGroup g) {
        return g.withOwner(null, g.ownerCnt() + 1);
    }

    /** __iommu_attach_group(): EBUSY when the group is on a domain that is neither default nor blocking. */
    public static void attachGroup(Tx tx, int domainId, int groupId, String cause) {
        IommuGroup g = tx.group(groupId);
        if (g.domain() != g.defaultDomain() && g.domain() != g.blockingDomain()) {
            throw new KernelError(Errno.EBUSY, "group " + groupId + " is on domain " + g.domain() + ", not a core domain");
        }
        setDomain(tx, groupId, domainId, cause);
    }

    /** iommu_detach_group(): an owned group goes to its blocking domain, an unowned one to its default. */
    public static void detachGroup(Tx tx, int groupId, String cause) {
        IommuGroup g = tx.group(groupId);
        if (g.owner() != null) {
            g = allocBlockingDomain(tx, g);
            setDomainNofail(tx, groupId, g.blockingDomain(), cause);
        } else {
            setDomainNofail(tx, groupId, g.defaultDomain(), cause);
        }
    }

    /** iommu_group_replace_domain(): the whole group, atomically, with no trip through blocking. */
    public static void replaceGroupDomain(Tx tx, int groupId, int domainId, String cause) {
        setDomain(tx, groupId, domainId, cause);
    }

    /**
     * __iommu_group_set_domain_internal(): 0 when already there; otherwise attach_dev for every device of
     * the group, and if one refuses, the ones already moved go back (nothing changes) and its error returns.
     */
    public static void setDomain(Tx tx, int groupId, int domainId, String cause) {
        IommuGroup g = tx.group(groupId);
        if (g.domain() == domainId) {
            return;
        }
        Domain d = tx.domain(domainId);
        Topology t = tx.state().topology();
        for (String name : g.devices()) {
            deviceSetDomain(tx, g, d, t.device(name).orElseThrow());
        }
        tx.putGroup(g.withDomain(domainId, tx.step(), cause));
    }

    /** The kernel's warning when a RESV_DIRECT device is asked onto a domain without its 1:1 mapping. */
    public static final String REQUIRE_DIRECT_WARNING = "Firmware has requested this device have a 1:1 IOMMU mapping, "
            + "rejecting configuring the device without a 1:1 mapping. Contact your platform vendor.";

    /**
     * __iommu_device_set_domain(): a device whose firmware demands an identity mapping (dev->iommu->require_direct)
     * refuses the blocking domain with EINVAL and a dev_warn(), since v6.5; then the driver's attach_dev.
     */
    private static void deviceSetDomain(Tx tx, IommuGroup g, Domain d, PciDevice dev) {
        if (tx.coreRules().requireDirectRefusesBlocking() && dev.requiresDirect()
                && (d.type() == DomainType.BLOCKED || d.id() == g.blockingDomain())) {
            throw new KernelError(Errno.EINVAL, dev.name() + ": " + REQUIRE_DIRECT_WARNING + " (__iommu_device_set_domain: group "
                    + g.id() + " cannot go to its blocking domain, so it cannot be claimed for user space)");
        }
        IommuDriver.attachDev(tx, d, dev);
    }

    /** IOMMU_SET_DOMAIN_MUST_SUCCEED: core domains, which every device accepts. */
    private static void setDomainNofail(Tx tx, int groupId, int domainId, String cause) {
        IommuGroup g = tx.group(groupId);
        if (g.domain() != domainId) {
            tx.putGroup(g.withDomain(domainId, tx.step(), cause));
        }
    }

    // ---- PASID (iommu_attach_device_pasid and friends) -----------------------------------------------------

    /**
     * iommu_attach_device_pasid(): EOPNOTSUPP when the driver has no set_dev_pasid (the unit lacks PASID), EINVAL
     * for PASID 0 or a PASID beyond a group device's max_pasids (since v6.15 devices without PASID are skipped),
     * EBUSY when the PASID already has a domain; then set_dev_pasid on every PASID-capable device of the group.
     */
    public static void attachDevicePasid(Tx tx, int domainId, PciDevice dev, int pasid) {
        IommuGroup g = tx.group(dev.groupId());
        Topology t = tx.state().topology();
        requireSetDevPasid(t, dev);
        if (pasid == 0) {
            throw new KernelError(Errno.EINVAL, "PASID 0 is IOMMU_NO_PASID, the RID");
        }
        for (String name : g.devices()) {
            PciDevice d = t.device(name).orElseThrow();
            long max = IommuDriver.maxPasids(t, d);
            if ((max > 0 || !tx.coreRules().pasidSkipsNoPasidDevices()) && Long.compareUnsigned(pasid, max) >= 0) {
                throw new KernelError(Errno.EINVAL, "PASID " + pasid + " is beyond " + name + "'s max_pasids " + max
                        + " (iommu_attach_device_pasid checks every device of group " + g.id() + ")");
            }
        }
        if (g.pasidDomain(pasid) >= 0) {
            throw new KernelError(Errno.EBUSY, "PASID " + pasid + " of group " + g.id() + " already has domain " + g.pasidDomain(pasid));
        }
        setGroupPasid(tx, g, tx.domain(domainId), pasid);
        tx.putGroup(tx.group(g.id()).withPasidDomain(pasid, domainId));
    }

    /** iommu_replace_device_pasid(): EINVAL when nothing is attached at the PASID; no change when it is already on the domain. */
    public static void replaceDevicePasid(Tx tx, int domainId, PciDevice dev, int pasid) {
        IommuGroup g = tx.group(dev.groupId());
        requireSetDevPasid(tx.state().topology(), dev);
        if (pasid == 0) {
            throw new KernelError(Errno.EINVAL, "PASID 0 is IOMMU_NO_PASID, the RID");
        }
        int cur = g.pasidDomain(pasid);
        if (cur < 0) {
            throw new KernelError(Errno.EINVAL, "PASID " + pasid + " of group " + g.id() + " has no domain to replace");
        }
        if (cur != domainId) {
            setGroupPasid(tx, g, tx.domain(domainId), pasid);
            tx.putGroup(tx.group(g.id()).withPasidDomain(pasid, domainId));
        }
    }

    /** iommu_detach_device_pasid(): the PASID goes back to blocked on every device of the group. */
    public static void detachDevicePasid(Tx tx, PciDevice dev, int pasid) {
        tx.putGroup(tx.group(dev.groupId()).withPasidDomain(pasid, -1));
    }

    private static void requireSetDevPasid(Topology t, PciDevice dev) {
        if (!t.iommuOf(dev).has(IommuCap.PASID)) {
            throw new KernelError(Errno.EOPNOTSUPP, "iommu " + t.iommuOf(dev).name() + " has no PASID support (no set_dev_pasid)");
        }
    }

    /** __iommu_set_group_pasid(): set_dev_pasid on each device of the group that has PASID support; all or none. */
    private static void setGroupPasid(Tx tx, IommuGroup g, Domain d, int pasid) {
        Topology t = tx.state().topology();
        for (String name : g.devices()) {
            PciDevice dev = t.device(name).orElseThrow();
            if (IommuDriver.maxPasids(t, dev) > 0) {
                IommuDriver.setDevPasid(tx, d, dev, pasid);
            }
        }
    }

    private static String kernelDriversOf(Tx tx, IommuGroup g) {
        StringBuilder sb = new StringBuilder("a kernel driver (");
        boolean first = true;
        for (String name : g.devices()) {
            PciDevice d = tx.state().topology().device(name).orElseThrow();
            if (d.usesKernelDma()) {
                sb.append(first ? "" : ", ").append(d.name()).append(" on ").append(d.driver());
                first = false;
            }
        }
        return sb.append(')').toString();
    }
}
