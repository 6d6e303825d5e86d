package org.iommuscope.engine.hw;

/**
 * An iommu_domain. Core domains (blocking, default) belong to a group; paging and nested domains are
 * allocated for iommufd hwpts by the emulated IOMMU driver of one unit.
 *
 * @param id           an emulator-wide number, shown as "domain N" (the kernel has no such ID)
 * @param parent       for a nested domain, its stage-2 parent's id; else -1
 * @param msiCookie    the SW_MSI base installed in this domain (iommu_get_msi_cookie), or -1
 */
public record Domain(int id, DomainType type, String iommu, long pgsizeBitmap, long apertureStart, long apertureLast,
                     boolean dirtyTracking, boolean enforceCacheCoherency, boolean nestParent, int parent,
                     long msiCookie, IoPageTable pageTable) {

    public static Domain core(int id, DomainType type, String iommu) {
        return new Domain(id, type, iommu, 0, 0, -1L, false, false, false, -1, -1, IoPageTable.empty());
    }

    public boolean isCore() {
        return type == DomainType.BLOCKED || type == DomainType.DMA || type == DomainType.IDENTITY;
    }

    public Domain withPageTable(IoPageTable pt) {
        return new Domain(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking,
                enforceCacheCoherency, nestParent, parent, msiCookie, pt);
    }

    public Domain withEnforceCacheCoherency(boolean cc) {
        return new Domain(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking,
                cc, nestParent, parent, msiCookie, pageTable);
    }

    public Domain withMsiCookie(long base) {
        return new Domain(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking,
                enforceCacheCoherency, nestParent, parent, base, pageTable);
    }
}
