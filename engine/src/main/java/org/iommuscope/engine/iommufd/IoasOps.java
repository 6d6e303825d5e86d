package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.errno.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.IoPagetable;
import org.iommuscope.engine.iopt.IoptDomains;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.iopt.ReservedOwner;

/** drivers/iommu/iommufd/ioas.c and the io_pagetable.c map/unmap/copy paths behind it. */
public final class IoasOps {
    private IoasOps() {
    }

    /** IOMMU_IOAS_ALLOC. */
    public static int alloc(Tx tx) {
        int id = tx.allocId();
        tx.create(Ioas.fresh(id), "");
        return id;
    }

    /** A piece of an iopt_pages_list: user memory from {@code userVa}, {@code length} bytes. */
    private record Pages(long userVa, long length, boolean writable) {
    }

    /** IOMMU_IOAS_MAP (iommufd_ioas_map → iopt_map_user_pages). Returns the IOVA. */
    public static long map(Tx tx, long ioasId, long length, Long fixedIova, Prot perm, Long userVa) {
        long iova = fixedIova == null ? 0 : fixedIova;
        if (iova == Unsigned.MAX || length == Unsigned.MAX) {
            throw new KernelError(Errno.EOVERFLOW, "iova or length is ULONG_MAX");
        }
        if (perm.none()) {
            throw new KernelError(Errno.EINVAL, "a mapping needs READABLE or WRITEABLE (since v6.11)");
        }
        Ioas ioas = tx.ioas(ioasId);
        long va;
        if (userVa == null) {
            va = tx.memory().nextBufferVa();
            tx.setMemory(tx.memory().allocBuffer(length));
        } else {
            va = userVa;
        }
        // iopt_alloc_user_pages() / iopt_alloc_pages()
        if (Unsigned.addOverflows(va, length)) {
            throw new KernelError(Errno.EOVERFLOW, "user_va + length overflows");
        }
        if (length == 0 || Unsigned.gt(length, Unsigned.MAX - IoPagetable.PAGE_SIZE)) {
            throw new KernelError(Errno.EINVAL, "length is 0 or too large");
        }
        return mapPages(tx, ioas, List.of(new Pages(va, length, perm.write())), length, fixedIova, perm);
    }

