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
 * a new table sharing structure with the old one. A leaf PTE's dirty bit (set by a write DMA while the domain
 * tracks dirty pages) is kept per leaf, as the hardware keeps it.
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

    /** A dirty leaf PTE: {@code size} bytes from {@code iova}. */
    public record DirtyLeaf(long iova, long size) {
        public long last() {
            return iova + size - 1;
        }
    }

    private static final IoPageTable EMPTY = new IoPageTable(TreePMap.empty(Unsigned.ORDER), 0, TreePMap.empty(Unsigned.ORDER));

    private final TreePMap<Long, PteRun> runs;
    private final long mappedBytes;
    /** Leaf IOVA → leaf size, for the leaves whose dirty bit is set. */
    private final TreePMap<Long, Long> dirty;

    private IoPageTable(TreePMap<Long, PteRun> runs, long mappedBytes, TreePMap<Long, Long> dirty) {
        this.runs = runs;
        this.mappedBytes = mappedBytes;
        this.dirty = dirty;
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
        return new IoPageTable(r, mappedBytes + size, dirty);
    }

    /** iommu_unmap of [iova, last]: removes every run that starts inside the range, with its leaves' dirty bits. */
    public IoPageTable unmap(long iova, long last) {
        TreePMap<Long, PteRun> inside = runs.subMap(iova, true, last, true);
        if (inside.isEmpty()) {
            return this;
        }
        long bytes = 0;
        for (PteRun run : inside.values()) {
            bytes += run.pgsize * run.count;
        }
        return new IoPageTable(runs.minusAll(inside.keySet()), mappedBytes - bytes, dirty.minusAll(dirty.subMap(iova, true, last, true).keySet()));
    }

    /** The hardware sets the dirty bit of the leaf PTE a write went through; nothing when the IOVA is not mapped. */
    public IoPageTable markDirty(long iova) {
        Map.Entry<Long, PteRun> e = runs.floorEntry(iova);
        if (e == null || Unsigned.gt(iova, e.getValue().last())) {
            return this;
        }
        PteRun run = e.getValue();
        long leaf = run.iova + Long.divideUnsigned(iova - run.iova, run.pgsize) * run.pgsize;
        Long had = dirty.get(leaf);
        return had != null ? this : new IoPageTable(runs, mappedBytes, dirty.plus(leaf, run.pgsize));
    }

    /** Every dirty leaf, in IOVA order. */
    public List<DirtyLeaf> dirtyLeaves() {
        List<DirtyLeaf> out = new ArrayList<>();
        dirty.forEach((iova, size) -> out.add(new DirtyLeaf(iova, size)));
        return out;
    }

    /** The dirty leaves that intersect [first, last], in IOVA order. */
    public List<DirtyLeaf> dirtyLeaves(long first, long last) {
        List<DirtyLeaf> out = new ArrayList<>();
        Map.Entry<Long, Long> below = dirty.lowerEntry(first);
        if (below != null && Unsigned.ge(below.getKey() + below.getValue() - 1, first)) {
            out.add(new DirtyLeaf(below.getKey(), below.getValue()));
        }
        dirty.subMap(first, true, last, true).forEach((iova, size) -> out.add(new DirtyLeaf(iova, size)));
        return out;
    }

    /** The same table with these leaves' dirty bits cleared (a read without IOMMU_DIRTY_NO_CLEAR). */
    public IoPageTable clearDirty(List<DirtyLeaf> leaves) {
        if (leaves.isEmpty()) {
            return this;
        }
        return new IoPageTable(runs, mappedBytes, dirty.minusAll(leaves.stream().map(DirtyLeaf::iova).toList()));
    }

    /** Whether both {@code first} and {@code last} translate: one lookup when one PTE run holds both. */
    public boolean translatesBoth(long first, long last) {
        Map.Entry<Long, PteRun> e = runs.floorEntry(first);
        if (e == null || Unsigned.gt(first, e.getValue().last())) {
            return false;
        }
        return Unsigned.le(last, e.getValue().last()) && Unsigned.ge(last, first) || translate(last).isPresent();
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
