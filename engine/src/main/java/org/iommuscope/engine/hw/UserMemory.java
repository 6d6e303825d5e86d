package org.iommuscope.engine.hw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcollections.TreePMap;

/**
 * The emulated user process (the VMM) and the physical pages behind it. Fresh buffers start on a 2 MiB
 * boundary, handed out upwards from 0x7f0000000000; physical pages are assigned when first pinned,
 * in 2 MiB-aligned contiguous runs from 4 GiB, so PTE sizes and PAs are reproducible. Persistent.
 */
public final class UserMemory {
    public static final long FIRST_BUFFER_VA = 0x7f0000000000L;
    public static final long FIRST_PA = 0x100000000L;
    public static final long HPAGE_SIZE = 2L << 20;
    /** mmap_min_addr: nothing can be mapped below it. */
    public static final long MIN_VA = 0x10000L;
    /** x86-64 TASK_SIZE_MAX (exclusive). */
    public static final long TASK_SIZE = 0x7ffffffff000L;

    /** [va, va + length) is backed by [pa, pa + length). */
    public record Extent(long va, long length, long pa) {
        long end() {
            return va + length;
        }
    }

    private static final UserMemory INITIAL = new UserMemory(TreePMap.empty(Unsigned.ORDER), FIRST_BUFFER_VA, FIRST_PA);

    private final TreePMap<Long, Extent> extents;
    private final long nextBufferVa;
    private final long nextPa;

    private UserMemory(TreePMap<Long, Extent> extents, long nextBufferVa, long nextPa) {
        this.extents = extents;
        this.nextBufferVa = nextBufferVa;
        this.nextPa = nextPa;
    }

    public static UserMemory initial() {
        return INITIAL;
    }

    /** The VA a fresh buffer of this length would get. */
    public long nextBufferVa() {
        return nextBufferVa;
    }

    /** Hands out a fresh buffer: the next 2 MiB-aligned VA. */
    public UserMemory allocBuffer(long length) {
        long end = alignUp(nextBufferVa + length, HPAGE_SIZE);
        return new UserMemory(extents, end, nextPa);
    }

    /** get_user_pages would fault on this range. */
    public static boolean isBadRange(long va, long length) {
        return Unsigned.lt(va, MIN_VA) || Unsigned.addOverflows(va, length) || Unsigned.gt(va + length, TASK_SIZE);
    }

    /** Pins [va, va+length): assigns physical pages to any part not yet backed. */
    public UserMemory pin(long va, long length) {
        long pageVa = va & ~0xfffL;
        long end = alignUp(va + length, 0x1000);
        TreePMap<Long, Extent> e = extents;
        long pa = nextPa;
        long cur = pageVa;
        while (Unsigned.lt(cur, end)) {
            Extent at = extentAt(e, cur);
            if (at != null) {
                cur = at.end();
                continue;
            }
            Map.Entry<Long, Extent> next = e.ceilingEntry(cur);
            long stop = next == null ? end : Unsigned.min(end, next.getKey());
            e = e.plus(cur, new Extent(cur, stop - cur, pa));
            pa = alignUp(pa + (stop - cur), HPAGE_SIZE);
            cur = stop;
        }
        return pa == nextPa ? this : new UserMemory(e, nextBufferVa, pa);
    }

    /** The physical runs backing [va, va+length), which must be pinned. */
    public List<Extent> runs(long va, long length) {
        List<Extent> out = new ArrayList<>();
        long cur = va;
        long end = va + length;
        while (Unsigned.lt(cur, end)) {
            Extent at = extentAt(extents, cur);
            if (at == null) {
                throw new IllegalStateException("unpinned user VA " + Unsigned.hex(cur));
            }
            long stop = Unsigned.min(end, at.end());
            out.add(new Extent(cur, stop - cur, at.pa + (cur - at.va)));
            cur = stop;
        }
        return out;
    }

    private static Extent extentAt(TreePMap<Long, Extent> e, long va) {
        Map.Entry<Long, Extent> f = e.floorEntry(va);
        if (f == null || Unsigned.ge(va, f.getValue().end())) {
            return null;
        }
        return f.getValue();
    }

    public static long alignUp(long v, long align) {
        return (v + align - 1) & ~(align - 1);
    }
}
