package org.iommuscope.engine.iommufd;

import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * struct iommufd_fault (IOMMU_FAULT_QUEUE_ALLOC): users start at 2, the xarray's and the returned file's; each
 * hwpt allocated with it adds one.
 *
 * @param fdOpen  the file descriptor IOMMU_FAULT_QUEUE_ALLOC returned is still open (it holds one user)
 * @param pending page requests delivered and not yet answered, oldest first
 */
public record Fault(int id, int users, boolean fdOpen, PVector<PageRequest> pending) implements Eventq {

    public static Fault fresh(int id) {
        return new Fault(id, 2, true, TreePVector.empty());
    }

    @Override
    public ObjType type() {
        return ObjType.FAULT;
    }

    @Override
    public Fault withUsers(int u) {
        return new Fault(id, u, fdOpen, pending);
    }

    @Override
    public Fault withFdOpen(boolean open) {
        return new Fault(id, users, open, pending);
    }

    public Fault withPending(PVector<PageRequest> p) {
        return new Fault(id, users, fdOpen, p);
    }
}
