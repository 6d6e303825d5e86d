package org.iommuscope.engine.iommufd;

/**
 * struct iommufd_hw_queue (IOMMU_HW_QUEUE_ALLOC, v6.17): a queue of a vIOMMU the hardware reads straight from guest
 * memory, at {@code baseAddr} in the nesting parent's IOAS. Its internal ACCESS object pins that memory, so the IOAS
 * cannot unmap it (EBUSY) while the queue lives. It holds one users reference on its vIOMMU, and (the selftest mock
 * and tegra241-cmdqv) the queue of the next lower index of its type one on that queue.
 *
 * @param access    the internal ACCESS object pinning the queue's pages
 * @param dependsOn the HW queue this one depends on (iommufd_hw_queue_depend()), or -1
 */
public record HwQueue(int id, int users, int viommu, long queueType, long index, long baseAddr, long length, int access,
                      int dependsOn) implements IommufdObject {

    /** IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV. */
    public static final long TYPE_TEGRA241_CMDQV = 1;
    /** IOMMU_HW_QUEUE_TYPE_SELFTEST (iommufd_test.h). */
    public static final long TYPE_SELFTEST = 0xdeadbeefL;

    @Override
    public ObjType type() {
        return ObjType.HW_QUEUE;
    }

    @Override
    public HwQueue withUsers(int u) {
        return new HwQueue(id, u, viommu, queueType, index, baseAddr, length, access, dependsOn);
    }
}
