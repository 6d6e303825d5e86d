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
 */
public record CheckSpec(Map<Integer, DomainTarget> groupDomain, List<Ref> diverged, List<Ref> implicit,
                        Map<Ref, Optional<Ref>> recorded, Map<Ref, List<Ref>> attached, Map<Ref, Long> users,
                        List<Ref> exists, List<Ref> gone, Map<Ref, List<IovaRange>> areas) {

    /** The check keys, in the format's order. */
    public static final List<String> KEYS = List.of("group_domain", "diverged", "implicit", "recorded", "attached", "users",
            "exists", "gone", "areas");

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

    private static <K, V> Map<K, V> frozen(Map<K, V> m) {
        return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    private static <K, V> Map<K, List<V>> copyValues(Map<K, List<V>> m) {
        Map<K, List<V>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }
}
