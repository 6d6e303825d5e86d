package org.iommuscope.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Access;
import org.iommuscope.engine.iommufd.Eventq;
import org.iommuscope.engine.iommufd.Fault;
import org.iommuscope.engine.iommufd.HwQueue;
import org.iommuscope.engine.iommufd.Vdevice;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.iommufd.Hwpt;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.KernelRelease;
import org.iommuscope.engine.iommufd.ObjType;
import org.iommuscope.engine.iommufd.PageRequest;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.ReservedOwner;
import org.iommuscope.engine.iopt.ReservedRange;

/**
 * The consistency rules of the merged kernel (iommufd-semantics.md §9), checked on a state. A violation
 * in a merged profile is an emulator bug. The v2-patch model breaks some of them by design; those are
 * the divergences the project exists to show, and {@link #check} reports them separately.
 *
 * <p>Each rule is about one object (an iommufd object, an igroup, an iommu group, an IOAS's iopt) and says
 * which changes select it. {@link #check(State)} runs every rule on every object; {@link #check(State, Step)}
 * runs only those that what the step touched selects ({@link Touched}), which after a step from a state
 * that kept every rule finds exactly what the full check finds, at a cost that does not grow with the
 * areas and pages the IOASes hold. A new rule joins by saying which touched objects select it.
 */
public final class Invariants {
    private Invariants() {
    }

    /** What a check found: bugs (must be empty) and, for v2-patch, the known-broken rules as divergences. */
    public record Report(List<String> violations, List<String> divergences) {
        public boolean ok() {
            return violations.isEmpty();
        }
    }

    /** Every rule on every object. */
    public static Report check(State s) {
        return check(s, Touched.everything());
    }

    /**
     * The rules that what {@code step} touched selects, on its state after; {@code before} is the state it was
     * applied to. When {@code before} kept every rule, this finds what {@link #check(State)} would.
     */
    public static Report check(State before, Step step) {
        return check(step.after(), Touched.between(before, step.after(), step.result().events()));
    }

    static Report check(State s, Touched t) {
        boolean v2 = !KernelRelease.of(s.profile()).has(KernelRelease.Rule.IGROUP_ATTACH);
        Findings f = new Findings(new ArrayList<>(), new ArrayList<>(), v2);
        // The PASID table, the page requests and the vIOMMU objects' rules are O(objects): run after every step
        // but one that only mapped or unmapped areas, which changes nothing they read.
        boolean areasOnly = t.areasOnly(s);
        List<IommufdObject> objects = new ArrayList<>(s.objects().values()); // walked once, read by each rule below
        for (IommufdObject o : objects) {
            if (o instanceof HwptPaging p && (t.object(p.id()) || t.object(p.ioas()))) {
                checkHwptPaging(s, p, f);
            }
        }
        if (!v2) {
            for (IGroup ig : s.igroups().values()) {
                if (t.igroup(ig.groupId()) || t.group(ig.groupId()) || t.object(ig.hwpt())) {
                    checkIgroup(s, ig, f);
                }
            }
        } else {
            for (IommufdObject o : objects) {
                if (o instanceof Idev i && i.hwpt() >= 0) {
                    if (t.object(i.id()) || t.object(i.hwpt()) || t.group(i.groupId())) {
                        checkV2Device(s, i, f);
                    }
                } else if (o instanceof HwptPaging p && (t.object(p.id()) || anyTouched(p.devices(), t))) {
                    checkV2DeviceList(s, p, f);
                }
            }
        }
        Set<Integer> idevGroups = v2 && !t.all() ? t.groupsOfTouchedIdevs(s) : Set.of();
        for (IommuGroup g : t.all() || t.domains().stream().anyMatch(d -> s.domain(d) == null) ? s.groups().values()
                : t.groupsSelected(s, idevGroups)) {
            if (t.group(g.id()) || t.igroup(g.id()) || t.domain(g.domain()) || idevGroups.contains(g.id())) {
                checkGroup(s, g, f);
            }
        }
        Map<Integer, Integer> expectedUsers = t.all() ? expectedUsers(s, v2) : null;
        Map<Integer, List<Area>> mappedAreas = new HashMap<>(); // per IOAS the step touched: the areas it mapped
        Set<Integer> usersOf = t.all() ? null : t.usersSelected(s);
        for (IommufdObject o : objects) {
            if (expectedUsers != null) {
                checkUsers(o, expectedUsers.get(o.id()), f);
            } else if (usersOf.contains(o.id())) {
                checkUsers(o, expectedUsers(s, v2, o.id()), f);
            }
            if (o instanceof Ioas ioas && (t.object(ioas.id()) || anyDomainTouched(ioas, t))) {
                AreaChanges changes = t.all() ? null : AreaChanges.of(t, ioas);
                if (changes != null) {
                    mappedAreas.put(ioas.id(), changes.added());
                }
                checkIopt(s, ioas, changes, f);
            }
        }
        if (!v2) {
            for (IGroup ig : s.igroups().values()) {
                if (ig.hwpt() >= 0 && (t.igroup(ig.groupId()) || deviceRegionsTouched(s, ig, t))) {
                    checkDeviceRegions(s, ig, f);
                }
            }
            if (!areasOnly) {
                checkPasidTable(s, f.violations());
            }
        }
        for (Domain d : t.all() ? s.domains().values() : touchedDomains(s, t)) {
            checkDirtyBits(s, d, f.violations());
        }
        if (!areasOnly) {
            checkPageRequests(s, f.violations());
            VirtualInvariants.check(s, f.violations());
        }
        for (IommufdObject o : objects) {
            if (o instanceof Ioas ioas && (t.all() || t.object(ioas.id()))) {
                VirtualInvariants.checkAreaLocks(s, ioas, t.before(), mappedAreas.getOrDefault(ioas.id(), List.of()), f.violations());
            }
        }
        return new Report(f.violations(), f.divergences());
    }

