package org.iommuscope.engine.iommufd;

import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * struct iommufd_hwpt_nested: a stage-1 domain over its nest-parent HWPT_PAGING.
 *
 * @param devices v2-patch only: hwpt->devices
 */
public record HwptNested(int id, int users, int parent, int domain, PVector<Integer> devices) implements IommufdObject {

    public HwptNested(int id, int users, int parent, int domain) {
        this(id, users, parent, domain, TreePVector.empty());
    }

    @Override
    public ObjType type() {
        return ObjType.HWPT_NESTED;
    }

    @Override
    public HwptNested withUsers(int u) {
        return new HwptNested(id, u, parent, domain, devices);
    }

    public HwptNested withDevices(PVector<Integer> d) {
        return new HwptNested(id, users, parent, domain, d);
    }
}
