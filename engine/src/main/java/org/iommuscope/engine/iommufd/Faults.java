package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.Event;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.iommufd.KernelRelease.Ioctl;
import org.pcollections.PVector;

/**
 * drivers/iommu/iommufd/eventq.c (fault.c before v6.15): the FAULT object, its file descriptor, and the I/O page
 * faults delivered to it. A request stays pending until its attach handle goes away (detach or replace of the
 * group at that PASID answers it IOMMU_PAGE_RESP_INVALID); reading and answering through the fd is not modelled.
 */
public final class Faults {
    private Faults() {
    }

    /** IOMMU_FAULT_QUEUE_ALLOC (iommufd_fault_alloc): the object with the fd's reference. Returns its ID. */
    public static int alloc(Tx tx) {
        tx.release().requireIoctl(Ioctl.FAULT_QUEUE_ALLOC);
        int id = tx.allocId();
        // iommufd_eventq_init(): the file holds a reference until it is closed
        tx.create(Fault.fresh(id), "fd open, users 2");
        return id;
    }

    /** iommufd_get_fault(): ENOENT unless the ID names a FAULT object. */
    static Fault get(Tx tx, long id) {
        return tx.get(id, Fault.class, "a fault object");
    }

    /** iommufd_fault_iopf_handler(): the fault group joins the deliver list of the hwpt's fault object. */
    public static void deliver(Tx tx, int hwptId, PageRequest request, String device) {
        Hwpt hwpt = (Hwpt) tx.object(hwptId);
        Fault f = (Fault) tx.object(hwpt.fault());
        PVector<PageRequest> pending = f.pending().plus(request);
        tx.put(f.withPending(pending));
        tx.emit(new Event.PageRequestQueued(f.id(), device, request.pasid(), request.iova(), pending.size()));
    }

    /**
     * iommufd_auto_response_faults(hwpt, handle): every request the group's attach handle at this PASID delivered
     * through the hwpt is answered IOMMU_PAGE_RESP_INVALID and freed.
     */
    static void autoResponse(Tx tx, int hwptId, int groupId, int pasid) {
        if (!(tx.object(hwptId) instanceof Hwpt hwpt) || hwpt.fault() < 0) {
            return;
        }
        Fault f = (Fault) tx.object(hwpt.fault());
        PVector<PageRequest> kept = f.pending();
        for (PageRequest r : f.pending()) {
            if (r.hwpt() == hwptId && r.group() == groupId && r.pasid() == pasid) {
                kept = kept.minus(r);
            }
        }
        int answered = f.pending().size() - kept.size();
        if (answered > 0) {
            tx.put(f.withPending(kept));
            tx.emit(new Event.PageRequestsAnswered(f.id(), answered, kept.size()));
        }
    }

    /** iommufd_fault_destroy(): whatever is still pending is answered INVALID as the object goes. */
    static void destroy(Tx tx, Fault f) {
        if (!f.pending().isEmpty()) {
            tx.emit(new Event.PageRequestsAnswered(f.id(), f.pending().size(), 0));
        }
        tx.remove(f.id());
    }
}