    /**
     * The references each object should count in obj.users: the xarray's (and the binding driver's for a
     * device), one per hwpt_paging on an IOAS, per nested hwpt on its parent, and per attached device on its
     * hwpt and on itself (igroup's list, or v2's idev->hwpt).
     */
    private static Map<Integer, Integer> expectedUsers(State s, boolean v2) {
        Map<Integer, Integer> expected = new HashMap<>();
        for (IommufdObject o : s.objects().values()) {
            expected.put(o.id(), ownUsers(o));
        }
        for (IommufdObject o : s.objects().values()) {
            held(o, held -> expected.merge(held, 1, Integer::sum));
            if (v2 && o instanceof Idev i && i.hwpt() >= 0) {
                expected.merge(i.hwpt(), 1, Integer::sum);
                expected.merge(i.id(), 1, Integer::sum);
            }
        }
        if (!v2) {
            for (IGroup ig : s.igroups().values()) {
                for (IGroup.Attach a : ig.pasidAttach().values()) {
                    for (int d : a.devices()) {
                        expected.merge(a.hwpt(), 1, Integer::sum);
                        expected.merge(d, 1, Integer::sum);
                    }
                }
            }
        }
        return expected;
    }

    /** The same count for one object, without a map of all of them. */
    private static int expectedUsers(State s, boolean v2, int id) {
        int[] n = {ownUsers(s.objects().get(id))};
        IntConsumer count = held -> n[0] += held == id ? 1 : 0;
        for (IommufdObject o : s.objects().values()) {
            held(o, count);
            if (v2 && o instanceof Idev i && i.hwpt() >= 0) {
                n[0] += (i.hwpt() == id ? 1 : 0) + (i.id() == id ? 1 : 0);
            }
        }
        if (!v2) {
            for (IGroup ig : s.igroups().values()) {
                for (IGroup.Attach a : ig.pasidAttach().values()) {
                    for (int d : a.devices()) {
                        n[0] += (a.hwpt() == id ? 1 : 0) + (d == id ? 1 : 0);
                    }
                }
            }
        }
        return n[0];
    }

