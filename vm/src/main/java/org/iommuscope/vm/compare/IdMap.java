package org.iommuscope.vm.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Result;

/**
 * Engine object ID → kernel object ID, learned step by step as objects are created. On the selftest mock iommu
 * every IOMMU_TEST_OP_MOCK_DOMAIN allocates a selftest object (iommufd_test_mock_domain(): the SELFTEST object
 * first, then the idev, then an automatic hwpt) that the engine does not model, so from the first mock device on
 * the kernel's IDs are not the engine's. An ID output agrees when it is a new object on the engine's side (an
 * {@link Event.ObjectCreated} of the step) and the kernel's ID names no other live object, or when it is an
 * object already mapped to exactly the kernel's ID. Anything else, including an engine ID that never got a
 * kernel counterpart, disagrees and says why.
 */
public final class IdMap {
    private final Map<Integer, Integer> kernelOf = new HashMap<>();
    /** engine idev → the kernel ID of the selftest object that holds it */
    private final Map<Integer, Integer> stdevOf = new HashMap<>();

    /** What one step's ID outputs said, before it is learned. */
    public record Check(boolean agrees, List<String> mapped, String problem) {
    }

    public Map<Integer, Integer> view() {
        return Map.copyOf(kernelOf);
    }

    /** The engine IDs this step created (and did not free again), with the ones it freed dropped from the map. */
    private Set<Integer> apply(Result engine) {
        Set<Integer> fresh = new LinkedHashSet<>();
        for (Event e : engine.events()) {
            if (e instanceof Event.ObjectCreated c) {
                fresh.add(c.id());
            } else if (e instanceof Event.ObjectDestroyed d) {
                fresh.remove(d.id());
                kernelOf.remove(d.id());
                stdevOf.remove(d.id());
            }
        }
        return fresh;
    }

    /**
     * Compares the ID outputs {@code ids} (key → engine ID) with the kernel's ({@code kernelIds}), then learns the
     * step: frees what the engine freed, maps what it created. {@code stdev} is the selftest object's kernel ID a
     * mock bind reported, or null.
     */
    public Check step(Result engine, Map<String, Integer> ids, Map<String, Integer> kernelIds, Integer stdev) {
        Set<Integer> fresh = apply(engine);
        List<String> mapped = new ArrayList<>();
        String problem = null;
        Map<Integer, Integer> learn = new HashMap<>();
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            int x = e.getValue();
            Integer y = kernelIds.get(e.getKey());
            if (y == null) {
                problem = "the kernel gave no " + e.getKey();
                break;
            }
            if (fresh.contains(x)) {
                Integer owner = ownerOf(y);
                if (owner != null && owner != x) {
                    problem = e.getKey() + ": the engine's new object " + x + " got kernel ID " + y + ", which the map gives to "
                            + (owner < 0 ? "a selftest object" : "the engine's " + owner);
                    break;
                }
                learn.put(x, y);
            } else {
                Integer k = kernelOf.get(x);
                if (k == null) {
                    problem = e.getKey() + ": the engine's " + x + " has no kernel counterpart in the map (the kernel never reported"
                            + " creating it)";
                    break;
                }
                if (k.intValue() != y) {
                    problem = e.getKey() + ": the engine's " + x + " is kernel ID " + k + " in the map, but the kernel answered " + y;
                    break;
                }
            }
            if (x != y) {
                mapped.add(e.getKey() + " " + x + " = kernel " + y);
            }
        }
        if (problem == null) {
            kernelOf.putAll(learn);
            if (stdev != null) {
                ids.values().stream().filter(fresh::contains).findFirst().ifPresent(idev -> stdevOf.put(idev, stdev));
            }
        }
        return new Check(problem == null, mapped, problem);
    }

    /** The live engine ID mapped to kernel ID {@code y}; -1 a selftest object; null none. */
    private Integer ownerOf(int y) {
        for (Map.Entry<Integer, Integer> e : kernelOf.entrySet()) {
            if (e.getValue() == y) {
                return e.getKey();
            }
        }
        return stdevOf.containsValue(y) ? -1 : null;
    }
}
