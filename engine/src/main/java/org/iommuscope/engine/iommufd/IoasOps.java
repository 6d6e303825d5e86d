package org.iommuscope.engine.iommufd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iopt.IoptAreas;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.iopt.ReservedOwner;

/** drivers/iommu/iommufd/ioas.c: the IOAS ioctls, argument checks in front of io_pagetable.c ({@link IoptAreas}). */
public final class IoasOps {
    private IoasOps() {
    }

    /** IOMMU_IOAS_ALLOC. */
    public static int alloc(Tx tx) {
        int id = tx.allocId();
        tx.create(Ioas.fresh(id), "");
        return id;
    }

    /** IOMMU_IOAS_MAP (iommufd_ioas_map → iopt_map_user_pages). Returns the IOVA. */
    public static long map(Tx tx, long ioasId, long length, Long fixedIova, Prot perm, Long userVa) {
        long iova = fixedIova == null ? 0 : fixedIova;
        if (iova == Unsigned.MAX || length == Unsigned.MAX) {
            throw new KernelError(Errno.EOVERFLOW, "iova or length is ULONG_MAX");
        }
        if (perm.none() && tx.release().has(KernelRelease.Rule.MAP_NEEDS_READ_OR_WRITE)) {
            throw new KernelError(Errno.EINVAL, "a mapping needs READABLE or WRITEABLE (since v6.11)");
        }
        Ioas ioas = tx.ioas(ioasId);
        long va;
        if (userVa == null) {
            // the emulated VMM mmap()s a fresh buffer for the map
            va = tx.memory().nextBufferVa();
            tx.setMemory(tx.memory().allocBuffer(length));
        } else {
            va = userVa;
        }
        return IoptAreas.mapUserPages(tx, ioas.id(), va, length, fixedIova, perm);
    }

    /** IOMMU_IOAS_UNMAP (iommufd_ioas_unmap). Returns the bytes unmapped. */
    public static long unmap(Tx tx, long ioasId, long iova, long length) {
        Ioas ioas = tx.ioas(ioasId);
        if (iova == 0 && length == Unsigned.MAX) {
            return IoptAreas.unmapAll(tx, ioas.id());
        }
        if (iova == Unsigned.MAX || length == Unsigned.MAX) {
            throw new KernelError(Errno.EOVERFLOW, "iova or length is ULONG_MAX");
        }
        long unmapped = IoptAreas.unmapIova(tx, ioas.id(), iova, length);
        if (unmapped == 0) {
            throw new KernelError(Errno.ENOENT, "nothing is mapped in [" + Unsigned.hex(iova) + ", " + Unsigned.hex(iova + length - 1) + "]");
        }
        return unmapped;
    }

    /** IOMMU_IOAS_COPY (iommufd_ioas_copy → iopt_get_pages + iopt_map_pages). Returns dst_iova. */
    public static long copy(Tx tx, long srcId, long srcIova, long length, long dstId, Long dstIova, Prot perm) {
        if (length == Unsigned.MAX || srcIova == Unsigned.MAX || (dstIova != null && dstIova == Unsigned.MAX)) {
            throw new KernelError(Errno.EOVERFLOW, "length, src_iova or dst_iova is ULONG_MAX");
        }
        if (perm.none() && tx.release().has(KernelRelease.Rule.MAP_NEEDS_READ_OR_WRITE)) {
            throw new KernelError(Errno.EINVAL, "a copy needs READABLE or WRITEABLE (since v6.11)");
        }
        Ioas src = tx.ioas(srcId);
        List<IoptAreas.Pages> pages = IoptAreas.getPages(src.iopt(), srcIova, length);
        Ioas dst = tx.ioas(dstId);
        return IoptAreas.mapPages(tx, dst.id(), pages, length, dstIova, perm);
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
