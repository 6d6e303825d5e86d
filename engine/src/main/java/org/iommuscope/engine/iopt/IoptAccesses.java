package org.iommuscope.engine.iopt;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.hw.UserMemory;
import org.iommuscope.engine.iommufd.Ioas;

/**
 * The access side of io_pagetable.c and pages.c, for the internal accesses of HW queues (v6.17): joining an IOAS's
 * access list, and pinning pages with the area lock (iopt_area_add_access(..., lock_area)) that makes IOMMU_IOAS_UNMAP
 * of those areas EBUSY.
 */
public final class IoptAccesses {
    private IoptAccesses() {
    }

    /**
     * iopt_add_access(): the access joins iopt->access_list and the IOAS's iova_alignment is recomputed with it
     * (iopt_calculate_iova_alignment()); an area that does not meet a raised alignment is EADDRINUSE.
     */
    public static void addAccess(Tx tx, int ioasId, int accessId) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        var accesses = iopt.accesses().plus(accessId);
        long alignment = IoptDomains.calculateIovaAlignment(tx, iopt.domains(), accesses);
        if (Unsigned.gt(alignment, iopt.iovaAlignment())) {
            IoptDomains.checkIovaAlignment(iopt, alignment);
        }
        tx.put(ioas.withIopt(iopt.withAccesses(accesses, alignment)));
    }

    /** iopt_remove_access(): the access leaves the list and the alignment is recomputed without it. */
    public static void removeAccess(Tx tx, int ioasId, int accessId) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        var accesses = iopt.accesses().minus(Integer.valueOf(accessId));
        tx.put(ioas.withIopt(iopt.withAccesses(accesses, IoptDomains.calculateIovaAlignment(tx, iopt.domains(), accesses))));
    }

    /**
     * iommufd_access_pin_pages() of an internal access: [iova, iova + length) must be covered by contiguous areas
     * (ENOENT); each area's pages are pinned and the area locked (num_locks++). Returns the physical runs of the pinned
     * range, in IOVA order.
     */
    public static List<UserMemory.Extent> pinPages(Tx tx, int ioasId, long iova, long length) {
        if (length == 0) {
            throw new KernelError(Errno.EINVAL, "length is 0");
        }
        if (Unsigned.addOverflows(iova, length - 1)) {
            throw new KernelError(Errno.EOVERFLOW, "iova + length - 1 overflows");
        }
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        List<IoptAreas.Pages> pages;
        try {
            pages = IoptAreas.getPages(iopt, iova, length);
        } catch (KernelError e) {
            throw new KernelError(Errno.ENOENT, "[" + Unsigned.hex(iova) + ", +" + Unsigned.hex(length) + ") of ioas " + ioasId
                    + " is not covered by contiguous areas: nothing to pin");
        }
        List<UserMemory.Extent> runs = new ArrayList<>();
        for (IoptAreas.Pages p : pages) {
            IoptDomains.pin(tx, p.userVa(), p.length());
            runs.addAll(tx.memory().runs(p.userVa(), p.length()));
        }
        tx.put(ioas.withIopt(iopt.withAreas(lock(iopt, iova, iova + length - 1, 1))));
        return runs;
    }

    /** iommufd_access_unpin_pages(): the areas of the range are unlocked (num_locks--). */
    public static void unpinPages(Tx tx, int ioasId, long iova, long length) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        tx.put(ioas.withIopt(iopt.withAreas(lock(iopt, iova, iova + length - 1, -1))));
    }

    private static org.pcollections.TreePMap<Long, Area> lock(IoPagetable iopt, long first, long last, int delta) {
        var areas = iopt.areas();
        for (Area a : iopt.areasIntersecting(first, last)) {
            areas = areas.plus(a.iova(), a.withNumLocks(a.numLocks() + delta));
        }
        return areas;
    }
}