    /**
     * The references an object holds on itself: the xarray's, plus the binding driver's (a device), the open fd's (a
     * fault, a vEVENTQ) or the creator's (an internal access).
     */
    private static int ownUsers(IommufdObject o) {
        return switch (o.type()) {
            case DEVICE, ACCESS -> 2;
            case FAULT, VEVENTQ -> ((Eventq) o).fdOpen() ? 2 : 1;
            default -> 1;
        };
    }

    /**
     * The objects this one holds a users reference on (the v2 patch's idev->hwpt and the attach lists aside): a hwpt's
     * fault object; a paging hwpt's IOAS; a nested hwpt's vIOMMU, or its parent; a vIOMMU's nesting parent; a vDEVICE's
     * vIOMMU and (v6.17+) its idev; a vEVENTQ's vIOMMU; a HW queue's vIOMMU and the queue it depends on; an internal
     * access's IOAS.
     */
    static void held(IommufdObject o, IntConsumer out) {
        if (o instanceof Hwpt h && h.fault() >= 0) {
            out.accept(h.fault());
        }
        if (o instanceof HwptPaging p) {
            out.accept(p.ioas());
        } else if (o instanceof HwptNested n) {
            out.accept(n.holds());
        } else if (o instanceof Viommu v) {
            out.accept(v.hwpt());
        } else if (o instanceof Vdevice v) {
            out.accept(v.viommu());
            if (v.holdsIdev()) {
                out.accept(v.idev());
            }
        } else if (o instanceof Veventq q) {
            out.accept(q.viommu());
        } else if (o instanceof HwQueue q) {
            out.accept(q.viommu());
            if (q.dependsOn() >= 0) {
                out.accept(q.dependsOn());
            }
        } else if (o instanceof Access a) {
            out.accept(a.ioas());
        }
    }

