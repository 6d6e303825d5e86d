package org.iommuscope.engine.iopt;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IoPageTable.DirtyLeaf;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Ioas;

/** io_pagetable.c's dirty tracking: switching it on and off, and reading (and clearing) a domain's dirty bits. */
public final class IoptDirty {
    private IoptDirty() {
    }

    /**
     * iopt_set_dirty_tracking(): EOPNOTSUPP for a domain without dirty_ops (not allocated with
     * IOMMU_HWPT_ALLOC_DIRTY_TRACKING); enabling first clears the dirty bits under every area
     * (iopt_clear_dirty_data) so the first read is a clean snapshot; then the driver's set_dirty_tracking().
     */
    public static void setDirtyTracking(Tx tx, int ioasId, int domainId, boolean enable) {
        Domain d = tx.domain(domainId);
        if (!d.dirtyTracking()) {
            throw new KernelError(Errno.EOPNOTSUPP, "domain " + domainId + " has no dirty_ops: its hwpt was not allocated with DIRTY_TRACKING");
        }
        if (enable) {
            IoPagetable iopt = ((Ioas) tx.object(ioasId)).iopt();
            IoPageTable pt = d.pageTable();
            for (Area a : iopt.areas().values()) {
                pt = pt.clearDirty(pt.dirtyLeaves(a.iova(), a.last()));
            }
            d = d.withPageTable(pt);
        }
        if (d.dirtyEnabled() != enable) {
            tx.emit(new Event.DirtyTrackingSet(domainId, enable));
        }
        tx.putDomain(d.withDirtyEnabled(enable));
    }

    /**
     * iommufd_check_iova_range(): EOVERFLOW when iova + length - 1 wraps; EINVAL when iova or the end is not
     * aligned to the IOAS's iova_alignment, when page_size is 0, or when iova or the end is not aligned to
     * page_size. A page_size that is not a power of two is not refused: each bit then covers 1 << __ffs(page_size)
     * bytes (iova_bitmap_alloc()).
     */
    static long checkIovaRange(IoPagetable iopt, long iova, long length, long pageSize) {
        if (Unsigned.addOverflows(iova, length - 1)) {
            throw new KernelError(Errno.EOVERFLOW, "iova + length - 1 overflows");
        }
        long last = iova + length - 1;
        long align = iopt.iovaAlignment();
        if ((iova & (align - 1)) != 0 || ((last + 1) & (align - 1)) != 0) {
            throw new KernelError(Errno.EINVAL, "[" + Unsigned.hex(iova) + ", " + Unsigned.hex(last) + "] is not aligned to the IOAS's iova_alignment "
                    + Unsigned.hex(align));
        }
        if (pageSize == 0) {
            throw new KernelError(Errno.EINVAL, "page_size is 0");
        }
        if ((iova & (pageSize - 1)) != 0 || ((last + 1) & (pageSize - 1)) != 0) {
            throw new KernelError(Errno.EINVAL, "[" + Unsigned.hex(iova) + ", " + Unsigned.hex(last) + "] is not aligned to page_size "
                    + Unsigned.hex(pageSize));
        }
        return last;
    }

    /**
     * iopt_read_and_clear_dirty_data(): the argument checks, then EOPNOTSUPP without dirty_ops, then the walk over
     * the areas that cover [iova, last] contiguously from iova (iopt_for_each_contig_area). At the first gap the
     * walk stops; the kernel drops that EINVAL (iommu_read_and_clear_dirty() ignores iova_bitmap_for_each()'s
     * result), so the ioctl still succeeds with what was read. With tracking off nothing is read or cleared. Each dirty leaf reports the part of it inside the
     * range and, unless NO_CLEAR, is cleared whole. Returns the set bits as runs of whole bitmap granules.
     */
    public static List<IovaRange> readAndClearDirtyData(Tx tx, int ioasId, int domainId, long iova, long length, long pageSize,
                                                        boolean noClear) {
        IoPagetable iopt = ((Ioas) tx.object(ioasId)).iopt();
        long last = checkIovaRange(iopt, iova, length, pageSize);
        Domain d = tx.domain(domainId);
        if (!d.dirtyTracking()) {
            throw new KernelError(Errno.EOPNOTSUPP, "domain " + domainId + " has no dirty_ops (iommu_read_and_clear_dirty)");
        }
        if (!d.dirtyEnabled()) {
            // the driver's read_and_clear_dirty() refuses a bitmap while tracking is off (EINVAL: VT-d, AMD, the
            // selftest mock) at the first area, and iommu_read_and_clear_dirty() drops that error as it drops a gap's
            return List.of();
        }
        int shift = Long.numberOfTrailingZeros(pageSize);
        List<long[]> bits = new ArrayList<>();
        List<DirtyLeaf> read = new ArrayList<>();
        long cur = iova;
        for (Area a : iopt.areasIntersecting(iova, last)) {
            if (Unsigned.gt(a.iova(), cur)) {
                break; // !iopt_area_contig_done(): the walk ends here
            }
            long pieceLast = Unsigned.min(a.last(), last);
            for (DirtyLeaf leaf : d.pageTable().dirtyLeaves(cur, pieceLast)) {
                long from = Unsigned.max(leaf.iova(), cur);
                long to = Unsigned.min(leaf.last(), pieceLast);
                bits.add(new long[] {(from - iova) >>> shift, (to - iova) >>> shift});
                read.add(leaf);
            }
            if (pieceLast == last) {
                break;
            }
            cur = pieceLast + 1;
        }
        if (!noClear) {
            tx.putDomain(d.withPageTable(d.pageTable().clearDirty(read)));
        }
        return runs(bits, iova, shift);
    }

    /** The set bits, given as inclusive [first bit, last bit] spans, as inclusive IOVA runs of whole granules. */
    private static List<IovaRange> runs(List<long[]> bits, long base, int shift) {
        bits.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
        List<IovaRange> out = new ArrayList<>();
        long[] cur = null;
        for (long[] b : bits) {
            if (cur != null && Unsigned.le(b[0], cur[1] + 1)) {
                cur[1] = Unsigned.max(cur[1], b[1]);
                continue;
            }
            if (cur != null) {
                out.add(run(cur, base, shift));
            }
            cur = b.clone();
        }
        if (cur != null) {
            out.add(run(cur, base, shift));
        }
        return out;
    }

    private static IovaRange run(long[] bits, long base, int shift) {
        return new IovaRange(base + (bits[0] << shift), base + ((bits[1] + 1) << shift) - 1);
    }
}
