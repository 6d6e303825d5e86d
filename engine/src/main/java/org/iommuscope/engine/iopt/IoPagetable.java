package org.iommuscope.engine.iopt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.pcollections.PVector;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;
import org.pcollections.TreePVector;

/**
 * struct io_pagetable, persistent: the area interval tree (areas never overlap, so a tree keyed by first
 * IOVA answers every overlap query in O(log n)), the allowed and reserved trees, the domains list and
 * iova_alignment. The pure parts of io_pagetable.c live here; the parts that touch domains are in
 * {@link IoptDomains}.
 */
public record IoPagetable(TreePMap<Long, Area> areas, TreePMap<Long, IovaRange> allowed, TreePSet<ReservedRange> reserved,
                          PVector<Integer> domains, long iovaAlignment, PVector<Integer> accesses) {

    public static final long PAGE_SIZE = 4096;
    public static final long HPAGE_SIZE = 2L << 20;

    private static final Comparator<ReservedRange> RESERVED_ORDER = Comparator
            .comparing(ReservedRange::start, Unsigned.ORDER)
            .thenComparing(ReservedRange::last, Unsigned.ORDER)
            .thenComparing(ReservedRange::owner);

    private static final IoPagetable EMPTY = new IoPagetable(TreePMap.empty(Unsigned.ORDER), TreePMap.empty(Unsigned.ORDER),
            TreePSet.empty(RESERVED_ORDER), TreePVector.empty(), 1, TreePVector.empty());

    public static IoPagetable empty() {
        return EMPTY;
    }

    public IoPagetable withAreas(TreePMap<Long, Area> a) {
        return new IoPagetable(a, allowed, reserved, domains, iovaAlignment, accesses);
    }

    public IoPagetable withReserved(TreePSet<ReservedRange> r) {
        return new IoPagetable(areas, allowed, r, domains, iovaAlignment, accesses);
    }

    public IoPagetable withAllowed(TreePMap<Long, IovaRange> a) {
        return new IoPagetable(areas, a, reserved, domains, iovaAlignment, accesses);
    }

    public IoPagetable withDomains(PVector<Integer> d, long alignment) {
        return new IoPagetable(areas, allowed, reserved, d, alignment, accesses);
    }

    /** iopt->access_list (the internal accesses of HW queues, each of iova_alignment PAGE_SIZE) and the alignment. */
    public IoPagetable withAccesses(PVector<Integer> a, long alignment) {
        return new IoPagetable(areas, allowed, reserved, domains, alignment, a);
    }

    // ---- interval queries -------------------------------------------------------------------------------

    /** iopt_area_iter_first(iopt, first, last): the lowest area intersecting [first, last], or null. */
    public Area areaIterFirst(long first, long last) {
        Map.Entry<Long, Area> f = areas.floorEntry(first);
        if (f != null && Unsigned.ge(f.getValue().last(), first)) {
            return f.getValue();
        }
        Map.Entry<Long, Area> c = areas.ceilingEntry(first);
        if (c != null && Unsigned.le(c.getKey(), last)) {
            return c.getValue();
        }
        return null;
    }

    /** Every area intersecting [first, last], in IOVA order. */
    public List<Area> areasIntersecting(long first, long last) {
        List<Area> out = new ArrayList<>();
        Area a = areaIterFirst(first, last);
        if (a == null) {
            return out;
        }
        for (Area x : areas.subMap(a.iova(), true, last, true).values()) {
            out.add(x);
        }
        return out;
    }

    /** iopt_reserved_iter_first: any reserved range intersecting [first, last], or null. */
    public ReservedRange reservedIterFirst(long first, long last) {
        for (ReservedRange r : reserved) {
            if (Unsigned.gt(r.start(), last)) {
                break;
            }
            if (Unsigned.ge(r.last(), first)) {
                return r;
            }
        }
        return null;
    }

    /** iopt_allowed_iter_first. */
    public IovaRange allowedIterFirst(long first, long last) {
        Map.Entry<Long, IovaRange> f = allowed.floorEntry(last);
        if (f != null && Unsigned.ge(f.getValue().last(), first)) {
            return f.getValue();
        }
        return null;
    }

    // ---- io_pagetable.c, pure parts ---------------------------------------------------------------------

    /** iopt_check_iova(): the FIXED_IOVA placement checks, in the kernel's order. */
    public void checkIova(long iova, long length) {
        if ((iova & (iovaAlignment - 1)) != 0) {
            throw new KernelError(Errno.EINVAL, "iova " + Unsigned.hex(iova) + " is not aligned to iova_alignment " + Unsigned.hex(iovaAlignment));
        }
        if (Unsigned.addOverflows(iova, length - 1)) {
            throw new KernelError(Errno.EOVERFLOW, "iova + length - 1 overflows");
        }
        long last = iova + length - 1;
        ReservedRange r = reservedIterFirst(iova, last);
        if (r != null) {
            throw new KernelError(Errno.EINVAL, "[" + Unsigned.hex(iova) + ", " + Unsigned.hex(last) + "] intersects reserved ["
                    + Unsigned.hex(r.start()) + ", " + Unsigned.hex(r.last()) + "] owned by " + r.owner().label());
        }
        Area a = areaIterFirst(iova, last);
        if (a != null) {
            throw new KernelError(Errno.EEXIST, "[" + Unsigned.hex(iova) + ", " + Unsigned.hex(last) + "] intersects the area ["
                    + Unsigned.hex(a.iova()) + ", " + Unsigned.hex(a.last()) + "]");
        }
    }

    /**
     * iopt_alloc_iova(): first fit inside the allowed spans (or [PAGE_SIZE, ULONG_MAX - PAGE_SIZE]) over the
     * holes of reserved ∪ areas, aligned as the kernel aligns it.
     *
     * @param addr      the user VA of the first byte (its alignment is kept, to help THP)
     * @param hugeCap   cap the alignment at HPAGE_SIZE (8f6887349b2f, v6.12; v6.6.0 has no cap)
     */
    public long allocIova(long addr, long length, boolean hugeCap) {
        long pageOffset = addr % PAGE_SIZE;
        if (length == 0 || Unsigned.ge(length, Unsigned.MAX >>> 1)) {
            throw new KernelError(Errno.EOVERFLOW, "length " + Unsigned.hex(length) + " is 0 or too large for an automatic IOVA");
        }
        long alignment = addr == 0 ? Unsigned.roundupPowOfTwo(length)
                : Unsigned.min(Unsigned.roundupPowOfTwo(length), Long.lowestOneBit(addr));
        if (hugeCap && Unsigned.ge(alignment, HPAGE_SIZE)) {
            alignment = HPAGE_SIZE; // CONFIG_TRANSPARENT_HUGEPAGE: max_alignment = HPAGE_SIZE
        }
        if (Unsigned.lt(alignment, iovaAlignment)) {
            throw new KernelError(Errno.EINVAL, "automatic IOVA alignment " + Unsigned.hex(alignment)
                    + " is below iova_alignment " + Unsigned.hex(iovaAlignment));
        }
        for (IovaRange span : allowedSpans(PAGE_SIZE, Unsigned.MAX - PAGE_SIZE)) {
            long start = alignedStart(span.first(), span.last(), length, alignment, pageOffset);
            if (start == -1) {
                continue;
            }
            for (IovaRange hole : holes(start, span.last(), true)) {
                long s = alignedStart(hole.first(), hole.last(), length, alignment, pageOffset);
                if (s != -1) {
                    return s;
                }
            }
        }
        throw new KernelError(Errno.ENOSPC, "no free IOVA range of " + Unsigned.hex(length) + " bytes");
    }

    /** __alloc_iova_check_range(): the aligned start in [start, last] that fits length, or -1. */
    private static long alignedStart(long start, long last, long length, long alignment, long pageOffset) {
        if (Unsigned.addOverflows(start, alignment - 1)) {
            return -1;
        }
        long aligned = ((start + alignment - 1) & ~(alignment - 1)) | pageOffset;
        if (Unsigned.ge(aligned, last) || Unsigned.lt(last - aligned, length - 1)) {
            return -1;
        }
        return aligned;
    }

    /** The used spans of the allowed tree clipped to [first, last]; the whole window when the tree is empty. */
    private List<IovaRange> allowedSpans(long first, long last) {
        List<IovaRange> out = new ArrayList<>();
        if (allowed.isEmpty()) {
            out.add(new IovaRange(first, last));
            return out;
        }
        for (IovaRange r : mergeSpans(new ArrayList<>(allowed.values()))) {
            if (Unsigned.intersects(r.first(), r.last(), first, last)) {
                out.add(new IovaRange(Unsigned.max(r.first(), first), Unsigned.min(r.last(), last)));
            }
        }
        return out;
    }

    /**
     * The holes in [first, last] of the reserved tree (and of the area tree too when {@code withAreas}):
     * interval_tree_for_each_span / _double_span with is_hole. Overlapping and adjacent nodes merge.
     */
    public List<IovaRange> holes(long first, long last, boolean withAreas) {
        List<IovaRange> used = new ArrayList<>();
        for (ReservedRange r : reserved) {
            if (Unsigned.gt(r.start(), last)) {
                break;
            }
            if (Unsigned.ge(r.last(), first)) {
                used.add(new IovaRange(r.start(), r.last()));
            }
        }
        if (withAreas) {
            for (Area a : areasIntersecting(first, last)) {
                used.add(new IovaRange(a.iova(), a.last()));
            }
        }
        List<IovaRange> out = new ArrayList<>();
        long cur = first;
        boolean done = false;
        for (IovaRange u : mergeSpans(used)) {
            if (Unsigned.gt(u.first(), cur)) {
                out.add(new IovaRange(cur, Unsigned.min(u.first() - 1, last)));
            }
            if (Unsigned.ge(u.last(), last)) {
                done = true;
                break;
            }
            cur = Unsigned.max(cur, u.last() + 1);
        }
        if (!done && Unsigned.le(cur, last)) {
            out.add(new IovaRange(cur, last));
        }
        return out;
    }

    private static List<IovaRange> mergeSpans(List<IovaRange> ranges) {
        ranges.sort(Comparator.comparing(IovaRange::first, Unsigned.ORDER));
        List<IovaRange> out = new ArrayList<>();
        for (IovaRange r : ranges) {
            if (!out.isEmpty()) {
                IovaRange prev = out.get(out.size() - 1);
                if (Unsigned.ge(prev.last(), r.first()) || (prev.last() != Unsigned.MAX && prev.last() + 1 == r.first())) {
                    out.set(out.size() - 1, new IovaRange(prev.first(), Unsigned.max(prev.last(), r.last())));
                    continue;
                }
            }
            out.add(r);
        }
        return out;
    }

    /** iopt_reserve_iova(): EADDRINUSE when the range intersects an area or an allowed range. */
    public IoPagetable reserveIova(long start, long last, ReservedOwner owner) {
        Area a = areaIterFirst(start, last);
        if (a != null) {
            throw new KernelError(Errno.EADDRINUSE, "reserved [" + Unsigned.hex(start) + ", " + Unsigned.hex(last)
                    + "] of " + owner.label() + " intersects the area [" + Unsigned.hex(a.iova()) + ", " + Unsigned.hex(a.last()) + "]");
        }
        IovaRange al = allowedIterFirst(start, last);
        if (al != null) {
            throw new KernelError(Errno.EADDRINUSE, "reserved [" + Unsigned.hex(start) + ", " + Unsigned.hex(last)
                    + "] of " + owner.label() + " intersects the allowed range " + al);
        }
        return withReserved(reserved.plus(new ReservedRange(start, last, owner)));
    }

    /** iopt_remove_reserved_iova(iopt, owner): drops every reserved range of that owner. */
    public IoPagetable removeReserved(ReservedOwner owner) {
        List<ReservedRange> gone = reservedOf(owner);
        return gone.isEmpty() ? this : withReserved(reserved.minusAll(gone));
    }

    public List<ReservedRange> reservedOf(ReservedOwner owner) {
        List<ReservedRange> out = new ArrayList<>();
        for (ReservedRange r : reserved) {
            if (r.owner().equals(owner)) {
                out.add(r);
            }
        }
        return out;
    }

    /** iopt_set_allow_iova(): replace the allowed tree; EADDRINUSE when a range intersects a reserved range. */
    public IoPagetable setAllowIova(List<IovaRange> ranges) {
        TreePMap<Long, IovaRange> tree = TreePMap.empty(Unsigned.ORDER);
        for (IovaRange r : ranges) {
            ReservedRange hit = reservedIterFirst(r.first(), r.last());
            if (hit != null) {
                throw new KernelError(Errno.EADDRINUSE, "allowed " + r + " intersects reserved [" + Unsigned.hex(hit.start())
                        + ", " + Unsigned.hex(hit.last()) + "] owned by " + hit.owner().label());
            }
            tree = tree.plus(r.first(), r);
        }
        return withAllowed(tree);
    }
}
