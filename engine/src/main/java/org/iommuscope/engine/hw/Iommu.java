package org.iommuscope.engine.hw;

import java.util.Set;

/**
 * An emulated IOMMU unit (struct iommu_device): the page-size bitmap and aperture its paging domains get,
 * and its capabilities.
 *
 * @param pgsizeBitmap  domain->pgsize_bitmap for domains this unit allocates
 * @param apertureStart domain->geometry.aperture_start
 * @param apertureLast  domain->geometry.aperture_end (inclusive)
 */
public record Iommu(String name, long pgsizeBitmap, long apertureStart, long apertureLast, Set<IommuCap> caps) {

    public static final long DEFAULT_PGSIZES = (1L << 12) | (1L << 21) | (1L << 30);

    public Iommu {
        caps = Set.copyOf(caps);
    }

    public static Iommu defaults(String name) {
        return new Iommu(name, DEFAULT_PGSIZES, 0, -1L, Set.of());
    }

    public boolean has(IommuCap cap) {
        return caps.contains(cap);
    }

    /** The smallest page size this unit maps: 1 << __ffs(pgsize_bitmap). */
    public long minPageSize() {
        return Long.lowestOneBit(pgsizeBitmap);
    }
}
