package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.iopt.Area;

/** drivers/iommu/iommufd/main.c: IOMMU_DESTROY. */
public final class Objects {
    private Objects() {
    }

    /**
     * iommufd_destroy → iommufd_object_remove(): ENOENT for an unknown ID or a tombstone (xa_is_zero), EBUSY unless users
     * is exactly 1.
     */
    public static void destroy(Tx tx, long id) {
        IommufdObject o = tx.object(id);
        if (o == null) {
            boolean tombstone = id > 0 && id <= Integer.MAX_VALUE && tx.state().tombstones().contains((int) id);
            throw new KernelError(Errno.ENOENT, tombstone ? "ID " + id + " is a tombstone: its vDEVICE was destroyed with its device, "
                    + "and the ID stays taken until the iommufd is closed" : "no object " + id);
        }
        if (o.users() != 1) {
            throw new KernelError(Errno.EBUSY, o.type().label() + " " + id + " has users " + o.users() + dependants(o));
        }
        if (o instanceof Ioas ioas) {
            // iommufd_ioas_destroy(): iopt_unmap_all, then the table goes
            for (Area a : ioas.iopt().areas().values()) {
                tx.emit(new Event.AreaUnmapped(ioas.id(), a.iova(), a.last()));
            }
            tx.remove(ioas.id());
        } else if (o instanceof Fault f) {
            Faults.destroy(tx, f);
        } else if (o instanceof Hwpt h) {
            HwPagetables.destroy(tx, h);
        } else if (o instanceof Viommu v) {
            Viommus.destroy(tx, v);
        } else if (o instanceof Vdevice v) {
            Viommus.vdeviceDestroy(tx, v);
        } else if (o instanceof Veventq q) {
            Veventqs.destroy(tx, q);
        } else if (o instanceof HwQueue q) {
            HwQueues.destroy(tx, q);
        }
    }

    private static String dependants(IommufdObject o) {
        return switch (o.type()) {
            case DEVICE -> ": a device is destroyed by closing its VFIO fd (unbind), never by IOMMU_DESTROY";
            case IOAS -> ": hwpts still use it";
            case HWPT_PAGING -> ": devices are attached to it, or nested hwpts use it as their parent";
            case HWPT_NESTED -> ": devices are attached to it";
            case FAULT -> ((Fault) o).fdOpen() ? ": its file descriptor is open (close it first)" : ": hwpts use it";
            case VIOMMU -> ": nested hwpts, vDEVICEs, vEVENTQs or HW queues are on it";
            case VDEVICE -> "";
            case VEVENTQ -> ((Veventq) o).fdOpen() ? ": its file descriptor is open (close it first)" : "";
            case HW_QUEUE -> ": a HW queue of a higher index depends on it (destroy queues from the highest index down)";
            case ACCESS -> ": an internal access belongs to its HW queue, which destroys it (iommufd_access_create_internal)";
        };
    }
}
