package org.iommuscope.engine.hw;

/**
 * An iommu_domain. Core domains (blocking, default) belong to a group; paging and nested domains are
 * allocated for iommufd hwpts by the emulated IOMMU driver of one unit.
 *
 * @param id           an emulator-wide number, shown as "domain N" (the kernel has no such ID)
 * @param parent       for a nested domain, its stage-2 parent's id; else -1
 * @param dirtyTracking allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING: the domain has dirty_ops
 * @param msiCookie    the SW_MSI base installed in this domain (iommu_get_msi_cookie), or -1
 * @param dirtyEnabled dirty_ops->set_dirty_tracking() turned on: the hardware sets the dirty bit of a leaf PTE a
 *                     DMA writes through
 * @param stage1       for a nested domain, what its stage 1 does (the guest's translation); else null
 * @param viommu       for a nested domain a vIOMMU's alloc_domain_nested made, that vIOMMU's object ID (the driver's
 *                     vsmmu); else -1
 */
public record Domain(int id, DomainType type, String iommu, long pgsizeBitmap, long apertureStart, long apertureLast,
                     boolean dirtyTracking, boolean enforceCacheCoherency, boolean nestParent, int parent,
                     long msiCookie, IoPageTable pageTable, boolean dirtyEnabled, Stage1 stage1, int viommu) {

    public Domain(int id, DomainType type, String iommu, long pgsizeBitmap, long apertureStart, long apertureLast,
                  boolean dirtyTracking, boolean enforceCacheCoherency, boolean nestParent, int parent,
                  long msiCookie, IoPageTable pageTable, boolean dirtyEnabled) {
        this(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking, enforceCacheCoherency, nestParent,
                parent, msiCookie, pageTable, dirtyEnabled, null, -1);
    }

    public Domain(int id, DomainType type, String iommu, long pgsizeBitmap, long apertureStart, long apertureLast,
                  boolean dirtyTracking, boolean enforceCacheCoherency, boolean nestParent, int parent,
                  long msiCookie, IoPageTable pageTable) {
        this(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking, enforceCacheCoherency, nestParent,
                parent, msiCookie, pageTable, false);
    }

    public static Domain core(int id, DomainType type, String iommu) {
        return new Domain(id, type, iommu, 0, 0, -1L, false, false, false, -1, -1, IoPageTable.empty());
    }

    public boolean isCore() {
        return type == DomainType.BLOCKED || type == DomainType.DMA || type == DomainType.IDENTITY;
    }

    public Domain withPageTable(IoPageTable pt) {
        return new Domain(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking,
                enforceCacheCoherency, nestParent, parent, msiCookie, pt, dirtyEnabled, stage1, viommu);
    }

    public Domain withEnforceCacheCoherency(boolean cc) {
        return new Domain(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking,
                cc, nestParent, parent, msiCookie, pageTable, dirtyEnabled, stage1, viommu);
    }

    public Domain withMsiCookie(long base) {
        return new Domain(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking,
                enforceCacheCoherency, nestParent, parent, base, pageTable, dirtyEnabled, stage1, viommu);
    }

    public Domain withDirtyEnabled(boolean on) {
        return new Domain(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking,
                enforceCacheCoherency, nestParent, parent, msiCookie, pageTable, on, stage1, viommu);
    }

    public Domain withStage1(Stage1 s1, int viommuId) {
        return new Domain(id, type, iommu, pgsizeBitmap, apertureStart, apertureLast, dirtyTracking,
                enforceCacheCoherency, nestParent, parent, msiCookie, pageTable, dirtyEnabled, s1, viommuId);
    }
}
