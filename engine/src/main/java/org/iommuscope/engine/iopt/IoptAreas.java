package org.iommuscope.engine.iopt;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.KernelRelease;

/**
 * The parts of io_pagetable.c that create and remove areas: map (user pages or a copy's pages), unmap, and
 * the pages a copy takes from its source. The ioctl layer in front of them is iommufd's ioas.c.
 */
public final class IoptAreas {
    private IoptAreas() {
    }

    /** An element of an iopt_pages_list: user memory from {@code userVa}, {@code length} bytes. */
    public record Pages(long userVa, long length, boolean writable) {
    }

    /** iopt_map_user_pages(): iopt_alloc_user_pages(), then iopt_map_pages(). Returns the IOVA. */
    public static long mapUserPages(Tx tx, int ioasId, long userVa, long length, Long fixedIova, Prot perm) {
        // iopt_alloc_user_pages() / iopt_alloc_pages()
        if (Unsigned.addOverflows(userVa, length)) {
            throw new KernelError(Errno.EOVERFLOW, "user_va + length overflows");
        }
        if (length == 0 || Unsigned.gt(length, Unsigned.MAX - IoPagetable.PAGE_SIZE)) {
            throw new KernelError(Errno.EINVAL, "length is 0 or too large");
        }
        return mapPages(tx, ioasId, List.of(new Pages(userVa, length, perm.write())), length, fixedIova, perm);
    }

    /**
     * iopt_map_pages() → iopt_alloc_area_pages() + iopt_fill_domains_pages(): place the areas (fixed or
     * automatic IOVA), then map them into every domain of the IOAS (pinning; EFAULT on a bad VA).
     */
    public static long mapPages(Tx tx, int ioasId, List<Pages> pages, long length, Long fixedIova, Prot perm) {
        Ioas ioas = (Ioas) tx.object(ioasId);
        IoPagetable iopt = ioas.iopt();
        if ((length & (iopt.iovaAlignment() - 1)) != 0 || length == 0) {
            throw new KernelError(Errno.EINVAL, "length " + Unsigned.hex(length) + " is not a multiple of iova_alignment "
                    + Unsigned.hex(iopt.iovaAlignment()));
        }
        long iova;
        if (fixedIova == null) {
            iova = iopt.allocIova(pages.get(0).userVa(), length, tx.release().has(KernelRelease.Rule.AUTO_IOVA_HUGE_PAGE_CAP));
        } else {
            iova = fixedIova;
            iopt.checkIova(iova, length);
        }
        List<Area> added = new ArrayList<>();
        var areas = iopt.areas();
        long at = iova;
        for (Pages p : pages) {
            // iopt_insert_area()
            if (perm.write() && !p.writable()) {
                throw new KernelError(Errno.EPERM, "WRITEABLE asked of pages mapped read-only");
            }
            long pageOffset = p.userVa() % IoPagetable.PAGE_SIZE;
            if ((pageOffset & (iopt.iovaAlignment() - 1)) != 0) {
                throw new KernelError(Errno.EINVAL, "user_va's offset in its page " + Unsigned.hex(pageOffset)
                        + " is not aligned to iova_alignment " + Unsigned.hex(iopt.iovaAlignment()));
            }
            Area a = new Area(at, at + p.length() - 1, p.userVa(), perm, p.writable());
            areas = areas.plus(a.iova(), a);
            added.add(a);
            at += p.length();
        }
        iopt = iopt.withAreas(areas);
        tx.put(ioas.withIopt(iopt));
        IoptDomains.fillDomains(tx, iopt, added);
        for (Area a : added) {
            tx.emit(new Event.AreaMapped(ioas.id(), a.iova(), a.last(), a.prot()));
        }
        return iova;
    }

    /** iopt_unmap_iova(): the ranged unmap. Returns the bytes unmapped. */
    public static long unmapIova(Tx tx, int ioasId, long iova, long length) {
        if (length == 0) {
            throw new KernelError(Errno.EINVAL, "length is 0");
        }
        if (Unsigned.addOverflows(iova, length - 1)) {
            throw new KernelError(Errno.EOVERFLOW, "iova + length - 1 overflows");
        }
        return unmapIovaRange(tx, ioasId, iova, iova + length - 1);
    }

    /** iopt_unmap_all(): an empty IOAS unmaps 0 bytes and succeeds. */
    public static long unmapAll(Tx tx, int ioasId) {
        return unmapIovaRange(tx, ioasId, 0, Unsigned.MAX);
    }

    /**
     * iopt_unmap_iova_range(): every area must lie wholly inside [start, last] (no splitting) and not be locked
     * (EBUSY, before the overlap test). Areas are taken in IOVA order and the kernel does not unwind: areas below
     * a partially covered or locked one are already gone when the error returns, so it keeps its effects.
     */
    private static long unmapIovaRange(Tx tx, int ioasId, long start, long last) {
        long unmapped = 0;
        Ioas ioas = (Ioas) tx.object(ioasId);
        for (Area a : ioas.iopt().areasIntersecting(start, last)) {
            if (a.numLocks() > 0) {
                // The area is locked by an object that has not been destroyed (a HW queue's internal access, v6.17)
                throw new KernelError(Errno.EBUSY, "the area [" + Unsigned.hex(a.iova()) + ", " + Unsigned.hex(a.last())
                        + "] is pinned by a HW queue (area->num_locks " + a.numLocks() + "): destroy the queue first")
                        .keepingEffects(unmapped != 0);
            }
            if (Unsigned.lt(a.iova(), start) || Unsigned.gt(a.last(), last)) {
                throw new KernelError(Errno.ENOENT, "the area [" + Unsigned.hex(a.iova()) + ", " + Unsigned.hex(a.last())
                        + "] is only partly inside [" + Unsigned.hex(start) + ", " + Unsigned.hex(last) + "]: unmap never splits an area")
                        .keepingEffects(unmapped != 0);
            }
            ioas = (Ioas) tx.object(ioasId);
            IoPagetable iopt = ioas.iopt();
            IoptDomains.unfillDomains(tx, iopt, a);
            tx.put(ioas.withIopt(iopt.withAreas(iopt.areas().minus(a.iova()))));
            tx.emit(new Event.AreaUnmapped(ioasId, a.iova(), a.last()));
            unmapped += a.length();
        }
        return unmapped;
    }

    /** iopt_get_pages(): [iova, iova+length) must be covered by contiguous areas, else ENOENT. */
    public static List<Pages> getPages(IoPagetable iopt, long iova, long length) {
        if (length == 0) {
            throw new KernelError(Errno.EINVAL, "length is 0");
        }
        if (Unsigned.addOverflows(iova, length - 1)) {
            throw new KernelError(Errno.EOVERFLOW, "src_iova + length - 1 overflows");
        }
        long last = iova + length - 1;
        List<Pages> out = new ArrayList<>();
        long cur = iova;
        for (Area a : iopt.areasIntersecting(iova, last)) {
            if (Unsigned.gt(a.iova(), cur)) {
                break;
            }
            long end = Unsigned.min(a.last(), last);
            out.add(new Pages(a.userVa() + (cur - a.iova()), end - cur + 1, a.pagesWritable()));
            if (end == last) {
                return out;
            }
            cur = end + 1;
        }
        throw new KernelError(Errno.ENOENT, "[" + Unsigned.hex(iova) + ", " + Unsigned.hex(last) + "] is not covered by contiguous areas");
    }
}
