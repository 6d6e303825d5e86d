package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.iommufd.Fault;
import org.iommuscope.engine.iommufd.Hwpt;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Veventq;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.IovaRange;

/** Evaluates a {@code check} on a state through {@link Snapshot}: every key compares exactly. */
final class CheckEvaluator {
    private final HandleTable handles;

    CheckEvaluator(HandleTable handles) {
        this.handles = handles;
    }

    /** Every assertion of the check that does not hold, in words; empty when all hold. */
    List<String> mismatches(CheckSpec c, State s) {
        List<String> out = new ArrayList<>();
        Snapshot snap = new Snapshot(s);
        if (c.groupDomain() != null) {
            c.groupDomain().forEach((group, target) -> groupDomain(out, snap, group, target));
        }
        if (c.diverged() != null) {
            idevSet(out, "diverged", c.diverged(), snap.divergedIdevs());
        }
        if (c.implicit() != null) {
            idevSet(out, "implicit", c.implicit(), snap.implicitIdevs());
        }
        if (c.recorded() != null) {
            c.recorded().forEach((idev, hwpt) -> recorded(out, snap, idev, hwpt));
        }
        if (c.attached() != null) {
            c.attached().forEach((hwpt, idevs) -> attached(out, snap, hwpt, idevs));
        }
        if (c.users() != null) {
            c.users().forEach((ref, users) -> users(out, s, ref, users));
        }
        if (c.exists() != null) {
            for (Ref ref : c.exists()) {
                presence(out, s, ref, true);
            }
        }
        if (c.gone() != null) {
            for (Ref ref : c.gone()) {
                presence(out, s, ref, false);
            }
        }
        if (c.areas() != null) {
            c.areas().forEach((ioas, ranges) -> areas(out, s, ioas, ranges));
        }
        if (c.pasids() != null) {
            c.pasids().forEach((idev, table) -> pasids(out, snap, idev, table));
        }
        if (c.dirty() != null) {
            c.dirty().forEach((hwpt, runs) -> dirty(out, snap, hwpt, runs));
        }
        if (c.faults() != null) {
            c.faults().forEach((fault, n) -> faults(out, snap, fault, n));
        }
        if (c.vdevices() != null) {
            c.vdevices().forEach((viommu, table) -> vdevices(out, snap, viommu, table));
        }
        if (c.tombstoned() != null) {
            tombstoned(out, snap, c.tombstoned());
        }
        if (c.vevents() != null) {
            c.vevents().forEach((q, n) -> vevents(out, snap, q, n));
        }
        return out;
    }

    private void vdevices(List<String> out, Snapshot snap, Ref viommu, Map<Long, Ref> table) {
        try {
            IommufdObject o = snap.state().object(handles.liveId(viommu, snap.state()));
            if (!(o instanceof Viommu v)) {
                out.add("vdevices: " + viommu + " is a " + o.type().label() + ", not a viommu");
                return;
            }
            TreeMap<Long, Long> want = new TreeMap<>(Long::compareUnsigned);
            for (Map.Entry<Long, Ref> e : table.entrySet()) {
                want.put(e.getKey(), handles.id(e.getValue()));
            }
            TreeMap<Long, Long> got = new TreeMap<>(Long::compareUnsigned);
            snap.vdevices(v.id()).forEach((virtId, idev) -> got.put(virtId, (long) idev));
            if (!want.equals(got)) {
                out.add("vdevices of " + viommu + " are " + vdevText(got) + ", expected " + vdevText(want));
            }
        } catch (Unresolvable e) {
            out.add("vdevices: " + e.getMessage());
        }
    }

    private String vdevText(Map<Long, Long> table) {
        List<String> parts = new ArrayList<>();
        table.forEach((virtId, idev) -> parts.add(NumberSyntax.format(virtId) + ": idev " + handles.describe(idev)));
        return "{" + String.join(", ", parts) + "}";
    }

