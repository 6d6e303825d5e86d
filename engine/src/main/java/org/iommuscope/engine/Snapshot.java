package org.iommuscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.TreeMap;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.iommufd.AttachModel;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Fault;
import org.iommuscope.engine.iommufd.HwQueue;
import org.iommuscope.engine.iommufd.Vdevice;
import org.iommuscope.engine.iommufd.Vevent;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.iommufd.KernelRelease;
import org.iommuscope.engine.iommufd.PageRequest;
import org.iommuscope.engine.iopt.IovaRange;

/**
 * Questions asked of a state: which hwpt a group is really on, what each idev's record says, which idevs
 * have diverged and which translate implicitly. Derived on demand, never stored.
 */
public final class Snapshot {
    private final State s;
    private final AttachModel model;

    public Snapshot(State s) {
        this.s = s;
        this.model = AttachModel.of(s.profile());
    }

    public State state() {
        return s;
    }

    /** The hwpt whose domain the group is on, or -1 for a core domain. */
    public int groupHwpt(int groupId) {
        IommuGroup g = s.group(groupId);
        return hwptOfDomain(g.domain());
    }

    /** The hwpt owning a domain, or -1. */
    public int hwptOfDomain(int domainId) {
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof HwptPaging p && p.domain() == domainId) {
                return p.id();
            }
            if (o instanceof HwptNested n && n.domain() == domainId) {
                return n.id();
            }
        }
        return -1;
    }

    /**
     * "hwpt N", or the core domain's kind: blocking, default (a DMA-API default domain) or identity (an
     * identity default domain); "domain N" for a paging domain no hwpt owns any more (v2-patch can leave one).
     */
    public String groupDomainLabel(int groupId) {
        IommuGroup g = s.group(groupId);
        Domain d = s.domain(g.domain());
        if (d == null) {
            return "domain " + g.domain(); // freed under the group (v2-patch)
        }
        return switch (d.type()) {
            case BLOCKED -> "blocking";
            case DMA -> "default";
            case IDENTITY -> "identity";
            default -> {
                int h = hwptOfDomain(d.id());
                yield h >= 0 ? "hwpt " + h : "domain " + d.id();
            }
        };
    }

    /** The record of the hwpt an idev is on, or -1: v2-patch's idev->hwpt, else the pt_id last returned. */
    public int recorded(int idevId) {
        IommufdObject o = s.objects().get(idevId);
        if (!(o instanceof Idev idev)) {
            return -1;
        }
        if (!model.recordsReturnedPtId()) {
            // the model's own per-device record is what software above believes (v2-patch: idev->hwpt)
            return model.kernelHwpt(s, idev);
        }
        Integer r = s.recorded().get(idevId);
        return r == null ? -1 : r;
    }

    /**
     * The idevs the kernel itself considers attached to a hwpt, in its own list order: at the RID or at any PASID
     * (each idev once).
     */
    public List<Integer> attached(int hwptId) {
        IommufdObject o = s.objects().get(hwptId);
        if (!model.release().has(KernelRelease.Rule.IGROUP_ATTACH)) {
            if (o instanceof HwptPaging p) {
                return new ArrayList<>(p.devices());
            }
            if (o instanceof HwptNested n) {
                return new ArrayList<>(n.devices());
            }
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (IGroup ig : s.igroups().values()) {
            for (IGroup.Attach a : ig.pasidAttach().values()) {
                if (a.hwpt() == hwptId) {
                    a.devices().stream().filter(d -> !out.contains(d)).forEach(out::add);
                }
            }
        }
        return out;
    }

    /** Each PASID the idev is attached at (0: the RID) with its hwpt, in the kernel's view: the inspector's PASID table. */
    public SortedMap<Integer, Integer> pasids(Idev idev) {
        return model.kernelPasids(s, idev);
    }

    /**
     * The dirty runs recorded in a hwpt's domain now: its dirty leaf PTEs, adjacent ones merged, in IOVA order
     * (what the IOAS bar lights). Empty for a hwpt whose domain tracks nothing, or an ID that is no hwpt.
     */
    public List<IovaRange> dirtyRuns(int hwptId) {
        int d = s.hwptDomain(hwptId);
        Domain dom = d < 0 ? null : s.domain(d);
        List<IovaRange> out = new ArrayList<>();
        if (dom == null) {
            return out;
        }
        for (IoPageTable.DirtyLeaf leaf : dom.pageTable().dirtyLeaves()) {
            IovaRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.last() + 1 == leaf.iova()) {
                out.set(out.size() - 1, new IovaRange(last.first(), leaf.last()));
            } else {
                out.add(new IovaRange(leaf.iova(), leaf.last()));
            }
        }
        return out;
    }

    /** The page requests queued on a FAULT object and not yet answered, oldest first; empty for any other ID. */
    public List<PageRequest> pendingRequests(int faultId) {
        return s.objects().get(faultId) instanceof Fault f ? List.copyOf(f.pending()) : List.of();
    }

    // ---- the vIOMMU picture (iommufd.rst's third diagram) ------------------------------------------------

    /** Every vIOMMU, by ID. */
    public List<Viommu> viommus() {
        List<Viommu> out = new ArrayList<>();
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Viommu v) {
                out.add(v);
            }
        }
        return out;
    }

    /** The nesting parent a vIOMMU sits on (viommu->hwpt), or -1 for an ID that is no vIOMMU. */
    public int viommuParent(int viommuId) {
        return s.objects().get(viommuId) instanceof Viommu v ? v.hwpt() : -1;
    }

    /** A vIOMMU's vDEVICEs: virt_id → the idev it stands for (the guest's view of the devices); empty for any other ID. */
    public SortedMap<Long, Integer> vdevices(int viommuId) {
        SortedMap<Long, Integer> out = new TreeMap<>(Long::compareUnsigned);
        if (s.objects().get(viommuId) instanceof Viommu v) {
            v.vdevs().forEach((virtId, vdev) -> out.put(virtId, ((Vdevice) s.objects().get(vdev)).idev()));
        }
        return out;
    }

    /** The objects allocated on a vIOMMU, by ID: its nested hwpts, vDEVICEs, vEVENTQs and HW queues. */
    public List<IommufdObject> onViommu(int viommuId) {
        List<IommufdObject> out = new ArrayList<>();
        for (IommufdObject o : s.objects().values()) {
            boolean on = o instanceof HwptNested n && n.viommu() == viommuId || o instanceof Vdevice v && v.viommu() == viommuId
                    || o instanceof Veventq q && q.viommu() == viommuId || o instanceof HwQueue q && q.viommu() == viommuId;
            if (on) {
                out.add(o);
            }
        }
        return out;
    }

    /** The events waiting on a vEVENTQ, oldest first, and whether the lost-events header follows them. */
    public List<Vevent> pendingEvents(int veventqId) {
        return s.objects().get(veventqId) instanceof Veventq q ? List.copyOf(q.events()) : List.of();
    }

    /** IDs tombstoned (a vDEVICE destroyed with its device, v6.17+): taken, and naming nothing, until the iommufd closes. */
    public SortedSet<Integer> tombstones() {
        return new TreeSet<>(s.tombstones());
    }

    /**
     * What a DMA of the device at an IOVA would do now, without doing it: through a nested domain, the guest IOVA →
     * guest PA → host PA walk and the stage that refuses, if one does ({@link Dma.Outcome#gpa()},
     * {@link Dma.Outcome#stage()}).
     */
    public Dma.Outcome dmaWalk(String device, long iova, boolean write, int pasid) {
        return Dma.translate(s, s.topology().device(device).orElseThrow(), iova, write, pasid);
    }

    /** Bound idevs, by ID. */
    public List<Idev> idevs() {
        List<Idev> out = new ArrayList<>();
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Idev i) {
                out.add(i);
            }
        }
        return out;
    }

    /** An idev is diverged when it has a record and its group is not on that hwpt's domain. */
    public boolean diverged(Idev idev) {
        int rec = recorded(idev.id());
        if (rec < 0) {
            return false;
        }
        int domain = s.group(idev.groupId()).domain();
        return s.hwptDomain(rec) != domain;
    }

    /** Bound, not attached in the kernel's view, yet translated through a sibling's (non-core) domain. */
    public boolean implicit(Idev idev) {
        if (kernelHwpt(idev) >= 0) {
            return false;
        }
        Domain d = s.domain(s.group(idev.groupId()).domain());
        return d == null || !d.isCore();
    }

    /** The hwpt the kernel considers this idev attached to, or -1. */
    public int kernelHwpt(Idev idev) {
        return model.kernelHwpt(s, idev);
    }

    public List<Integer> divergedIdevs() {
        return idevs().stream().filter(this::diverged).map(Idev::id).toList();
    }

    public List<Integer> implicitIdevs() {
        return idevs().stream().filter(this::implicit).map(Idev::id).toList();
    }

    /** Why an idev is diverged, in words; empty when it is not. */
    public String divergenceExplanation(Idev idev) {
        if (!diverged(idev)) {
            return "";
        }
        int rec = recorded(idev.id());
        IommuGroup g = s.group(idev.groupId());
        String where = groupDomainLabel(g.id());
        String on = where.startsWith("hwpt ") ? where + "'s domain" : "its " + where + " domain";
        String gone = s.objects().containsKey(rec) ? "" : " (hwpt " + rec + " no longer exists)";
        return "idev " + idev.id() + " records hwpt " + rec + gone + ", but group " + g.id() + " is on " + on
                + " since step " + g.domainSince() + ", when " + g.domainCause();
    }

    /** Why an idev is implicit, in words; empty when it is not. */
    public String implicitExplanation(Idev idev) {
        if (!implicit(idev)) {
            return "";
        }
        IommuGroup g = s.group(idev.groupId());
        return "idev " + idev.id() + " is not attached, yet its DMA is translated through " + groupDomainLabel(g.id())
                + "'s domain, where group " + g.id() + " has been since step " + g.domainSince() + " (" + g.domainCause()
                + "); its reserved regions are not enforced there";
    }

    /** Every diverged idev's explanation, by idev ID. */
    public Map<Integer, String> explanations() {
        Map<Integer, String> out = new TreeMap<>();
        for (Idev i : idevs()) {
            String d = divergenceExplanation(i);
            String m = implicitExplanation(i);
            if (!d.isEmpty() || !m.isEmpty()) {
                out.put(i.id(), d.isEmpty() ? m : d);
            }
        }
        return out;
    }
}
