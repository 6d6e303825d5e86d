package org.iommuscope.engine.scenario;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.State;

/**
 * The handles of a run: each names the object ID its op returned. A handle outlives its object (its ID is
 * passed on as-is, so a stale handle gets the kernel's errno), but a check can tell that the object it named
 * was destroyed even once the ID has been reused.
 */
final class HandleTable {
    private record Binding(long id, boolean destroyed) {
    }

    private final Map<String, Binding> bound = new HashMap<>();
    /** Live handles by object ID, in binding order. */
    private final Map<Long, Set<String>> live = new HashMap<>();
    private final Map<String, String> refused = new HashMap<>();

    /** A table holding the same handles, changed apart from this one from now on. */
    HandleTable copy() {
        HandleTable t = new HandleTable();
        t.bound.putAll(bound);
        live.forEach((id, names) -> t.live.put(id, new LinkedHashSet<>(names)));
        t.refused.putAll(refused);
        return t;
    }

    /** The live handles by object ID, each in binding order (the first names the object). */
    Map<Long, List<String>> live() {
        Map<Long, List<String>> out = new HashMap<>();
        live.forEach((id, names) -> {
            if (!names.isEmpty()) {
                out.put(id, List.copyOf(names));
            }
        });
        return out;
    }

    void bind(String name, long id) {
        forget(name);
        bound.put(name, new Binding(id, false));
        live.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(name);
    }

    /** The op that would have bound {@code name} failed: later uses of the name fail with {@code reason}. */
    void refuse(String name, String reason) {
        forget(name);
        refused.put(name, reason);
    }

    private void forget(String name) {
        Binding old = bound.remove(name);
        if (old != null && live.containsKey(old.id())) {
            live.get(old.id()).remove(name);
        }
        refused.remove(name);
    }

    /** Marks the handles whose objects a step destroyed. */
    void objectsDestroyed(List<Event> events) {
        for (Event e : events) {
            if (e instanceof Event.ObjectDestroyed d) {
                Set<String> names = live.remove((long) d.id());
                for (String name : names == null ? Set.<String>of() : names) {
                    bound.put(name, new Binding(d.id(), true));
                }
            }
        }
    }

    /** The ID a reference passes to the kernel: the raw ID, or the handle's, even when its object is gone. */
    long id(Ref ref) throws Unresolvable {
        if (!ref.isHandle()) {
            return ref.rawId();
        }
        Binding b = bound.get(ref.handle());
        if (b != null) {
            return b.id();
        }
        String why = refused.get(ref.handle());
        throw new Unresolvable(why != null ? "handle '" + ref.handle() + "' is not bound: " + why
                : "undefined handle '" + ref.handle() + "'");
    }

    /** Whether the object a reference names exists now. */
    boolean exists(Ref ref, State s) throws Unresolvable {
        long id = id(ref);
        return s.object(id) != null && !(ref.isHandle() && bound.get(ref.handle()).destroyed());
    }

    /** The ID of an object that must exist now; why not otherwise. */
    long liveId(Ref ref, State s) throws Unresolvable {
        long id = id(ref);
        if (ref.isHandle() && bound.get(ref.handle()).destroyed()) {
            throw new Unresolvable(ref.handle() + " is gone (object " + id + " was destroyed"
                    + (s.object(id) != null ? "; its ID now names another object)" : ")"));
        }
        if (s.object(id) == null) {
            throw new Unresolvable(ref.isHandle() ? ref.handle() + " is gone (no object " + id + ")" : "no object " + id);
        }
        return id;
    }

    /** The first live handle naming {@code id}, or null. */
    String live(long id) {
        Set<String> names = live.get(id);
        return names == null || names.isEmpty() ? null : names.iterator().next();
    }

    boolean taken(String name) {
        return bound.containsKey(name) || refused.containsKey(name);
    }

    /** "hwpt1 (4)": an ID with the live handles that name it, for messages; the bare ID when none does. */
    String describe(long id) {
        Set<String> names = live.get(id);
        String raw = Long.toUnsignedString(id);
        return names == null || names.isEmpty() ? raw : String.join("/", names) + " (" + raw + ")";
    }
}
