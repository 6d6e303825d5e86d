package org.iommuscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.iommuscope.engine.hw.CoreRules;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.UserMemory;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.KernelRelease;
import org.iommuscope.engine.iommufd.Vdevice;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.errno.KernelError;

/**
 * One op in progress: the state being evolved and the events so far. Kernel algorithms read and replace
 * records through it; object refcount and group-domain changes become events here, in one place. A
 * failed op's Tx is dropped, which is the kernel's unwind made exact; {@link #savepoint()} gives the
 * nested unwind that auto-domain selection needs ("EINVAL: try the next hwpt").
 */
public final class Tx {
    private State s;
    private final List<Event> events = new ArrayList<>();

    Tx(State start) {
        this.s = start;
    }

    public State state() {
        return s;
    }

    public List<Event> events() {
        return events;
    }

    public int step() {
        return s.step();
    }

    /** The kernel release this op runs on: what it has and which rules it follows. */
    public KernelRelease release() {
        return KernelRelease.of(s.profile());
    }

    /** The iommu core's rules of this release. */
    public CoreRules coreRules() {
        return release().core();
    }

    public void emit(Event e) {
        events.add(e);
    }

    // ---- savepoints -------------------------------------------------------------------------------------

    public record Savepoint(State state, int events) {
    }

    public Savepoint savepoint() {
        return new Savepoint(s, events.size());
    }

    public void rollback(Savepoint sp) {
        s = sp.state();
        events.subList(sp.events(), events.size()).clear();
    }

    // ---- iommufd objects --------------------------------------------------------------------------------

    public IommufdObject object(long id) {
        return s.object(id);
    }

    /** iommufd_get_object(ictx, id, type): ENOENT when absent or of another type. */
    public <T extends IommufdObject> T get(long id, Class<T> type, String what) {
        IommufdObject o = s.object(id);
        if (!type.isInstance(o)) {
            throw new KernelError(Errno.ENOENT, id + " is not " + what + (o == null ? " (no such object)" : " (it is " + o.type().label() + " " + id + ")"));
        }
        return type.cast(o);
    }

    public Idev idev(long id) {
        return get(id, Idev.class, "a device");
    }

    public Ioas ioas(long id) {
        return get(id, Ioas.class, "an IOAS");
    }

    public HwptPaging hwptPaging(int id) {
        return (HwptPaging) s.objects().get(id);
    }

    /** xa_alloc with XA_FLAGS_ALLOC1 and xa_limit_31b: the lowest free ID from 1 (a tombstone's slot is not free). */
    public int allocId() {
        int id = 1;
        while (s.objects().containsKey(id) || s.tombstones().contains(id)) {
            id++;
        }
        return id;
    }

    /**
     * iommufd_object_tombstone_user(): the object's destroy has run (the caller did it); its slot keeps XA_ZERO_ENTRY,
     * so the ID stays taken and every lookup of it fails until the iommufd is closed.
     */
    public void tombstone(int id) {
        s = s.withTombstones(s.tombstones().plus(id));
        emit(new Event.ObjectTombstoned(id));
    }

    /**
     * iommufd_viommu_get_vdev_id(viommu, dev), the helper iommufd gives drivers: the virtual ID of the device's vDEVICE
     * in that vIOMMU, or null when it has none there.
     */
    public Long viommuVdevId(int viommuId, String device) {
        if (!(s.objects().get(viommuId) instanceof Viommu v)) {
            return null;
        }
        for (var e : v.vdevs().entrySet()) {
            if (s.objects().get(e.getValue()) instanceof Vdevice vd && vd.device().equals(device)) {
                return e.getKey();
            }
        }
        return null;
    }

    public void create(IommufdObject o, String detail) {
        s = s.withObjects(s.objects().plus(o.id(), o));
        emit(new Event.ObjectCreated(o.id(), o.type(), detail));
    }

    /** Replace an object's record; a users change becomes a RefcountChanged event. */
    public void put(IommufdObject o) {
        IommufdObject old = s.objects().get(o.id());
        if (old == null) {
            throw new IllegalStateException("put of unknown object " + o.id());
        }
        s = s.withObjects(s.objects().plus(o.id(), o));
        if (old.users() != o.users()) {
            emit(new Event.RefcountChanged(o.id(), o.type(), old.users(), o.users()));
        }
    }

