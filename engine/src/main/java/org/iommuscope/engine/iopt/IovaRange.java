package org.iommuscope.engine.iopt;

import org.iommuscope.engine.hw.Unsigned;

/** An inclusive IOVA range [first, last] (struct iommu_iova_range). */
public record IovaRange(long first, long last) {
    public long length() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return "[" + Unsigned.hex(first) + ", " + Unsigned.hex(last) + "]";
    }
}
