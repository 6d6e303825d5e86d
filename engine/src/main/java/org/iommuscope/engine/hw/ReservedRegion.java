package org.iommuscope.engine.hw;

/** A device's reserved region (struct iommu_resv_region): inclusive [start, last]. */
public record ReservedRegion(long start, long last, ResvType type) {
}
