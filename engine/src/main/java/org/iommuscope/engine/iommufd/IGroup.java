package org.iommuscope.engine.iommufd;

import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * struct iommufd_group, one per iommu_group per ictx, alive while any idev of the group is bound. The
 * PASID 0 (RID) attach state of v6.15's pasid_attach is {@code hwpt} + {@code devices}; v6.6 called them
 * igroup->hwpt and device_list.
 *
 * @param hwpt       the one hwpt the whole group is on, -1 when none
 * @param devices    the attached idevs, in attach order
 * @param bound      the bound idevs of the group (the igroup's kref holders)
 * @param swMsiStart igroup->sw_msi_start, -1 (PHYS_ADDR_MAX) when the group has no SW_MSI region
 */
public record IGroup(int groupId, int hwpt, PVector<Integer> devices, PVector<Integer> bound, long swMsiStart) {

    public static IGroup fresh(int groupId) {
        return new IGroup(groupId, -1, TreePVector.empty(), TreePVector.empty(), -1);
    }

    public IGroup withHwpt(int h) {
        return new IGroup(groupId, h, devices, bound, swMsiStart);
    }

    public IGroup withDevices(PVector<Integer> d) {
        return new IGroup(groupId, hwpt, d, bound, swMsiStart);
    }

    public IGroup withBound(PVector<Integer> b) {
        return new IGroup(groupId, hwpt, devices, b, swMsiStart);
    }

    public IGroup withSwMsiStart(long s) {
        return new IGroup(groupId, hwpt, devices, bound, s);
    }
}