    /** Adjust obj.users by delta. */
    public IommufdObject addUsers(int id, int delta) {
        IommufdObject o = s.objects().get(id).withUsers(s.objects().get(id).users() + delta);
        put(o);
        return o;
    }

    public void remove(int id) {
        IommufdObject o = s.objects().get(id);
        s = s.withObjects(s.objects().minus(id));
        emit(new Event.ObjectDestroyed(id, o.type()));
    }

    /** The HWPT_PAGING of a hwpt (itself, or a nested hwpt's parent): find_hwpt_paging(). */
    public HwptPaging findHwptPaging(int hwptId) {
        return s.hwptPaging(hwptId);
    }

    public int domainOfHwpt(int hwptId) {
        int d = s.hwptDomain(hwptId);
        if (d < 0) {
            throw new IllegalStateException(hwptId + " is not a hwpt");
        }
        return d;
    }

    // ---- igroups ----------------------------------------------------------------------------------------

    public IGroup igroup(int groupId) {
        return s.igroups().get(groupId);
    }

    public void putIgroup(IGroup g) {
        s = s.withIgroups(s.igroups().plus(g.groupId(), g));
    }

    public void removeIgroup(int groupId) {
        s = s.withIgroups(s.igroups().minus(groupId));
    }

    public void bindDevice(String device, int idevId) {
        s = s.withBoundDevices(s.boundDevices().plus(device, idevId));
    }

    public void unbindDevice(String device) {
        s = s.withBoundDevices(s.boundDevices().minus(device));
    }

    /** The VMM's record of the hwpt an idev is on (-1 clears it). */
    public void record(int idevId, int hwptId) {
        Integer old = s.recorded().get(idevId);
        if (hwptId < 0) {
            if (old != null) {
                s = s.withRecorded(s.recorded().minus(idevId));
                emit(new Event.RecordChanged(idevId, -1));
            }
        } else if (!Objects.equals(old, hwptId)) {
            s = s.withRecorded(s.recorded().plus(idevId, hwptId));
            emit(new Event.RecordChanged(idevId, hwptId));
        }
    }

    // ---- iommu core -------------------------------------------------------------------------------------

    public IommuGroup group(int id) {
        return s.groups().get(id);
    }

    /** Replace a group's record; domain and ownership changes become events. */
    public void putGroup(IommuGroup g) {
        IommuGroup old = s.groups().get(g.id());
        s = s.withGroups(s.groups().plus(g.id(), g));
        if (old.domain() != g.domain()) {
            // v2-patch can leave a group on a domain whose hwpt was destroyed: a freed paging domain
            Domain from = domain(old.domain());
            emit(new Event.GroupDomainChanged(g.id(), old.domain(), from == null ? DomainType.PAGING : from.type(), g.domain(),
                    domain(g.domain()).type(), g.domainCause()));
        }
        if (!Objects.equals(old.owner(), g.owner()) || old.ownerCnt() != g.ownerCnt()) {
            emit(new Event.OwnershipChanged(g.id(), g.owner(), g.ownerCnt()));
        }
        if (!old.pasidDomains().equals(g.pasidDomains())) {
            TreeSet<Integer> pasids = new TreeSet<>(old.pasidDomains().keySet());
            pasids.addAll(g.pasidDomains().keySet());
            for (int p : pasids) {
                if (old.pasidDomain(p) != g.pasidDomain(p)) {
                    emit(new Event.PasidDomainChanged(g.id(), p, old.pasidDomain(p), g.pasidDomain(p)));
                }
            }
        }
    }

    public Domain domain(int id) {
        return s.domains().get(id);
    }

    public int allocDomainId() {
        int id = s.nextDomainId();
        s = s.withDomains(s.domains(), id + 1);
        return id;
    }

    public void putDomain(Domain d) {
        boolean fresh = !s.domains().containsKey(d.id());
        s = s.withDomains(s.domains().plus(d.id(), d), s.nextDomainId());
        if (fresh) {
            emit(new Event.DomainAllocated(d.id(), d.type(), d.iommu()));
        }
    }

    public void freeDomain(int id) {
        s = s.withDomains(s.domains().minus(id), s.nextDomainId());
        emit(new Event.DomainFreed(id));
    }

    // ---- user memory ------------------------------------------------------------------------------------

    public UserMemory memory() {
        return s.memory();
    }

    public void setMemory(UserMemory m) {
        s = s.withMemory(m);
    }

    void setStep(int step) {
        s = s.withStep(step);
    }
}
