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
    /** The {@link Names} given so far, each once. */
    private final Map<Names, Names> seen = new HashMap<>();

    HandleNames() {
    }

    /** The names a runner's live handles give (its handles by object ID, in binding order): where it is in a run. */
    static HandleNames following(Map<Long, java.util.List<String>> liveHandles) {
        HandleNames h = new HandleNames();
        liveHandles.forEach((id, names) -> {
            h.live.put(id, new LinkedHashSet<>(names));
            names.forEach(n -> h.bound.put(n, id));
        });
        return h;
    }

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
        return o.step().isOp() ? named(o.step(), resolve(o, before)) : o.text();
    }

    /**
     * What {@link #named(StepOutcome, State)} says of each handle of the step's op, without its text: for each
     * argument the kernel's name of the object its handle names, or null when written as is, and the same for
     * {@code as}. Kept by a long trace's frame to make the text when a row shows it; one value per distinct
     * answer in a run (a trace's ten thousand maps of one IOAS share one). Null for a step that is no op.
     */
    Names resolve(StepOutcome o, State before) {
        ScenarioStep step = o.step();
        if (!step.isOp()) {
            return null;
        }
        String[] args = new String[step.op().args().size()];
        int i = 0;
        boolean any = false;
        for (Map.Entry<String, Arg> a : step.op().args().entrySet()) {
            args[i] = kernelName(a.getValue(), before);
            any |= args[i++] != null;
        }
        String as = null;
        if (step.as() != null) {
            Long id = boundBy(o);
            IommufdObject made = id == null ? null : o.after().object(id);
            as = made == null ? null : GraphProjection.kernelName(made);
        }
        if (!any && as == null) {
            return Names.NONE;
        }
        Names n = new Names(java.util.Arrays.asList(args), as);
        return seen.computeIfAbsent(n, k -> k);
    }

    /** The step's op with the objects {@code names} gives its handles: the text {@link #named(StepOutcome, State)} made. */
    static String named(ScenarioStep step, Names names) {
        if (!step.isOp()) {
            return step.text();
        }
        StringBuilder sb = new StringBuilder(step.op().name()).append(": {");
        String sep = "";
        int i = 0;
        for (Map.Entry<String, Arg> e : step.op().args().entrySet()) {
            String kernel = names.args().isEmpty() ? null : names.args().get(i);
            i++;
            sb.append(sep).append(e.getKey()).append(": ")
                    .append(kernel == null ? e.getValue().yaml() : kernel + " · " + ((Arg.Obj) e.getValue()).ref().handle());
            sep = ", ";
        }
        if (step.as() != null) {
            sb.append(sep).append("as: ").append(names.as() == null ? step.as() : names.as() + " · " + step.as());
        }
        return sb.append('}').toString();
    }

    /**
     * The kernel's names of the objects a step's handles named, by argument (null: written as is), and of the
     * object its {@code as} bound (null: none); {@link #NONE} when no handle named a live object.
     */
    record Names(java.util.List<String> args, String as) {
        static final Names NONE = new Names(java.util.List.of(), null);
    }

    /** The kernel's name of the object a handle argument names in {@code before}, or null: written as is. */
    private String kernelName(Arg a, State before) {
        if (a instanceof Arg.Obj obj && obj.ref().isHandle()) {
            Long id = bound.get(obj.ref().handle());
            IommufdObject o = id == null ? null : before.object(id);
            if (o != null) {
                return GraphProjection.kernelName(o);
            }
        }
        return null;
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
