package org.iommuscope.engine.iommufd;

import org.pcollections.PSortedMap;
import org.pcollections.PVector;
import org.pcollections.TreePMap;
import org.pcollections.TreePVector;

/**
 * struct iommufd_group, one per iommu_group per ictx, alive while any idev of the group is bound. Its
 * pasid_attach table (v6.15) holds one {@link Attach} per PASID that something of the group is attached at,
 * PASID 0 being the RID; v6.6 had only the RID's, as igroup->hwpt and device_list.
 *
 * @param pasidAttach igroup->pasid_attach: PASID → the hwpt and the attached idevs
 * @param bound       the bound idevs of the group (the igroup's kref holders)
 * @param swMsiStart  igroup->sw_msi_start, -1 (PHYS_ADDR_MAX) when the group has no SW_MSI region
 */
public record IGroup(int groupId, PSortedMap<Integer, Attach> pasidAttach, PVector<Integer> bound, long swMsiStart) {

    /** IOMMU_NO_PASID: the RID. */
    public static final int NO_PASID = 0;

    /** struct iommufd_attach: the one hwpt of the group at a PASID and its device_array, in attach order. */
    public record Attach(int hwpt, PVector<Integer> devices) {
        public Attach withDevices(PVector<Integer> d) {
            return new Attach(hwpt, d);
        }
    }

    public static IGroup fresh(int groupId) {
        return new IGroup(groupId, TreePMap.empty(), TreePVector.empty(), -1);
    }

    /** The attach state at a PASID, or null when nothing of the group is attached there. */
    public Attach attach(int pasid) {
        return pasidAttach.get(pasid);
    }

    /** The hwpt the whole group's RID is on (v6.6's igroup->hwpt), -1 when none. */
    public int hwpt() {
        Attach a = attach(NO_PASID);
        return a == null ? -1 : a.hwpt();
    }

    /** The idevs attached at the RID, in attach order (v6.6's device_list). */
    public PVector<Integer> devices() {
        Attach a = attach(NO_PASID);
        return a == null ? TreePVector.empty() : a.devices();
    }

    /** The same igroup with the attach state at a PASID set, or removed when {@code a} is null. */
    public IGroup withAttach(int pasid, Attach a) {
        PSortedMap<Integer, Attach> p = a == null ? pasidAttach.minus(pasid) : pasidAttach.plus(pasid, a);
        return new IGroup(groupId, p, bound, swMsiStart);
    }

    public IGroup withBound(PVector<Integer> b) {
        return new IGroup(groupId, pasidAttach, b, swMsiStart);
    }

    public IGroup withSwMsiStart(long s) {
        return new IGroup(groupId, pasidAttach, bound, s);
    }
}
