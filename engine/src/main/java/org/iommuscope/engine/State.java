package org.iommuscope.engine;

import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.hw.UserMemory;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Profile;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The whole emulated world after a step: the iommu core (groups, domains), the user process's memory,
 * and one iommufd context (objects, igroups) plus the VMM's per-device record of the hwpt it believes
 * each idev is on. Immutable and built from persistent maps, so keeping the state of every step costs
 * only what each step changed: a snapshot is this object.
 *
 * @param step         the number of ops applied (0 at boot)
 * @param boundDevices device name → idev ID
 * @param recorded     idev ID → the pt_id user space last got back from attach/replace (v2-patch: idev->hwpt)
 * @param tombstones   IDs whose objects were destroyed by iommufd_object_tombstone_user() (a vDEVICE whose idev was
 *                     unbound, v6.17+): their xarray slots hold XA_ZERO_ENTRY, so lookups and DESTROY find nothing and
 *                     xa_alloc never hands them out again while the iommufd is open
 */
public record State(Topology topology, Profile profile, int step,
                    TreePMap<Integer, IommuGroup> groups, TreePMap<Integer, Domain> domains, int nextDomainId,
                    UserMemory memory,
                    TreePMap<Integer, IommufdObject> objects, TreePMap<Integer, IGroup> igroups,
                    TreePMap<String, Integer> boundDevices, TreePMap<Integer, Integer> recorded, TreePSet<Integer> tombstones) {

    public IommufdObject object(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            return null;
        }
        return objects.get((int) id);
    }

    public IommuGroup group(int id) {
        return groups.get(id);
    }

    /** The domain of a hwpt (paging or nested), or -1 when the ID names no hwpt. */
    public int hwptDomain(int hwptId) {
        IommufdObject o = objects.get(hwptId);
        return o instanceof HwptPaging p ? p.domain() : o instanceof HwptNested n ? n.domain() : -1;
    }

    /** find_hwpt_paging(): the hwpt itself for a HWPT_PAGING, its parent for a HWPT_NESTED, else null. */
    public HwptPaging hwptPaging(int hwptId) {
        IommufdObject o = objects.get(hwptId);
        return o instanceof HwptPaging p ? p : o instanceof HwptNested n ? (HwptPaging) objects.get(n.parent()) : null;
    }

    public Domain domain(int id) {
        return domains.get(id);
    }

    State withStep(int s) {
        return new State(topology, profile, s, groups, domains, nextDomainId, memory, objects, igroups, boundDevices, recorded, tombstones);
    }

    State withGroups(TreePMap<Integer, IommuGroup> g) {
        return new State(topology, profile, step, g, domains, nextDomainId, memory, objects, igroups, boundDevices, recorded, tombstones);
    }

    State withDomains(TreePMap<Integer, Domain> d, int next) {
        return new State(topology, profile, step, groups, d, next, memory, objects, igroups, boundDevices, recorded, tombstones);
    }

    State withMemory(UserMemory m) {
        return new State(topology, profile, step, groups, domains, nextDomainId, m, objects, igroups, boundDevices, recorded, tombstones);
    }

    State withObjects(TreePMap<Integer, IommufdObject> o) {
        return new State(topology, profile, step, groups, domains, nextDomainId, memory, o, igroups, boundDevices, recorded, tombstones);
    }

    State withIgroups(TreePMap<Integer, IGroup> g) {
        return new State(topology, profile, step, groups, domains, nextDomainId, memory, objects, g, boundDevices, recorded, tombstones);
    }

    State withBoundDevices(TreePMap<String, Integer> b) {
        return new State(topology, profile, step, groups, domains, nextDomainId, memory, objects, igroups, b, recorded, tombstones);
    }

    State withRecorded(TreePMap<Integer, Integer> r) {
        return new State(topology, profile, step, groups, domains, nextDomainId, memory, objects, igroups, boundDevices, r, tombstones);
    }

    State withTombstones(TreePSet<Integer> t) {
        return new State(topology, profile, step, groups, domains, nextDomainId, memory, objects, igroups, boundDevices, recorded, t);
    }
}
