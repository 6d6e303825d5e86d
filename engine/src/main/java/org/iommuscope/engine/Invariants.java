package org.iommuscope.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Fault;
import org.iommuscope.engine.iommufd.Hwpt;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.KernelRelease;
import org.iommuscope.engine.iommufd.PageRequest;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.ReservedOwner;
import org.iommuscope.engine.iopt.ReservedRange;

/**
 * The consistency rules of the merged kernel (iommufd-semantics.md §9), checked on a state. A violation
 * in a merged profile is an emulator bug. The v2-patch model breaks some of them by design; those are
 * the divergences the project exists to show, and {@link #check} reports them separately.
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

    public static Report check(State s) {
        List<String> v = new ArrayList<>();
        List<String> kernelModelDivergence = new ArrayList<>();
        boolean v2 = !KernelRelease.of(s.profile()).has(KernelRelease.Rule.IGROUP_ATTACH);
        List<String> groupRules = v2 ? kernelModelDivergence : v;
        Map<Integer, Integer> expectedUsers = new HashMap<>();
        for (IommufdObject o : s.objects().values()) {
            expectedUsers.put(o.id(), switch (o.type()) {
                case DEVICE -> 2;
                case FAULT -> ((Fault) o).fdOpen() ? 2 : 1;
                default -> 1;
            });
        }
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Hwpt h && h.fault() >= 0) {
                expectedUsers.merge(h.fault(), 1, Integer::sum);
            }
        }
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof HwptPaging p) {
                expectedUsers.merge(p.ioas(), 1, Integer::sum);
                Ioas ioas = (Ioas) s.objects().get(p.ioas());
                if (ioas == null) {
                    v.add("hwpt " + p.id() + " names a missing ioas " + p.ioas());
                } else if (ioas.hwptList().contains(p.id()) != ioas.iopt().domains().contains(p.domain())) {
                    v.add("hwpt " + p.id() + ": listed in ioas " + p.ioas() + " xor its domain is in the iopt");
                } else if (v2 && ioas.hwptList().contains(p.id()) == p.devices().isEmpty()) {
                    // 08/10 as posted: the domain joins the IOAS at the first attach and leaves at the last detach
                    v.add("hwpt " + p.id() + " has " + p.devices().size() + " device(s) on its list, yet its domain is "
                            + (p.devices().isEmpty() ? "" : "not ") + "in ioas " + p.ioas());
                }
            } else if (o instanceof HwptNested n) {
                expectedUsers.merge(n.parent(), 1, Integer::sum);
            }
        }
        if (!v2) {
            for (IGroup ig : s.igroups().values()) {
                IommuGroup g = s.group(ig.groupId());
                if ((ig.hwpt() >= 0) != !ig.devices().isEmpty()) {
                    groupRules.add("igroup " + ig.groupId() + ": hwpt " + ig.hwpt() + " with " + ig.devices().size() + " attached device(s)");
                }
                if (ig.hwpt() >= 0) {
                    int dom = s.hwptDomain(ig.hwpt());
                    if (g.domain() != dom) {
                        groupRules.add("group " + g.id() + " is on domain " + g.domain() + " but igroup->hwpt " + ig.hwpt() + " has domain " + dom);
                    }
                }
                for (IGroup.Attach a : ig.pasidAttach().values()) {
                    for (int d : a.devices()) {
                        expectedUsers.merge(a.hwpt(), 1, Integer::sum);
                        expectedUsers.merge(d, 1, Integer::sum);
                    }
                }
            }
        } else {
            for (IommufdObject o : s.objects().values()) {
                if (o instanceof Idev i && i.hwpt() >= 0) {
                    expectedUsers.merge(i.hwpt(), 1, Integer::sum);
                    expectedUsers.merge(i.id(), 1, Integer::sum);
                    checkV2Device(s, i, v, groupRules);
                } else if (o instanceof HwptPaging p) {
                    for (int d : p.devices()) {
                        if (!(s.objects().get(d) instanceof Idev i) || i.hwpt() != p.id()) {
                            v.add("hwpt " + p.id() + " lists idev " + d + ", whose idev->hwpt is not hwpt " + p.id());
                        }
                    }
                }
            }
        }
        for (IommuGroup g : s.groups().values()) {
            IGroup ig = s.igroups().get(g.id());
            boolean unattached = v2 ? noV2Attachment(s, g) : ig == null || ig.hwpt() < 0;
            if (g.owner() != null && unattached && g.domain() != g.blockingDomain()) {
                groupRules.add("group " + g.id() + " is owned by " + g.owner() + ", nothing is attached, yet it is on domain " + g.domain());
            }
            if (g.owner() == null && g.domain() != g.defaultDomain()) {
                v.add("group " + g.id() + " has no owner but is on domain " + g.domain() + ", not its default " + g.defaultDomain());
            }
            if (s.domain(g.domain()) == null) {
                groupRules.add("group " + g.id() + " is on domain " + g.domain() + ", which was freed");
            }
        }
        for (IommufdObject o : s.objects().values()) {
            int want = expectedUsers.get(o.id());
            if (o.users() != want) {
                (v2 ? kernelModelDivergence : v).add(o.type().label() + " " + o.id() + " has users " + o.users() + ", its references add up to " + want);
            }
            if (o instanceof Ioas ioas) {
                checkIopt(s, ioas, v);
            }
        }
        if (!v2) {
            checkDeviceRegions(s, v);
            checkPasidTable(s, v);
        }
        checkDirtyBits(s, v);
        checkPageRequests(s, v);
        return new Report(v, kernelModelDivergence);
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
     * a PTE of its table, and for a paging domain in an IOAS each lies inside an area of that IOAS.
     */
    static void checkDirtyBits(State s, List<String> v) {
        for (Domain d : s.domains().values()) {
            List<IoPageTable.DirtyLeaf> leaves = d.pageTable().dirtyLeaves();
            if (leaves.isEmpty()) {
                continue;
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

    /**
     * v2-patch: idev->hwpt and hwpt->devices agree (a violation if not); the group is on idev->hwpt's domain
     * (the rule v2 breaks by design: a divergence).
     */
    private static void checkV2Device(State s, Idev i, List<String> v, List<String> groupRules) {
        if (!(s.objects().get(i.hwpt()) instanceof HwptPaging p) || !p.devices().contains(i.id())) {
            v.add("idev " + i.id() + "'s idev->hwpt is " + i.hwpt() + ", whose devices list does not hold it");
            return;
        }
        IommuGroup g = s.group(i.groupId());
        if (g.domain() != p.domain()) {
            groupRules.add("idev " + i.id() + "'s idev->hwpt is hwpt " + p.id() + " (domain " + p.domain() + ") but group "
                    + g.id() + " is on domain " + g.domain());
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

    /** Every area is mapped in every domain of its IOAS; each domain's aperture complement is reserved. */
    private static void checkIopt(State s, Ioas ioas, List<String> v) {
        long areaBytes = 0;
        for (Area a : ioas.iopt().areas().values()) {
            areaBytes += a.length();
        }
        for (int d : ioas.iopt().domains()) {
            Domain dom = s.domain(d);
            if (dom == null) {
                v.add("ioas " + ioas.id() + " lists freed domain " + d);
                continue;
            }
            if (dom.pageTable().mappedBytes() != areaBytes) {
                v.add("domain " + d + " maps " + dom.pageTable().mappedBytes() + " bytes, ioas " + ioas.id() + "'s areas hold " + areaBytes);
            }
            for (Area a : ioas.iopt().areas().values()) {
                if (dom.pageTable().translate(a.iova()).isEmpty() || dom.pageTable().translate(a.last()).isEmpty()) {
                    v.add("area " + Unsigned.hex(a.iova()) + " of ioas " + ioas.id() + " is not mapped in domain " + d);
                    break;
                }
            }
            ReservedOwner owner = new ReservedOwner.Domain(d);
            if (dom.apertureStart() != 0 && !hasReserved(ioas, 0, dom.apertureStart() - 1, owner)) {
                v.add("ioas " + ioas.id() + " lacks domain " + d + "'s reserved range below its aperture");
            }
            if (dom.apertureLast() != Unsigned.MAX && !hasReserved(ioas, dom.apertureLast() + 1, Unsigned.MAX, owner)) {
                v.add("ioas " + ioas.id() + " lacks domain " + d + "'s reserved range above its aperture");
            }
        }
    }

    /** Each attached device's reserved regions are reserved, owned by it, in the IOAS of its group's hwpt. */
    private static void checkDeviceRegions(State s, List<String> v) {
        for (IGroup ig : s.igroups().values()) {
            if (ig.hwpt() < 0) {
                continue;
            }
            HwptPaging paging = s.hwptPaging(ig.hwpt());
            if (paging == null) {
                continue;
            }
            Ioas ioas = (Ioas) s.objects().get(paging.ioas());
            for (int d : ig.devices()) {
                PciDevice dev = s.topology().device(((Idev) s.objects().get(d)).device()).orElseThrow();
                for (ReservedRegion r : dev.reserved()) {
                    if (r.type() != ResvType.DIRECT_RELAXABLE && !hasReserved(ioas, r.start(), r.last(), new ReservedOwner.Device(dev.name()))) {
                        v.add("ioas " + ioas.id() + " lacks reserved [" + Unsigned.hex(r.start()) + ", " + Unsigned.hex(r.last()) + "] of attached " + dev.name());
                    }
                }
            }
        }
    }

    private static boolean hasReserved(Ioas ioas, long start, long last, ReservedOwner owner) {
        return ioas.iopt().reserved().contains(new ReservedRange(start, last, owner));
    }
}
