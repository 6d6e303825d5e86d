package org.iommuscope.engine.iommufd;

import java.util.List;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.hw.UserMemory;
import org.iommuscope.engine.iommufd.KernelRelease.Ioctl;
import org.iommuscope.engine.iopt.IoPagetable;
import org.iommuscope.engine.iopt.IoptAccesses;

/**
 * viommu.c's HW queues (v6.17) and the internal ACCESS object that pins a queue's guest memory
 * (device.c: iommufd_access_create_internal(), iommufd_access_attach_internal()).
 */
public final class HwQueues {
    private HwQueues() {
    }

    /** kvcalloc() of the page array fails above INT_MAX bytes (kvmalloc refuses larger sizes; __GFP_NOWARN). */
    private static final long MAX_PAGE_ARRAY_ENTRIES = Integer.MAX_VALUE / 8;

    /**
     * IOMMU_HW_QUEUE_ALLOC (iommufd_hw_queue_alloc_ioctl): EOPNOTSUPP for IOMMU_HW_QUEUE_TYPE_DEFAULT, EINVAL for length
     * 0, EOVERFLOW when nesting_parent_iova + length - 1 overflows, ENOENT unless viommu_id is a vIOMMU, EOPNOTSUPP for
     * a queue type the driver does not know; then the queue's ID, the internal access that pins its pages
     * (iommufd_hw_queue_alloc_phys()), and the driver's hw_queue_init_phys(). Returns the queue's ID.
     */
    public static int alloc(Tx tx, long viommuId, Long typeArg, long index, long baseAddr, long length) {
        tx.release().requireIoctl(Ioctl.HW_QUEUE_ALLOC);
        if (typeArg != null && typeArg == 0) {
            throw new KernelError(Errno.EOPNOTSUPP, "IOMMU_HW_QUEUE_TYPE_DEFAULT (0) is no HW queue type");
        }
        if (length == 0) {
            throw new KernelError(Errno.EINVAL, "length is 0");
        }
        if (Unsigned.addOverflows(baseAddr, length - 1)) {
            throw new KernelError(Errno.EOVERFLOW, "nesting_parent_iova + length - 1 overflows");
        }
        Viommu viommu = tx.get(viommuId, Viommu.class, "a vIOMMU");
        long type = typeArg != null ? typeArg
                : viommu.viommuType() == Viommu.TYPE_SELFTEST ? HwQueue.TYPE_SELFTEST : HwQueue.TYPE_TEGRA241_CMDQV;
        ViommuDriver.getHwQueueSize(type);
        int id = tx.allocId();
        // _iommufd_object_alloc_ucmd(): the queue's ID is reserved before the access takes the next one
        tx.create(new HwQueue(id, 1, viommu.id(), type, index, baseAddr, length, -1, -1),
                "queue " + Long.toUnsignedString(index) + " of viommu " + viommu.id() + " at " + Unsigned.hex(baseAddr) + ", "
                        + Unsigned.hex(length) + " bytes");
        int access = allocPhys(tx, viommu, baseAddr, length);
        tx.addUsers(viommu.id(), 1);
        HwQueue prev = ViommuDriver.hwQueueInitPhys(tx, viommu, id, type, index);
        if (prev != null) {
            // iommufd_hw_queue_depend(): the lower queue cannot be destroyed while this one lives
            tx.addUsers(prev.id(), 1);
        }
        HwQueue q = (HwQueue) tx.object(id);
        tx.put(new HwQueue(id, q.users(), viommu.id(), type, index, baseAddr, length, access, prev == null ? -1 : prev.id()));
        return id;
    }

    /**
     * iommufd_hw_queue_alloc_phys(): ERANGE when the page-aligned span overflows, ENOMEM for a page array kvcalloc()
     * cannot give; an internal ACCESS object attached to the nesting parent's IOAS pins the span (ENOENT unless
     * contiguous areas cover it), and its pages must be physically contiguous (EFAULT). Returns the access's ID.
     */
    private static int allocPhys(Tx tx, Viommu viommu, long iova, long length) {
        long aligned = iova & ~(IoPagetable.PAGE_SIZE - 1);
        long offset = iova - aligned;
        if (Unsigned.addOverflows(offset, length) || Unsigned.addOverflows(offset + length, IoPagetable.PAGE_SIZE - 1)) {
            throw new KernelError(Errno.ERANGE, "the queue's page-aligned span overflows");
        }
        long npages = Long.divideUnsigned(offset + length + IoPagetable.PAGE_SIZE - 1, IoPagetable.PAGE_SIZE);
        if (Long.compareUnsigned(npages, MAX_PAGE_ARRAY_ENTRIES) > 0) {
            throw new KernelError(Errno.ENOMEM, Long.toUnsignedString(npages) + " pages: kvcalloc() of the page array fails");
        }
        long pinLength = npages * IoPagetable.PAGE_SIZE;
        int ioasId = ((HwptPaging) tx.object(viommu.hwpt())).ioas();
        int accessId = tx.allocId();
        // iommufd_access_create_internal(): finalized at once, users 2 (the xarray's and its creator's)
        tx.create(new Access(accessId, 2, ioasId, aligned, pinLength), "internal access of ioas " + ioasId);
        // iommufd_access_attach_internal() → iommufd_access_change_ioas(): the IOAS gains a user
        IoptAccesses.addAccess(tx, ioasId, accessId);
        tx.addUsers(ioasId, 1);
        List<UserMemory.Extent> runs = IoptAccesses.pinPages(tx, ioasId, aligned, pinLength);
        for (int i = 1; i < runs.size(); i++) {
            UserMemory.Extent a = runs.get(i - 1);
            if (runs.get(i).pa() != a.pa() + a.length()) {
                throw new KernelError(Errno.EFAULT, "the queue's pages are not physically contiguous (PA " + Unsigned.hex(a.pa() + a.length())
                        + " is followed by " + Unsigned.hex(runs.get(i).pa()) + ")");
            }
        }
        return accessId;
    }

    /**
     * iommufd_hw_queue_destroy(): the driver's destroy (the mock undepends from the queue below), then the access's
     * unpin, detach (the IOAS loses it) and destroy, then the vIOMMU's reference.
     */
    static void destroy(Tx tx, HwQueue q) {
        tx.remove(q.id());
        if (q.dependsOn() >= 0) {
            tx.addUsers(q.dependsOn(), -1);
        }
        if (q.access() >= 0 && tx.object(q.access()) instanceof Access a) {
            IoptAccesses.unpinPages(tx, a.ioas(), a.pinnedIova(), a.pinnedLength());
            IoptAccesses.removeAccess(tx, a.ioas(), a.id());
            tx.addUsers(a.ioas(), -1);
            tx.remove(a.id());
        }
        tx.addUsers(q.viommu(), -1);
    }
}
