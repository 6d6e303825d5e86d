package org.iommuscope.engine.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iommuscope.engine.iopt.IovaRange;

/**
 * A {@code check} step: assertions on the state after the previous step. A null field is not checked; each
 * other one compares exactly (diverged, implicit and attached as sets, areas in IOVA order).
 *
 * @param groupDomain group ID → the hwpt its domain belongs to, or blocking / default / identity
 * @param recorded    idev → the hwpt it records, empty for none
 * @param users       object → its obj.users
 * @param pasids      idev → the exact PASID → hwpt map of its attachments (0: the RID)
 * @param dirty       hwpt → the exact dirty runs in its domain
 * @param faults      fault object → its page requests queued and not yet answered
 * @param vdevices    vIOMMU → the exact virt_id → idev map of its vDEVICEs
 * @param tombstoned  the exact set of tombstoned IDs (a vDEVICE destroyed with its device, v6.17+)
 * @param vevents     vEVENTQ → the events waiting on it
 */
public record CheckSpec(Map<Integer, DomainTarget> groupDomain, List<Ref> diverged, List<Ref> implicit,
                        Map<Ref, Optional<Ref>> recorded, Map<Ref, List<Ref>> attached, Map<Ref, Long> users,
                        List<Ref> exists, List<Ref> gone, Map<Ref, List<IovaRange>> areas,
                        Map<Ref, Map<Long, Ref>> pasids, Map<Ref, List<IovaRange>> dirty, Map<Ref, Long> faults,
                        Map<Ref, Map<Long, Ref>> vdevices, List<Ref> tombstoned, Map<Ref, Long> vevents) {

    /** The check keys, in the format's order (version 1, then version 2). */
    public static final List<String> KEYS = List.of("group_domain", "diverged", "implicit", "recorded", "attached", "users",
            "exists", "gone", "areas", "pasids", "dirty", "faults", "vdevices", "tombstoned", "vevents");

    public CheckSpec {
        groupDomain = frozen(groupDomain);
        diverged = diverged == null ? null : List.copyOf(diverged);
        implicit = implicit == null ? null : List.copyOf(implicit);
        recorded = frozen(recorded);
        attached = attached == null ? null : frozen(copyValues(attached));
        users = frozen(users);
        exists = exists == null ? null : List.copyOf(exists);
        gone = gone == null ? null : List.copyOf(gone);
        areas = areas == null ? null : frozen(copyValues(areas));
        pasids = frozenTables(pasids);
        dirty = dirty == null ? null : frozen(copyValues(dirty));
        faults = frozen(faults);
        vdevices = frozenTables(vdevices);
        tombstoned = tombstoned == null ? null : List.copyOf(tombstoned);
        vevents = frozen(vevents);
    }

    /** A check of version 2's first part (no vIOMMU keys). */
    public CheckSpec(Map<Integer, DomainTarget> groupDomain, List<Ref> diverged, List<Ref> implicit,
                     Map<Ref, Optional<Ref>> recorded, Map<Ref, List<Ref>> attached, Map<Ref, Long> users,
                     List<Ref> exists, List<Ref> gone, Map<Ref, List<IovaRange>> areas,
                     Map<Ref, Map<Long, Ref>> pasids, Map<Ref, List<IovaRange>> dirty, Map<Ref, Long> faults) {
        this(groupDomain, diverged, implicit, recorded, attached, users, exists, gone, areas, pasids, dirty, faults, null, null, null);
    }

    /** A version-1 check. */
    public CheckSpec(Map<Integer, DomainTarget> groupDomain, List<Ref> diverged, List<Ref> implicit,
                     Map<Ref, Optional<Ref>> recorded, Map<Ref, List<Ref>> attached, Map<Ref, Long> users,
                     List<Ref> exists, List<Ref> gone, Map<Ref, List<IovaRange>> areas) {
        this(groupDomain, diverged, implicit, recorded, attached, users, exists, gone, areas, null, null, null, null, null, null);
    }

    /** What group_domain expects of a group: a core domain by its kind, or a hwpt's domain. */
    public record DomainTarget(String label, Ref hwpt) {
        public static final List<String> LABELS = List.of("blocking", "default", "identity");

        public static DomainTarget label(String label) {
            return new DomainTarget(label, null);
        }

        public static DomainTarget hwpt(Ref hwpt) {
            return new DomainTarget(null, hwpt);
        }

        @Override
        public String toString() {
            return label != null ? label : hwpt.toString();
        }
    }

    private static Map<Ref, Map<Long, Ref>> frozenTables(Map<Ref, Map<Long, Ref>> m) {
        if (m == null) {
            return null;
        }
        Map<Ref, Map<Long, Ref>> p = new LinkedHashMap<>();
        m.forEach((k, v) -> p.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        return Collections.unmodifiableMap(p);
    }

    private static <K, V> Map<K, V> frozen(Map<K, V> m) {
        return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    private static <K, V> Map<K, List<V>> copyValues(Map<K, List<V>> m) {
        Map<K, List<V>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }
}
