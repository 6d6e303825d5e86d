package org.iommuscope.engine.hw;

/** IOMMU_READ / IOMMU_WRITE of a mapping. IOMMU_CACHE is always set by iommufd and not modelled. */
public record Prot(boolean read, boolean write) {
    public static final Prot RW = new Prot(true, true);
    public static final Prot R = new Prot(true, false);
    public static final Prot W = new Prot(false, true);
    public static final Prot NONE = new Prot(false, false);

    public boolean none() {
        return !read && !write;
    }

    @Override
    public String toString() {
        return (read ? "r" : "") + (write ? "w" : "") + (none() ? "none" : "");
    }
}
