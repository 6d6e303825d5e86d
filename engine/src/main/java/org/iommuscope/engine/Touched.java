package org.iommuscope.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.iommufd.Hwpt;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.pcollections.PMap;

/**
 * What one step changed, so that {@link Invariants} re-check only that. The objects, igroups, iommu groups
 * and domains whose records differ between the states before and after the step: the maps are persistent,
 * so an untouched record is the very same instance and comparing by identity is exact. What cannot be
 * compared whole (an IOAS's areas, a domain's page table: 10^5 entries and more) is narrowed by the step's
 * events, which name each area mapped or unmapped, with size checks that do not trust them (see
 * {@code Invariants.checkIopt}). {@link #everything()} selects every rule for every object: the full check.
 *
 * @param before the state the step started from; null for everything
 * @param events the step's events (what it says it did to areas)
 */
record Touched(State before, Set<Integer> objects, Set<Integer> igroups, Set<Integer> groups, Set<Integer> domains,
               List<Event> events) {

    private static final Touched EVERYTHING = new Touched(null, Set.of(), Set.of(), Set.of(), Set.of(), List.of());

    static Touched everything() {
        return EVERYTHING;
    }

    /** Cost: O(size) of each of the small maps that changed at all (objects, igroups, groups, domains). */
    static Touched between(State before, State after, List<Event> events) {
        return new Touched(before, changed(before.objects(), after.objects()), changed(before.igroups(), after.igroups()),
                changed(before.groups(), after.groups()), changed(before.domains(), after.domains()), List.copyOf(events));
    }

    boolean all() {
        return before == null;
    }

    boolean object(int id) {
        return all() || objects.contains(id);
    }

    boolean igroup(int groupId) {
        return all() || igroups.contains(groupId);
    }

    boolean group(int id) {
        return all() || groups.contains(id);
    }

    boolean domain(int id) {
        return all() || domains.contains(id);
    }

    /** The IOAS's reserved ranges are not the same as before the step (or it is new). */
    boolean reservedChanged(State after, int ioasId) {
        if (all()) {
            return true;
        }
        if (!(after.objects().get(ioasId) instanceof Ioas now)) {
            return false;
        }
        return !(before.objects().get(ioasId) instanceof Ioas then) || then.iopt().reserved() != now.iopt().reserved();
    }

    /**
     * Whether the step changed only areas and page tables: no igroup, iommu group or tombstone changed, every
     * object it changed is an IOAS before and after with the same internal accesses and domains, and every domain
     * it changed is in such an IOAS (a paging domain, never a nested one). A map, an unmap or a copy, which the PASID
     * table, the page requests and the vIOMMU objects' rules do not read.
     */
    boolean areasOnly(State after) {
        if (all() || !igroups.isEmpty() || !groups.isEmpty() || !before.tombstones().equals(after.tombstones())) {
            return false;
        }
        for (int id : objects) {
            if (!(before.objects().get(id) instanceof Ioas then) || !(after.objects().get(id) instanceof Ioas now)
                    || !then.iopt().accesses().equals(now.iopt().accesses()) || !then.iopt().domains().equals(now.iopt().domains())) {
                return false;
            }
        }
        for (int d : domains) {
            if (!inTouchedIopt(d)) {
                return false;
            }
        }
        return true;
    }

    /** Whether domain {@code d} was in the iopt of an IOAS the step touched (an areas-only step's domains all are). */
    private boolean inTouchedIopt(int d) {
        for (int id : objects) {
            if (((Ioas) before.objects().get(id)).iopt().domains().contains(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The objects whose users count a step can have moved: those it touched, and those a touched object or
     * igroup refers to, before or after (a reference taken or dropped is a count moved).
     */
    Set<Integer> usersSelected(State s) {
        Set<Integer> out = new TreeSet<>(objects);
        for (int id : objects) {
            references(before.objects().get(id), out);
            references(s.objects().get(id), out);
        }
        for (int g : igroups) {
            references(before.igroups().get(g), out);
            references(s.igroups().get(g), out);
        }
        return out;
    }

    private static void references(IommufdObject o, Set<Integer> out) {
        if (o == null) {
            return;
        }
        Invariants.held(o, out::add);
        if (o instanceof Idev i && i.hwpt() >= 0) {
            out.add(i.hwpt());
        }
    }

    /** Every PASID slot's hwpt and devices: each attached device holds a reference on both. */
    private static void references(IGroup ig, Set<Integer> out) {
        if (ig == null) {
            return;
        }
        for (IGroup.Attach a : ig.pasidAttach().values()) {
            out.add(a.hwpt());
            out.addAll(a.devices());
        }
    }

    /**
     * The groups a step can have moved a group rule of, unless it freed a domain (then every group is looked
     * at: one may still be on it): its own groups and igroups, and for v2-patch the groups of its idevs.
     */
    List<IommuGroup> groupsSelected(State s, Set<Integer> idevGroups) {
        Set<Integer> ids = new TreeSet<>(groups);
        ids.addAll(igroups);
        ids.addAll(idevGroups);
        List<IommuGroup> out = new ArrayList<>();
        for (int id : ids) {
            IommuGroup g = s.group(id);
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    /** v2-patch: whether a group counts as attached depends on its idevs. */
    Set<Integer> groupsOfTouchedIdevs(State s) {
        Set<Integer> out = new TreeSet<>();
        for (int id : objects) {
            for (IommufdObject o : new IommufdObject[] {before.objects().get(id), s.objects().get(id)}) {
                if (o instanceof Idev i) {
                    out.add(i.groupId());
                }
            }
        }
        return out;
    }

    /** Keys added, removed, or whose value is another instance. */
    private static <K, V> Set<K> changed(PMap<K, V> a, PMap<K, V> b) {
        if (a == b) {
            return Set.of();
        }
        Set<K> out = new HashSet<>();
        int kept = 0;
        for (Map.Entry<K, V> e : b.entrySet()) {
            V old = a.get(e.getKey());
            if (old != null) {
                kept++;
            }
            if (old != e.getValue()) {
                out.add(e.getKey());
            }
        }
        if (kept != a.size()) { // something was removed
            for (K k : a.keySet()) {
                if (!b.containsKey(k)) {
                    out.add(k);
                }
            }
        }
        return out;
    }
}
