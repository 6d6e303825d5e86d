package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.Event;
import org.iommuscope.engine.Tx;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.KernelRelease.Ioctl;

/**
 * drivers/iommu/iommufd/eventq.c: the vEVENTQ (v6.15), the file descriptor every event queue is returned with, and
 * driver.c's iommufd_viommu_report_event(). Reading the queue through the fd is not an op; the events waiting are what a
 * check can see.
 */
public final class Veventqs {
    private Veventqs() {
    }

    /**
     * IOMMU_VEVENTQ_ALLOC (iommufd_veventq_alloc): EOPNOTSUPP for IOMMU_VEVENTQ_TYPE_DEFAULT, EINVAL for depth 0 (there
     * is no upper bound), ENOENT unless viommu_id is a vIOMMU, EEXIST when it has a queue of this type already. The core
     * does not ask the driver about the type. Returns the queue's ID; its fd holds a reference until closed.
     */
    public static int alloc(Tx tx, long viommuId, long depth, Long typeArg) {
        tx.release().requireIoctl(Ioctl.VEVENTQ_ALLOC);
        if (typeArg != null && typeArg == 0) {
            throw new KernelError(Errno.EOPNOTSUPP, "IOMMU_VEVENTQ_TYPE_DEFAULT (0) is no event type");
        }
        if (depth == 0) {
            throw new KernelError(Errno.EINVAL, "veventq_depth is 0");
        }
        Viommu viommu = tx.get(viommuId, Viommu.class, "a vIOMMU");
        long type = typeArg != null ? typeArg : ViommuDriver.eventType(viommu);
        Veventq same = find(tx, viommu.id(), type);
        if (same != null) {
            throw new KernelError(Errno.EEXIST, "viommu " + viommu.id() + " has veventq " + same.id() + " of type "
                    + Unsigned.hex(type) + " already (iommufd_viommu_find_veventq)");
        }
        int id = tx.allocId();
        // iommufd_eventq_init(): the returned file holds a reference until it is closed
        tx.create(Veventq.fresh(id, viommu.id(), type, depth), "type " + Unsigned.hex(type) + ", depth " + Long.toUnsignedString(depth)
                + " on viommu " + viommu.id() + ", fd open, users 2");
        tx.addUsers(viommu.id(), 1);
        return id;
    }

    /** iommufd_veventq_destroy() → iommufd_veventq_abort(): the events still queued are freed, the vIOMMU loses its reference. */
    static void destroy(Tx tx, Veventq q) {
        tx.remove(q.id());
        tx.addUsers(q.viommu(), -1);
    }

    /**
     * close() of an event queue's fd (iommufd_eventq_fops_release()): the file's reference goes; the object stays until
     * IOMMU_DESTROY (or the iommufd's close). EBADF when no open fd holds the object.
     */
    public static void close(Tx tx, long id) {
        if (!(tx.object(id) instanceof Eventq q) || !q.fdOpen()) {
            throw new KernelError(Errno.EBADF, "no open file descriptor holds object " + id
                    + (tx.object(id) == null ? " (no such object)" : ""));
        }
        tx.put(q.withFdOpen(false));
        tx.addUsers(q.id(), -1);
        tx.emit(new Event.FileClosed(q.id(), q.type()));
    }

    /**
     * arm_smmu_handle_event(): a translation or permission fault of stage 1 through a nested domain of a vIOMMU, on a
     * device the driver knows by a vDEVICE there (master->vmaster), goes to the vIOMMU's event queue as an event for the
     * vDEVICE's virt_id (arm_vmaster_report_event() → iommufd_viommu_report_event()); stage-2 faults stay with the host.
     * A stage 1 configured to abort terminates silently. Without a queue of the driver's type the event is dropped.
     */
    public static void reportStage1Fault(Tx tx, Domain domain, String device, long iova, String reason) {
        if (domain == null || domain.viommu() < 0 || domain.stage1() == null || domain.stage1().mode() != Stage1.Mode.TRANSLATE
                || !(tx.object(domain.viommu()) instanceof Viommu viommu)) {
            return;
        }
        Long virtId = tx.viommuVdevId(viommu.id(), device);
        if (virtId == null) {
            return;
        }
        Veventq q = find(tx, viommu.id(), ViommuDriver.eventType(viommu));
        if (q != null) {
            reportEvent(tx, q, new Vevent(q.sequence(), virtId, iova, reason));
        }
    }

    /**
     * iommufd_viommu_report_event() → iommufd_vevent_handler(): at most depth events wait; a full queue drops the event
     * and leaves its lost_events_header at the tail instead. Every event, kept or lost, takes the next sequence number
     * (wrapping at INT_MAX).
     */
    static void reportEvent(Tx tx, Veventq q, Vevent e) {
        int next = (q.sequence() + 1) & Integer.MAX_VALUE;
        boolean full = q.events().size() >= q.depth();
        if (full) {
            tx.put(q.withEvents(q.events(), true, next));
        } else {
            // a real event queued after a lost header takes the header's place at the tail (the header is re-armed)
            tx.put(q.withEvents(q.events().plus(e), false, next));
        }
        tx.emit(new Event.VeventQueued(q.id(), e.virtId(), e.sequence(), ((Veventq) tx.object(q.id())).events().size(), full));
    }

    private static Veventq find(Tx tx, int viommuId, long type) {
        for (IommufdObject o : tx.state().objects().values()) {
            if (o instanceof Veventq q && q.viommu() == viommuId && q.eventType() == type) {
                return q;
            }
        }
        return null;
    }
}