    /** The exact set of tombstoned IDs; a handle of a tombstoned object still names its ID. */
    private void tombstoned(List<String> out, Snapshot snap, List<Ref> expected) {
        TreeSet<Long> want = new TreeSet<>();
        for (Ref ref : expected) {
            try {
                want.add(handles.id(ref));
            } catch (Unresolvable e) {
                out.add("tombstoned: " + e.getMessage());
                return;
            }
        }
        TreeSet<Long> got = new TreeSet<>();
        snap.tombstones().forEach(i -> got.add((long) i));
        if (!want.equals(got)) {
            out.add("tombstoned is " + got + ", expected " + want);
        }
    }

    private void vevents(List<String> out, Snapshot snap, Ref q, long expected) {
        try {
            IommufdObject o = snap.state().object(handles.liveId(q, snap.state()));
            if (!(o instanceof Veventq)) {
                out.add("vevents: " + q + " is a " + o.type().label() + ", not a veventq");
                return;
            }
            int waiting = snap.pendingEvents(o.id()).size();
            if (waiting != expected) {
                out.add("events waiting on " + q + " are " + waiting + ", expected " + Long.toUnsignedString(expected));
            }
        } catch (Unresolvable e) {
            out.add("vevents: " + e.getMessage());
        }
    }

    private void pasids(List<String> out, Snapshot snap, Ref idev, Map<Long, Ref> table) {
        try {
            IommufdObject o = snap.state().object(handles.liveId(idev, snap.state()));
            if (!(o instanceof Idev i)) {
                out.add("pasids: " + idev + " is a " + o.type().label() + ", not an idev");
                return;
            }
            TreeMap<Long, Long> want = new TreeMap<>();
            for (Map.Entry<Long, Ref> e : table.entrySet()) {
                want.put(e.getKey(), handles.id(e.getValue()));
            }
            TreeMap<Long, Long> got = new TreeMap<>();
            snap.pasids(i).forEach((p, h) -> got.put((long) p, (long) h));
            if (!want.equals(got)) {
                out.add("pasids of " + idev + " are " + pasidText(got) + ", expected " + pasidText(want));
            }
        } catch (Unresolvable e) {
            out.add("pasids: " + e.getMessage());
        }
    }

    private String pasidText(Map<Long, Long> table) {
        List<String> parts = new ArrayList<>();
        table.forEach((p, h) -> parts.add(Long.toUnsignedString(p) + ": hwpt " + handles.describe(h)));
        return "{" + String.join(", ", parts) + "}";
    }

    private void dirty(List<String> out, Snapshot snap, Ref hwpt, List<IovaRange> expected) {
        try {
            IommufdObject o = snap.state().object(handles.liveId(hwpt, snap.state()));
            if (!(o instanceof Hwpt)) {
                out.add("dirty: " + hwpt + " is a " + o.type().label() + ", not a hwpt");
                return;
            }
            List<IovaRange> actual = snap.dirtyRuns(o.id());
            if (!actual.equals(expected)) {
                out.add("dirty runs of " + hwpt + " are " + YamlText.ranges(actual) + ", expected " + YamlText.ranges(expected));
            }
        } catch (Unresolvable e) {
            out.add("dirty: " + e.getMessage());
        }
    }

    private void faults(List<String> out, Snapshot snap, Ref fault, long expected) {
        try {
            IommufdObject o = snap.state().object(handles.liveId(fault, snap.state()));
            if (!(o instanceof Fault)) {
                out.add("faults: " + fault + " is a " + o.type().label() + ", not a fault object");
                return;
            }
            int pending = snap.pendingRequests(o.id()).size();
            if (pending != expected) {
                out.add("pending page requests of " + fault + " are " + pending + ", expected " + Long.toUnsignedString(expected));
            }
        } catch (Unresolvable e) {
            out.add("faults: " + e.getMessage());
        }
    }

    private void groupDomain(List<String> out, Snapshot snap, int group, CheckSpec.DomainTarget target) {
        if (snap.state().group(group) == null) {
            out.add("group_domain: no group " + group);
            return;
        }
        String actual = snap.groupDomainLabel(group);
        String expected;
        if (target.label() != null) {
            expected = target.label();
        } else {
            try {
                expected = "hwpt " + handles.id(target.hwpt());
            } catch (Unresolvable e) {
                out.add("group_domain of group " + group + ": " + e.getMessage());
                return;
            }
        }
        if (!actual.equals(expected)) {
            out.add("group_domain of group " + group + " is " + label(actual) + ", expected " + label(expected)
                    + (target.hwpt() != null && target.hwpt().isHandle() ? " (" + target.hwpt() + ")" : ""));
        }
    }

