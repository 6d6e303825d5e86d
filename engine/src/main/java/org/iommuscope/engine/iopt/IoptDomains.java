package org.iommuscope.engine.iopt;

import java.util.List;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IommuDriver;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.hw.UserMemory;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.errno.KernelError;

/** The parts of io_pagetable.c that touch iommu_domains and pinned pages. */
public final class IoptDomains {
    private IoptDomains() {
    }

    /** iopt_table_add_domain(): alignment, aperture reservation, fill with every area, then list it. */
    public static void tableAddDomain(Tx tx, int ioasId, int domainId) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        Domain domain = tx.domain(domainId);
        if (iopt.domains().contains(domainId)) {
            throw new KernelError(Errno.EEXIST, "domain " + domainId + " is already in ioas " + ioasId);
        }
        long newAlignment = Unsigned.max(Long.lowestOneBit(domain.pgsizeBitmap()), iopt.iovaAlignment());
        if (Unsigned.gt(newAlignment, IoPagetable.PAGE_SIZE)) {
            throw new KernelError(Errno.EINVAL, "domain " + domainId + "'s smallest page " + Unsigned.hex(newAlignment)
                    + " exceeds PAGE_SIZE");
        }
        if (newAlignment != iopt.iovaAlignment()) {
            checkIovaAlignment(iopt, newAlignment);
        }
        ReservedOwner owner = new ReservedOwner.Domain(domainId);
        if (domain.apertureStart() != 0) {
            iopt = reserve(tx, ioasId, iopt, 0, domain.apertureStart() - 1, owner);
        }
        if (domain.apertureLast() != Unsigned.MAX) {
            iopt = reserve(tx, ioasId, iopt, domain.apertureLast() + 1, Unsigned.MAX, owner);
        }
        IoPageTable pt = domain.pageTable();
        for (Area a : iopt.areas().values()) {
            pt = fillArea(tx, pt, domain, a);
        }
        tx.putDomain(domain.withPageTable(pt));
        tx.put(ioas.withIopt(iopt.withDomains(iopt.domains().plus(domainId), newAlignment)));
        tx.emit(new Event.DomainAddedToIoas(ioasId, domainId, iopt.areas().size()));
    }

    /**
     * iopt_calculate_iova_alignment(): the largest of every domain's smallest page and every access's iova_alignment
     * (PAGE_SIZE for a HW queue's internal access); large pages are enabled, so it starts at 1.
     */
    static long calculateIovaAlignment(Tx tx, Iterable<Integer> domains, Iterable<Integer> accesses) {
        long alignment = 1;
        for (int d : domains) {
            alignment = Unsigned.max(alignment, Long.lowestOneBit(tx.domain(d).pgsizeBitmap()));
        }
        for (int a : accesses) {
            alignment = Unsigned.max(alignment, IoPagetable.PAGE_SIZE);
        }
        return alignment;
    }

    /** iopt_check_iova_alignment(): every area must satisfy a raised alignment, else EADDRINUSE. */
    static void checkIovaAlignment(IoPagetable iopt, long alignment) {
        long mask = alignment - 1;
        for (Area a : iopt.areas().values()) {
            if ((a.iova() & mask) != 0 || (a.length() & mask) != 0 || ((a.userVa() % IoPagetable.PAGE_SIZE) & mask) != 0) {
                throw new KernelError(Errno.EADDRINUSE, "area [" + Unsigned.hex(a.iova()) + ", " + Unsigned.hex(a.last())
                        + "] is not aligned to the new iova_alignment " + Unsigned.hex(alignment));
            }
        }
    }

    /** iopt_table_remove_domain(): unlist, drop the domain's reserved ranges, recompute the alignment. */
    public static void tableRemoveDomain(Tx tx, int ioasId, int domainId) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        ReservedOwner owner = new ReservedOwner.Domain(domainId);
        for (ReservedRange r : iopt.reservedOf(owner)) {
            tx.emit(new Event.ReservedRemoved(ioasId, r.start(), r.last(), owner.label()));
        }
        iopt = iopt.removeReserved(owner);
        var domains = iopt.domains().minus(Integer.valueOf(domainId));
        tx.put(ioas.withIopt(iopt.withDomains(domains, calculateIovaAlignment(tx, domains, iopt.accesses()))));
        tx.emit(new Event.DomainRemovedFromIoas(ioasId, domainId));
    }

    /** Map one area's pinned pages into a domain (iopt_area_fill_domain), pinning them first. */
    public static IoPageTable fillArea(Tx tx, IoPageTable pt, Domain domain, Area a) {
        pin(tx, a.userVa(), a.length());
        for (UserMemory.Extent run : tx.memory().runs(a.userVa(), a.length())) {
            pt = IommuDriver.mapPages(domain, pt, a.iova() + (run.va() - a.userVa()), run.pa(), run.length(), a.prot());
        }
        return pt;
    }

    /** Pinning faults on a VA the process does not have (get_user_pages → EFAULT). */
    public static void pin(Tx tx, long va, long length) {
        if (UserMemory.isBadRange(va, length)) {
            throw new KernelError(Errno.EFAULT, "user VA [" + Unsigned.hex(va) + ", +" + Unsigned.hex(length)
                    + ") cannot be pinned");
        }
        tx.setMemory(tx.memory().pin(va, length));
    }

    /** iopt_fill_domains_pages(): a new area goes into every domain of the IOAS. */
    public static void fillDomains(Tx tx, IoPagetable iopt, List<Area> areas) {
        for (int d : iopt.domains()) {
            Domain domain = tx.domain(d);
            IoPageTable pt = domain.pageTable();
            for (Area a : areas) {
                pt = fillArea(tx, pt, domain, a);
            }
            tx.putDomain(domain.withPageTable(pt));
        }
    }

    /** iopt_area_unfill_domains(): an unmapped area leaves every domain. */
    public static void unfillDomains(Tx tx, IoPagetable iopt, Area a) {
        for (int d : iopt.domains()) {
            Domain domain = tx.domain(d);
            tx.putDomain(domain.withPageTable(domain.pageTable().unmap(a.iova(), a.last())));
        }
    }

    /**
     * iopt_table_enforce_dev_resv_regions(): the device's regions become reserved ranges owned by it
     * (DIRECT_RELAXABLE skipped). Sets the group's sw_msi_start when asked. Returns the new SW_MSI base or -1.
     */
    public static long enforceDevResvRegions(Tx tx, int ioasId, PciDevice dev, boolean wantSwMsi) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        int hwMsi = 0;
        int swMsi = 0;
        long swMsiStart = -1;
        ReservedOwner owner = new ReservedOwner.Device(dev.name());
        for (ReservedRegion r : dev.reserved()) {
            if (r.type() == ResvType.DIRECT_RELAXABLE) {
                continue;
            }
            if (wantSwMsi && r.type() == ResvType.MSI) {
                hwMsi++;
            }
            if (wantSwMsi && r.type() == ResvType.SW_MSI) {
                swMsiStart = r.start();
                swMsi++;
            }
            iopt = reserve(tx, ioasId, iopt, r.start(), r.last(), owner);
        }
        if ((swMsi > 0 && hwMsi > 0) || swMsi > 1) {
            throw new KernelError(Errno.EINVAL, dev.name() + " reports an insane mix of MSI regions");
        }
        tx.put(ioas.withIopt(iopt));
        return swMsiStart;
    }

    /** iopt_remove_reserved_iova(iopt, dev). */
    public static void removeReserved(Tx tx, int ioasId, ReservedOwner owner) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        for (ReservedRange r : ioas.iopt().reservedOf(owner)) {
            tx.emit(new Event.ReservedRemoved(ioasId, r.start(), r.last(), owner.label()));
        }
        tx.put(ioas.withIopt(ioas.iopt().removeReserved(owner)));
    }

    private static IoPagetable reserve(Tx tx, int ioasId, IoPagetable iopt, long start, long last, ReservedOwner owner) {
        IoPagetable next = iopt.reserveIova(start, last, owner);
        tx.emit(new Event.ReservedAdded(ioasId, start, last, owner.label()));
        return next;
    }
}
