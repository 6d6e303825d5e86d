package org.iommuscope.engine.iopt;

import org.iommuscope.engine.hw.Prot;

/**
 * struct iopt_area over its iopt_pages: IOVA [iova, last] mapping user memory from {@code userVa}.
 *
 * @param pagesWritable iopt_pages->writable: whether the pinned pages may be mapped writeable (shared by IOAS_COPY)
 */
public record Area(long iova, long last, long userVa, Prot prot, boolean pagesWritable) {
    public long length() {
        return last - iova + 1;
    }
}
