package org.iommuscope.engine.iommufd;

/**
 * struct iommufd_access made by iommufd_access_create_internal() for a HW queue: a finalized object with its own ID
 * whose users start at 2 (the xarray's and its creator's), so IOMMU_DESTROY of it is always EBUSY. Attached to the
 * IOAS of the vIOMMU's nesting parent (one users reference on it, and its iova_alignment of PAGE_SIZE joins the
 * IOAS's), it pins [{@code pinnedIova}, +{@code pinnedLength}), locking the areas there against unmap.
 */
public record Access(int id, int users, int ioas, long pinnedIova, long pinnedLength) implements IommufdObject {

    @Override
    public ObjType type() {
        return ObjType.ACCESS;
    }

    @Override
    public Access withUsers(int u) {
        return new Access(id, u, ioas, pinnedIova, pinnedLength);
    }

    public long pinnedLast() {
        return pinnedIova + pinnedLength - 1;
    }
}
