package org.iommuscope.engine.hw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pcollections.TreePMap;

/**
 * A domain's I/O page table: IOVA to physical page with permissions. Each entry is a run of equal-size
 * PTEs contiguous in IOVA and PA, exactly as {@code __iommu_map} lays them out with {@code iommu_pgsize}
 * (so a 2 MiB-aligned map on a unit with 2M pages really uses 2M PTEs). Persistent: every change returns
 * a new table sharing structure with the old one.
 */
public final class IoPageTable {

    /** {@code count} PTEs of {@code pgsize} bytes from {@code iova} to {@code pa}. */
    public record PteRun(long iova, long pa, long pgsize, long count, Prot prot) {
        public long last() {
            return iova + pgsize * count - 1;
        }
    }

    /** A successful translation. */
    public record Translation(long pa, long pgsize, Prot prot) {
    }

    private static final IoPageTable EMPTY = new IoPageTable(TreePMap.empty(Unsigned.ORDER), 0);

    private final TreePMap<Long, PteRun> runs;
    private final long mappedBytes;

    private IoPageTable(TreePMap<Long, PteRun> runs, long mappedBytes) {
        this.runs = runs;
        this.mappedBytes = mappedBytes;
    }

    public static IoPageTable empty() {
        return EMPTY;
    }

    /** iommu_map(domain, iova, paddr, size, prot): split into PTE runs with the kernel's page-size choice. */
    public IoPageTable map(long pgsizeBitmap, long iova, long pa, long size, Prot prot) {
        TreePMap<Long, PteRun> r = runs;
        long remaining = size;
        while (remaining != 0) {
            long[] pc = pgsize(pgsizeBitmap, iova, pa, remaining);
            long bytes = pc[0] * pc[1];
            r = r.plus(iova, new PteRun(iova, pa, pc[0], pc[1], prot));
            iova += bytes;
            pa += bytes;
            remaining -= bytes;
        }
        return new IoPageTable(r, mappedBytes + size);
    }

    /** iommu_unmap of [iova, last]: removes every run that starts inside the range. */
    public IoPageTable unmap(long iova, long last) {
        TreePMap<Long, PteRun> inside = runs.subMap(iova, true, last, true);
        if (inside.isEmpty()) {
            return this;
        }
        long bytes = 0;
        for (PteRun run : inside.values()) {
            bytes += run.pgsize * run.count;
        }
        return new IoPageTable(runs.minusAll(inside.keySet()), mappedBytes - bytes);
    }

    public Optional<Translation> translate(long iova) {
        Map.Entry<Long, PteRun> e = runs.floorEntry(iova);
        if (e == null || Unsigned.gt(iova, e.getValue().last())) {
            return Optional.empty();
        }
        PteRun run = e.getValue();
        return Optional.of(new Translation(run.pa + (iova - run.iova), run.pgsize, run.prot));
    }

    public List<PteRun> runs() {
        return new ArrayList<>(runs.values());
    }

    public int runCount() {
        return runs.size();
    }

    public long mappedBytes() {
        return mappedBytes;
    }

    /**
     * iommu_pgsize(): the biggest page size allowed by the bitmap, the size and the alignment of iova|paddr,
     * and how many such pages to map before a bigger page size becomes possible. Returns {pgsize, count}.
     */
    static long[] pgsize(long bitmap, long iova, long paddr, long size) {
        long addrMerge = paddr | iova;
        long pgsizes = bitmap & genmask(63 - Long.numberOfLeadingZeros(size));
        if (addrMerge != 0) {
            pgsizes &= genmask(Long.numberOfTrailingZeros(addrMerge));
        }
        if (pgsizes == 0) {
            throw new IllegalStateException("iommu_pgsize: no page size fits " + Unsigned.hex(iova) + "+" + Unsigned.hex(size));
        }
        int idx = 63 - Long.numberOfLeadingZeros(pgsizes);
        long pgsize = 1L << idx;
        long count;
        long bigger = idx == 63 ? 0 : bitmap & ~genmask(idx);
        if (bigger == 0 || ((iova ^ paddr) & (Long.lowestOneBit(bigger) - 1)) != 0) {
            count = Long.divideUnsigned(size, pgsize);
        } else {
            long next = Long.lowestOneBit(bigger);
            long offset = next - (addrMerge & (next - 1));
            long s = size;
            if (Unsigned.le(offset + next, size) && !Unsigned.addOverflows(offset, next)) {
                s = offset;
            }
            count = Long.divideUnsigned(s, pgsize);
        }
        return new long[] {pgsize, count};
    }

    /** GENMASK(h, 0). */
    private static long genmask(int h) {
        return h >= 63 ? -1L : (1L << (h + 1)) - 1;
    }
}
