package org.iommuscope.app.timeline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.iommuscope.app.graph.GraphProjection;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.State;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.OpSignature;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.engine.scenario.StepOutcome;

/**
 * The scenario's handles as a run goes: which object each names after every step, so that a box can say
 * `hwpt_paging 6 · hwpt2` and the log can say which object `hwpt2` is. Follows the runner's own rules: a
 * step's {@code as} binds the ID its op returned (when it succeeded), and a destroyed object's handles stop
 * naming it.
 */
final class HandleNames {
    /** Live handles by object ID, in binding order (the first one names the object on its box). */
    private final Map<Long, Set<String>> live = new HashMap<>();
    /** The object each live handle names. */
    private final Map<String, Long> bound = new HashMap<>();

    /** Object ID → the handle its box shows, now. */
    Map<Integer, String> boxNames() {
        Map<Integer, String> out = new LinkedHashMap<>();
        live.forEach((id, names) -> {
            if (!names.isEmpty() && id <= Integer.MAX_VALUE && id >= 0) {
                out.put(id.intValue(), names.iterator().next());
            }
        });
        return out;
    }

    /**
     * The step's op with each handle followed by the object it names in {@code before} (and its {@code as} by
     * the object it bound in {@code after}); a step that names no live handle reads as written.
     */
    String named(StepOutcome o, State before) {
        ScenarioStep step = o.step();
        if (!step.isOp()) {
            return o.text();
        }
        StringBuilder sb = new StringBuilder(step.op().name()).append(": {");
        String sep = "";
        for (Map.Entry<String, Arg> e : step.op().args().entrySet()) {
            sb.append(sep).append(e.getKey()).append(": ").append(named(e.getValue(), before));
            sep = ", ";
        }
        if (step.as() != null) {
            Long id = boundBy(o);
            IommufdObject made = id == null ? null : o.after().object(id);
            sb.append(sep).append("as: ").append(made == null ? step.as() : GraphProjection.kernelName(made) + " · " + step.as());
        }
        return sb.append('}').toString();
    }

    private String named(Arg a, State before) {
        if (a instanceof Arg.Obj obj && obj.ref().isHandle()) {
            Long id = bound.get(obj.ref().handle());
            IommufdObject o = id == null ? null : before.object(id);
            if (o != null) {
                return GraphProjection.kernelName(o) + " · " + obj.ref().handle();
            }
        }
        return a.yaml();
    }

    /** Follows the step: destroyed objects lose their handles, then {@code as} binds (ScenarioRunner's order). */
    void step(StepOutcome o) {
        if (o.engineStep() != null) {
            for (Event e : o.engineStep().result().events()) {
                if (e instanceof Event.ObjectDestroyed d) {
                    Set<String> names = live.remove((long) d.id());
                    if (names != null) {
                        names.forEach(bound::remove);
                    }
                }
            }
        }
        String as = o.step().as();
        if (as == null || !o.step().isOp()) {
            return;
        }
        forget(as);
        Long id = boundBy(o);
        if (id != null) {
            bound.put(as, id);
            live.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(as);
        }
    }

    private void forget(String name) {
        Long old = bound.remove(name);
        if (old != null && live.containsKey(old)) {
            live.get(old).remove(name);
        }
    }

    /** The ID the step's {@code as} binds: its op's object output, when the op succeeded. */
    private static Long boundBy(StepOutcome o) {
        if (o.engineStep() == null) {
            return null;
        }
        Result r = o.engineStep().result();
        OpSignature sig = OpSignature.of(o.step().op().name());
        String key = sig == null ? null : sig.idOutput();
        return r.ok() && key != null && r.output(key) instanceof Number n ? n.longValue() : null;
    }
}