    /**
     * iopt_map_pages() → iopt_alloc_area_pages() + iopt_fill_domains_pages(): place the areas (fixed or
     * automatic IOVA), then map them into every domain of the IOAS (pinning; EFAULT on a bad VA).
     */
    private static long mapPages(Tx tx, Ioas ioas, List<Pages> pages, long length, Long fixedIova, Prot perm) {
        IoPagetable iopt = ioas.iopt();
        if ((length & (iopt.iovaAlignment() - 1)) != 0 || length == 0) {
            throw new KernelError(Errno.EINVAL, "length " + Unsigned.hex(length) + " is not a multiple of iova_alignment "
                    + Unsigned.hex(iopt.iovaAlignment()));
        }
        long iova;
        if (fixedIova == null) {
            iova = iopt.allocIova(pages.get(0).userVa(), length);
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

    /** IOMMU_IOAS_UNMAP. Returns the bytes unmapped. */
    public static long unmap(Tx tx, long ioasId, long iova, long length) {
        Ioas ioas = tx.ioas(ioasId);
        if (iova == 0 && length == Unsigned.MAX) {
            return unmapRange(tx, ioas.id(), 0, Unsigned.MAX);
        }
        if (iova == Unsigned.MAX || length == Unsigned.MAX) {
            throw new KernelError(Errno.EOVERFLOW, "iova or length is ULONG_MAX");
        }
        // iopt_unmap_iova()
        if (length == 0) {
            throw new KernelError(Errno.EINVAL, "length is 0");
        }
        if (Unsigned.addOverflows(iova, length - 1)) {
            throw new KernelError(Errno.EOVERFLOW, "iova + length - 1 overflows");
        }
        long unmapped = unmapRange(tx, ioas.id(), iova, iova + length - 1);
        if (unmapped == 0) {
            throw new KernelError(Errno.ENOENT, "nothing is mapped in [" + Unsigned.hex(iova) + ", " + Unsigned.hex(iova + length - 1) + "]");
        }
        return unmapped;
    }

    /**
     * iopt_unmap_iova_range(): every area must lie wholly inside [start, last] (no splitting). Areas are
     * taken in IOVA order and the kernel does not unwind: areas below a partially covered one are already
     * gone when ENOENT returns, so this error keeps its effects.
     */
    private static long unmapRange(Tx tx, int ioasId, long start, long last) {
        long unmapped = 0;
        Ioas ioas = (Ioas) tx.object(ioasId);
        for (Area a : ioas.iopt().areasIntersecting(start, last)) {
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

    /** IOMMU_IOAS_COPY. Returns dst_iova. */
    public static long copy(Tx tx, long srcId, long srcIova, long length, long dstId, Long dstIova, Prot perm) {
        if (length == Unsigned.MAX || srcIova == Unsigned.MAX || (dstIova != null && dstIova == Unsigned.MAX)) {
            throw new KernelError(Errno.EOVERFLOW, "length, src_iova or dst_iova is ULONG_MAX");
        }
        if (perm.none()) {
            throw new KernelError(Errno.EINVAL, "a copy needs READABLE or WRITEABLE (since v6.11)");
        }
        Ioas src = tx.ioas(srcId);
        List<Pages> pages = getPages(src.iopt(), srcIova, length);
        Ioas dst = tx.ioas(dstId);
        return mapPages(tx, dst, pages, length, dstIova, perm);
    }

    /** iopt_get_pages(): [iova, iova+length) must be covered by contiguous areas, else ENOENT. */
    private static List<Pages> getPages(IoPagetable iopt, long iova, long length) {
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

    /** IOMMU_IOAS_ALLOW_IOVAS. */
    public static void allowIovas(Tx tx, long ioasId, List<IovaRange> ranges) {
        Ioas ioas = tx.ioas(ioasId);
        List<IovaRange> seen = new ArrayList<>();
        for (IovaRange r : ranges) {
            if (Unsigned.ge(r.first(), r.last())) {
                throw new KernelError(Errno.EINVAL, "allowed range " + r + " has start >= last");
            }
            for (IovaRange s : seen) {
                if (Unsigned.intersects(s.first(), s.last(), r.first(), r.last())) {
                    throw new KernelError(Errno.EINVAL, "allowed ranges " + s + " and " + r + " overlap");
                }
            }
            seen.add(r);
        }
        tx.put(ioas.withIopt(ioas.iopt().setAllowIova(seen)));
        tx.emit(new Event.AllowedSet(ioas.id(), seen.size()));
    }

    /**
     * IOMMU_IOAS_IOVA_RANGES: the holes of the reserved tree over [0, ULONG_MAX]. With a short array the
     * response is still written, then EMSGSIZE.
     */
    public static Map<String, Object> iovaRanges(Tx tx, long ioasId, Long max) {
        Ioas ioas = tx.ioas(ioasId);
        List<IovaRange> all = ioas.iopt().holes(0, Unsigned.MAX, false);
        List<IovaRange> written = max == null || Unsigned.ge(max, all.size()) ? all : all.subList(0, (int) (long) max);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ranges", List.copyOf(written));
        out.put("alignment", ioas.iopt().iovaAlignment());
        out.put("num", (long) all.size());
        return out;
    }

    /** Selftest IOMMU_TEST_OP_ADD_RESERVED: iopt_reserve_iova(start, start + length - 1, NULL). */
    public static void addReserved(Tx tx, long ioasId, long start, long length) {
        Ioas ioas = tx.ioas(ioasId);
        if (length == 0 || Unsigned.addOverflows(start, length - 1)) {
            // The selftest op does not check; an empty or wrapping range would corrupt the tree, so refuse it.
            throw new KernelError(Errno.EINVAL, "reserved range is empty or wraps (the emulator refuses what the selftest op leaves unchecked)");
        }
        long last = start + length - 1;
        tx.put(ioas.withIopt(ioas.iopt().reserveIova(start, last, new ReservedOwner.None())));
        tx.emit(new Event.ReservedAdded(ioas.id(), start, last, "none"));
    }
}