    /**
     * The domains whose records the step changed, and the domains of every IOAS it changed (the dirty rule
     * reads the IOAS's areas too), that still exist.
     */
    private static List<Domain> touchedDomains(State s, Touched t) {
        Set<Integer> ids = new TreeSet<>(t.domains());
        for (int id : t.objects()) {
            if (s.objects().get(id) instanceof Ioas ioas) {
                ids.addAll(ioas.iopt().domains());
            }
        }
        List<Domain> out = new ArrayList<>();
        for (int id : ids) {
            Domain d = s.domain(id);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private static boolean anyTouched(Iterable<Integer> ids, Touched t) {
        for (int id : ids) {
            if (t.object(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyDomainTouched(Ioas ioas, Touched t) {
        for (int d : ioas.iopt().domains()) {
            if (t.domain(d)) {
                return true;
            }
        }
        return false;
    }

    /** Where a rule's finding goes: a violation, or for the rules v2-patch breaks by design, a divergence there. */
    private record Findings(List<String> violations, List<String> divergences, boolean v2) {
        void violation(String s) {
            violations.add(s);
        }

        /** A rule about groups and refcounts: the ones the v2 patch breaks by design. */
        void groupRule(String s) {
            (v2 ? divergences : violations).add(s);
        }
    }

    // ---- rules, one object each -------------------------------------------------------------------------

    /** The hwpt's IOAS exists, lists it exactly when its domain is in the iopt (v2: exactly while devices are on it). */
    private static void checkHwptPaging(State s, HwptPaging p, Findings f) {
        Ioas ioas = (Ioas) s.objects().get(p.ioas());
        if (ioas == null) {
            f.violation("hwpt " + p.id() + " names a missing ioas " + p.ioas());
        } else if (ioas.hwptList().contains(p.id()) != ioas.iopt().domains().contains(p.domain())) {
            f.violation("hwpt " + p.id() + ": listed in ioas " + p.ioas() + " xor its domain is in the iopt");
        } else if (f.v2() && ioas.hwptList().contains(p.id()) == p.devices().isEmpty()) {
            // 08/10 as posted: the domain joins the IOAS at the first attach and leaves at the last detach
            f.violation("hwpt " + p.id() + " has " + p.devices().size() + " device(s) on its list, yet its domain is "
                    + (p.devices().isEmpty() ? "" : "not ") + "in ioas " + p.ioas());
        }
    }

    /** igroup->hwpt is set exactly while devices are attached, and the group is on that hwpt's domain. */
    private static void checkIgroup(State s, IGroup ig, Findings f) {
        IommuGroup g = s.group(ig.groupId());
        if ((ig.hwpt() >= 0) != !ig.devices().isEmpty()) {
            f.groupRule("igroup " + ig.groupId() + ": hwpt " + ig.hwpt() + " with " + ig.devices().size() + " attached device(s)");
        }
        if (ig.hwpt() >= 0) {
            int dom = s.hwptDomain(ig.hwpt());
            if (g.domain() != dom) {
                f.groupRule("group " + g.id() + " is on domain " + g.domain() + " but igroup->hwpt " + ig.hwpt() + " has domain " + dom);
            }
        }
    }

    /**
     * v2-patch: idev->hwpt and hwpt->devices agree (a violation if not); the group is on idev->hwpt's domain
     * (the rule v2 breaks by design: a divergence).
     */
    private static void checkV2Device(State s, Idev i, Findings f) {
        if (!(s.objects().get(i.hwpt()) instanceof HwptPaging p) || !p.devices().contains(i.id())) {
            f.violation("idev " + i.id() + "'s idev->hwpt is " + i.hwpt() + ", whose devices list does not hold it");
            return;
        }
        IommuGroup g = s.group(i.groupId());
        if (g.domain() != p.domain()) {
            f.groupRule("idev " + i.id() + "'s idev->hwpt is hwpt " + p.id() + " (domain " + p.domain() + ") but group "
                    + g.id() + " is on domain " + g.domain());
        }
    }

    /** v2-patch: every idev on hwpt->devices has idev->hwpt pointing back. */
    private static void checkV2DeviceList(State s, HwptPaging p, Findings f) {
        for (int d : p.devices()) {
            if (!(s.objects().get(d) instanceof Idev i) || i.hwpt() != p.id()) {
                f.violation("hwpt " + p.id() + " lists idev " + d + ", whose idev->hwpt is not hwpt " + p.id());
            }
        }
    }

    /** An owned group with nothing attached is blocked; an unowned one is on its default domain; a group's domain exists. */
    private static void checkGroup(State s, IommuGroup g, Findings f) {
        IGroup ig = s.igroups().get(g.id());
        boolean unattached = f.v2() ? noV2Attachment(s, g) : ig == null || ig.hwpt() < 0;
        if (g.owner() != null && unattached && g.domain() != g.blockingDomain()) {
            f.groupRule("group " + g.id() + " is owned by " + g.owner() + ", nothing is attached, yet it is on domain " + g.domain());
        }
        if (g.owner() == null && g.domain() != g.defaultDomain()) {
            f.violation("group " + g.id() + " has no owner but is on domain " + g.domain() + ", not its default " + g.defaultDomain());
        }
        if (s.domain(g.domain()) == null) {
            f.groupRule("group " + g.id() + " is on domain " + g.domain() + ", which was freed");
        }
    }

    private static boolean noV2Attachment(State s, IommuGroup g) {
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Idev i && i.groupId() == g.id() && i.hwpt() >= 0) {
                return false;
            }
        }
        return true;
    }

    /** obj.users adds up to the references held on the object (the xarray's, the binding driver's, each user's). */
    private static void checkUsers(IommufdObject o, int expected, Findings f) {
        if (o.users() != expected) {
            f.groupRule(o.type().label() + " " + o.id() + " has users " + o.users() + ", its references add up to " + expected);
        }
    }

    /**
     * Every area is mapped in every domain of its IOAS; each domain's aperture complement is reserved.
     * Incrementally, a domain that was already in the IOAS is checked through what the step did to it: its
     * mapped bytes must move by exactly the bytes of the areas the step's events say it mapped and unmapped,
     * the areas it mapped must translate, and the area count must move by the count of those events. When all
     * of that holds the other areas are as they were; when any does not, or the domain is new to the IOAS,
     * the domain is checked against every area, as the full check does.
     */
    private static void checkIopt(State s, Ioas ioas, AreaChanges changes, Findings f) {
        Long areaBytes = null;
        for (int d : ioas.iopt().domains()) {
            Domain dom = s.domain(d);
            if (dom == null) {
                f.violation("ioas " + ioas.id() + " lists freed domain " + d);
                continue;
            }
            boolean kept = changes != null && changes.keptIn(dom);
            if (!kept) {
                if (areaBytes == null) {
                    areaBytes = areaBytes(ioas);
                }
                checkIoptDomain(ioas, dom, areaBytes, f);
            }
            if (kept && !changes.reservedChanged()) {
                continue; // its aperture and the IOAS's reserved ranges are as they were
            }
            ReservedOwner owner = new ReservedOwner.Domain(d);
            if (dom.apertureStart() != 0 && !hasReserved(ioas, 0, dom.apertureStart() - 1, owner)) {
                f.violation("ioas " + ioas.id() + " lacks domain " + d + "'s reserved range below its aperture");
            }
            if (dom.apertureLast() != Unsigned.MAX && !hasReserved(ioas, dom.apertureLast() + 1, Unsigned.MAX, owner)) {
                f.violation("ioas " + ioas.id() + " lacks domain " + d + "'s reserved range above its aperture");
            }
        }
    }

    /** One domain against every area of its IOAS: O(areas). */
    private static void checkIoptDomain(Ioas ioas, Domain dom, long areaBytes, Findings f) {
        if (dom.pageTable().mappedBytes() != areaBytes) {
            f.violation("domain " + dom.id() + " maps " + dom.pageTable().mappedBytes() + " bytes, ioas " + ioas.id()
                    + "'s areas hold " + areaBytes);
        }
        for (Area a : ioas.iopt().areas().values()) {
            if (!mapped(dom, a)) {
                f.violation("area " + Unsigned.hex(a.iova()) + " of ioas " + ioas.id() + " is not mapped in domain " + dom.id());
                break;
            }
        }
    }

    private static boolean mapped(Domain dom, Area a) {
        return dom.pageTable().translatesBoth(a.iova(), a.last());
    }

    private static long areaBytes(Ioas ioas) {
        long bytes = 0;
        for (Area a : ioas.iopt().areas().values()) {
            bytes += a.length();
        }
        return bytes;
    }

    /**
     * What a step did to one IOAS's areas, as its events declare it and as the area trees' sizes confirm.
     *
     * @param before the IOAS before the step, or null when it is new
     * @param added  the areas the step mapped (every area its events name as mapped that the IOAS holds)
     * @param sound  every event names an area as it is, and their count matches the change in the number of areas
     */
    private record AreaChanges(State beforeState, Ioas before, Ioas after, List<Area> added, long byteDelta, boolean sound) {

        static AreaChanges of(Touched t, Ioas after) {
            Ioas before = t.before().objects().get(after.id()) instanceof Ioas i ? i : null;
            List<Area> mapped = new ArrayList<>();
            long delta = 0;
            int count = 0;
            boolean sound = before != null;
            for (Event e : t.events()) {
                if (e instanceof Event.AreaMapped m && m.ioas() == after.id()) {
                    Area a = after.iopt().areas().get(m.first());
                    if (a != null) {
                        mapped.add(a);
                        delta += a.length();
                    }
                    sound &= a != null && a.last() == m.last();
                    count++;
                } else if (e instanceof Event.AreaUnmapped u && u.ioas() == after.id()) {
                    sound &= before != null && !after.iopt().areas().containsKey(u.first());
                    delta -= u.last() - u.first() + 1;
                    count--;
                }
            }
            sound &= before != null && after.iopt().areas().size() - before.iopt().areas().size() == count;
            return new AreaChanges(t.before(), before, after, mapped, delta, sound);
        }

        /** The IOAS's reserved ranges are not the same instance as before the step (or it is new). */
        boolean reservedChanged() {
            return before == null || before.iopt().reserved() != after.iopt().reserved();
        }

        /**
         * The domain was in this IOAS before the step and the step's changes account for every difference in
         * it: then every area the step did not touch is still mapped there, as it was.
         */
        boolean keptIn(Domain now) {
            if (!sound || !before.iopt().domains().contains(now.id())) {
                return false;
            }
            Domain then = beforeState.domain(now.id());
            if (then == null) {
                return false;
            }
            if (then.pageTable().mappedBytes() + byteDelta != now.pageTable().mappedBytes()) {
                return false;
            }
            for (Area a : added) {
                if (!mapped(now, a)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Each attached device's reserved regions are reserved, owned by it, in the IOAS of its group's hwpt. */
    private static void checkDeviceRegions(State s, IGroup ig, Findings f) {
        HwptPaging paging = s.hwptPaging(ig.hwpt());
        if (paging == null) {
            return;
        }
        Ioas ioas = (Ioas) s.objects().get(paging.ioas());
        for (int d : ig.devices()) {
            PciDevice dev = s.topology().device(((Idev) s.objects().get(d)).device()).orElseThrow();
            for (ReservedRegion r : dev.reserved()) {
                if (r.type() != ResvType.DIRECT_RELAXABLE && !hasReserved(ioas, r.start(), r.last(), new ReservedOwner.Device(dev.name()))) {
                    f.violation("ioas " + ioas.id() + " lacks reserved [" + Unsigned.hex(r.start()) + ", " + Unsigned.hex(r.last())
                            + "] of attached " + dev.name());
                }
            }
        }
    }

    /** The rule reads the igroup, its hwpt, that hwpt's IOAS's reserved ranges, and its devices. */
    private static boolean deviceRegionsTouched(State s, IGroup ig, Touched t) {
        HwptPaging paging = s.hwptPaging(ig.hwpt());
        return t.object(ig.hwpt()) || paging != null && (t.object(paging.id()) || t.reservedChanged(s, paging.ioas()))
                || anyTouched(ig.devices(), t);
    }

    private static boolean hasReserved(Ioas ioas, long start, long last, ReservedOwner owner) {
        return ioas.iopt().reserved().contains(new ReservedRange(start, last, owner));
    }

    /**
     * The PASID table is consistent with the group: every PASID slot of an igroup (other than the RID) has
     * attached devices, a live hwpt allocated with IOMMU_HWPT_ALLOC_PASID, and the iommu core has the group's
     * devices on that hwpt's domain at that PASID, and nothing else; the RID is PASID-compatible while any PASID is
     * attached; VFIO's per-device PASID record names exactly the PASIDs the idev is attached at.
     */
    static void checkPasidTable(State s, List<String> v) {
        for (IommuGroup g : s.groups().values()) {
            IGroup ig = s.igroups().get(g.id());
            for (Map.Entry<Integer, Integer> e : g.pasidDomains().entrySet()) {
                IGroup.Attach a = ig == null ? null : ig.attach(e.getKey());
                if (a == null || s.hwptDomain(a.hwpt()) != e.getValue()) {
                    v.add("group " + g.id() + " PASID " + e.getKey() + " is on domain " + e.getValue() + ", which no igroup PASID slot holds");
                }
            }
        }
        for (IGroup ig : s.igroups().values()) {
            IommuGroup g = s.group(ig.groupId());
            boolean anyPasid = false;
            for (Map.Entry<Integer, IGroup.Attach> e : ig.pasidAttach().entrySet()) {
                int pasid = e.getKey();
                IGroup.Attach a = e.getValue();
                if (a.devices().isEmpty()) {
                    v.add("igroup " + ig.groupId() + " PASID " + pasid + " has hwpt " + a.hwpt() + " and no device");
                }
                if (!(s.objects().get(a.hwpt()) instanceof Hwpt h)) {
                    v.add("igroup " + ig.groupId() + " PASID " + pasid + " names hwpt " + a.hwpt() + ", which does not exist");
                    continue;
                }
                if (pasid == IGroup.NO_PASID) {
                    continue;
                }
                anyPasid = true;
                if (!h.pasidCompat()) {
                    v.add("igroup " + ig.groupId() + " PASID " + pasid + " is on hwpt " + h.id() + ", which is not PASID-compatible");
                }
                if (g.pasidDomain(pasid) != h.domain()) {
                    v.add("igroup " + ig.groupId() + " PASID " + pasid + " is on hwpt " + h.id() + " (domain " + h.domain()
                            + ") but the group's PASID " + pasid + " is on domain " + g.pasidDomain(pasid));
                }
            }
            if (anyPasid && ig.hwpt() >= 0 && s.objects().get(ig.hwpt()) instanceof Hwpt rid && !rid.pasidCompat()) {
                v.add("igroup " + ig.groupId() + " has PASIDs attached while its RID is on hwpt " + rid.id() + ", which is not PASID-compatible");
            }
        }
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Idev i) {
                IGroup ig = s.igroups().get(i.groupId());
                for (int pasid : i.vfioPasids()) {
                    IGroup.Attach a = ig == null ? null : ig.attach(pasid);
                    if (a == null || !a.devices().contains(i.id())) {
                        v.add("idev " + i.id() + "'s VFIO PASID record holds " + pasid + ", where it is not attached");
                    }
                }
            }
        }
    }

    /**
     * Dirty bits only within mapped areas: a domain has dirty leaves only if it can track them, each dirty leaf is
     * a PTE of its table, and for a paging domain in an IOAS each lies inside an area of that IOAS. A domain's
     * dirty leaves and page table change only with its record, so only the domains a step touched are looked at.
     */
    static void checkDirtyBits(State s, Domain d, List<String> v) {
        List<IoPageTable.DirtyLeaf> leaves = d.pageTable().dirtyLeaves();
        if (leaves.isEmpty()) {
            return;
        }
        if (!d.dirtyTracking()) {
            v.add("domain " + d.id() + " has dirty pages but no dirty tracking");
        }
        Ioas ioas = null;
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof HwptPaging p && p.domain() == d.id()) {
                ioas = (Ioas) s.objects().get(p.ioas());
            }
        }
        for (IoPageTable.DirtyLeaf leaf : leaves) {
            var t = d.pageTable().translate(leaf.iova());
            if (t.isEmpty() || t.get().pgsize() != leaf.size() || d.pageTable().translate(leaf.last()).isEmpty()) {
                v.add("domain " + d.id() + " has a dirty leaf [" + Unsigned.hex(leaf.iova()) + ", " + Unsigned.hex(leaf.last()) + "] that is not one of its PTEs");
            }
            if (ioas != null && !insideArea(ioas, leaf.iova(), leaf.last())) {
                v.add("domain " + d.id() + " has a dirty leaf [" + Unsigned.hex(leaf.iova()) + ", " + Unsigned.hex(leaf.last())
                        + "] outside every area of ioas " + ioas.id());
            }
        }
    }

    private static boolean insideArea(Ioas ioas, long first, long last) {
        for (Area a : ioas.iopt().areasIntersecting(first, last)) {
            if (Unsigned.le(a.iova(), first) && Unsigned.ge(a.last(), last)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A pending page request belongs to a live attachment: its hwpt carries this fault object, and the group is
     * still attached at the request's PASID to that hwpt (detach and replace answer the requests they end).
     */
    static void checkPageRequests(State s, List<String> v) {
        for (IommufdObject o : s.objects().values()) {
            if (!(o instanceof Fault f)) {
                continue;
            }
            for (PageRequest r : f.pending()) {
                if (!(s.objects().get(r.hwpt()) instanceof Hwpt h) || h.fault() != f.id()) {
                    v.add("fault " + f.id() + " holds a page request through hwpt " + r.hwpt() + ", which does not deliver to it");
                    continue;
                }
                IGroup ig = s.igroups().get(r.group());
                IGroup.Attach a = ig == null ? null : ig.attach(r.pasid());
                if (a == null || a.hwpt() != r.hwpt()) {
                    v.add("fault " + f.id() + " holds a page request of group " + r.group() + " PASID " + r.pasid()
                            + ", which is no longer attached to hwpt " + r.hwpt());
                }
            }
        }
    }
}