    /** "hwpt 4 (hwpt1)" for a hwpt label, the label itself otherwise. */
    private String label(String domainLabel) {
        if (domainLabel.startsWith("hwpt ")) {
            return "hwpt " + handles.describe(Long.parseLong(domainLabel.substring(5)));
        }
        return domainLabel;
    }

    private void idevSet(List<String> out, String key, List<Ref> expected, List<Integer> actual) {
        TreeSet<Long> want = new TreeSet<>();
        for (Ref ref : expected) {
            try {
                want.add(handles.id(ref));
            } catch (Unresolvable e) {
                out.add(key + ": " + e.getMessage());
                return;
            }
        }
        TreeSet<Long> got = new TreeSet<>();
        actual.forEach(i -> got.add((long) i));
        if (!want.equals(got)) {
            out.add(key + " is " + names(got) + ", expected " + names(want));
        }
    }

    private void recorded(List<String> out, Snapshot snap, Ref idev, Optional<Ref> hwpt) {
        try {
            long id = handles.liveId(idev, snap.state());
            long expected = hwpt.isPresent() ? handles.id(hwpt.get()) : -1;
            long actual = snap.recorded((int) id);
            if (actual != expected) {
                out.add("recorded of " + idev + " is " + recordText(actual) + ", expected "
                        + (hwpt.isPresent() ? hwpt.get() + " (" + expected + ")" : "none"));
            }
        } catch (Unresolvable e) {
            out.add("recorded: " + e.getMessage());
        }
    }

    private String recordText(long hwpt) {
        return hwpt < 0 ? "none" : "hwpt " + handles.describe(hwpt);
    }

    private void attached(List<String> out, Snapshot snap, Ref hwpt, List<Ref> idevs) {
        try {
            long id = handles.liveId(hwpt, snap.state());
            TreeSet<Long> want = new TreeSet<>();
            for (Ref r : idevs) {
                want.add(handles.id(r));
            }
            TreeSet<Long> got = new TreeSet<>();
            snap.attached((int) id).forEach(i -> got.add((long) i));
            if (!want.equals(got)) {
                out.add("attached to " + hwpt + " is " + names(got) + ", expected " + names(want));
            }
        } catch (Unresolvable e) {
            out.add("attached: " + e.getMessage());
        }
    }

    private void users(List<String> out, State s, Ref ref, long users) {
        try {
            IommufdObject o = s.object(handles.liveId(ref, s));
            if (o.users() != users) {
                out.add("users of " + ref + " is " + o.users() + ", expected " + Long.toUnsignedString(users));
            }
        } catch (Unresolvable e) {
            out.add("users: " + e.getMessage());
        }
    }

    private void presence(List<String> out, State s, Ref ref, boolean wanted) {
        try {
            if (handles.exists(ref, s) != wanted) {
                out.add(ref + (wanted ? " does not exist (object " + handles.id(ref) + " was destroyed)"
                        : " still exists (object " + handles.id(ref) + ")"));
            }
        } catch (Unresolvable e) {
            out.add((wanted ? "exists: " : "gone: ") + e.getMessage());
        }
    }

    private void areas(List<String> out, State s, Ref ref, List<IovaRange> expected) {
        try {
            IommufdObject o = s.object(handles.liveId(ref, s));
            if (!(o instanceof Ioas ioas)) {
                out.add("areas: " + ref + " is a " + o.type().label() + ", not an ioas");
                return;
            }
            List<IovaRange> actual = new ArrayList<>();
            for (Area a : ioas.iopt().areas().values()) {
                actual.add(new IovaRange(a.iova(), a.last()));
            }
            if (!actual.equals(expected)) {
                out.add("areas of " + ref + " are " + YamlText.ranges(actual) + ", expected " + YamlText.ranges(expected));
            }
        } catch (Unresolvable e) {
            out.add("areas: " + e.getMessage());
        }
    }

    private String names(Collection<Long> ids) {
        List<String> parts = new ArrayList<>();
        for (long id : ids) {
            parts.add(handles.describe(id));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
