package org.iommuscope.engine.iopt;

import org.iommuscope.engine.hw.Prot;

/**
 * struct iopt_area over its iopt_pages: IOVA [iova, last] mapping user memory from {@code userVa}.
 *
 * @param pagesWritable iopt_pages->writable: whether the pinned pages may be mapped writeable (shared by IOAS_COPY)
 * @param numLocks      area->num_locks: internal accesses (HW queues, v6.17) that pinned pages of this area and lock it
 *                      against unmap until they are destroyed
 */
public record Area(long iova, long last, long userVa, Prot prot, boolean pagesWritable, int numLocks) {

    public Area(long iova, long last, long userVa, Prot prot, boolean pagesWritable) {
        this(iova, last, userVa, prot, pagesWritable, 0);
    }

    public Area withNumLocks(int n) {
        return new Area(iova, last, userVa, prot, pagesWritable, n);
    }

    public long length() {
        return last - iova + 1;
    }
}
