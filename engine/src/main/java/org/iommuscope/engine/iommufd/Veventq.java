package org.iommuscope.engine.iommufd;

import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * struct iommufd_veventq (IOMMU_VEVENTQ_ALLOC, v6.15): a vIOMMU's queue of events of one type, read through the file
 * descriptor the ioctl returned. Users start at 2 (the xarray's and the file's); it holds one on its vIOMMU. At most
 * {@code depth} events wait; one more is dropped and leaves the LOST_EVENTS header at the tail.
 *
 * @param eventType  veventq->common type (IOMMU_VEVENTQ_TYPE_*)
 * @param events     the events waiting to be read, oldest first
 * @param lostEvents the lost_events_header is queued behind them (events were dropped since the last one kept)
 * @param sequence   the sequence number the next event gets (the header's, wrapping at INT_MAX)
 */
public record Veventq(int id, int users, int viommu, long eventType, long depth, boolean fdOpen, PVector<Vevent> events,
                      boolean lostEvents, int sequence) implements Eventq {

    /** IOMMU_VEVENTQ_TYPE_ARM_SMMUV3. */
    public static final long TYPE_ARM_SMMUV3 = 1;
    /** IOMMU_VEVENTQ_TYPE_SELFTEST (iommufd_test.h). */
    public static final long TYPE_SELFTEST = 0xbeefbeefL;

    public static Veventq fresh(int id, int viommu, long eventType, long depth) {
        return new Veventq(id, 2, viommu, eventType, depth, true, TreePVector.empty(), false, 0);
    }

    @Override
    public ObjType type() {
        return ObjType.VEVENTQ;
    }

    @Override
    public Veventq withUsers(int u) {
        return new Veventq(id, u, viommu, eventType, depth, fdOpen, events, lostEvents, sequence);
    }

    @Override
    public Veventq withFdOpen(boolean open) {
        return new Veventq(id, users, viommu, eventType, depth, open, events, lostEvents, sequence);
    }

    public Veventq withEvents(PVector<Vevent> e, boolean lost, int seq) {
        return new Veventq(id, users, viommu, eventType, depth, fdOpen, e, lost, seq);
    }
}
