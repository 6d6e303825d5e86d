package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.hw.Topology;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The {@code steps} list. A step has at most one op key plus {@code as}, {@code expect} and {@code say}
 * ({@code as} may also sit inside the op's arguments); or a {@code check}; or only a {@code say}.
 */
final class StepReader {
    private static final List<String> STEP_KEYS = List.of("as", "expect", "say", "check");

    private final NodeReader r;
    private final HandleScope handles;
    private final OpArgumentsReader arguments;
    private final ExpectationReader expectations;
    private final CheckReader checks;

    /** {@code topology} null: it was too broken to read, so device names and group IDs are not checked. */
    StepReader(NodeReader r, Topology topology) {
        this.r = r;
        this.handles = new HandleScope(r);
        this.arguments = new OpArgumentsReader(r, handles, topology);
        this.expectations = new ExpectationReader(r, handles);
        this.checks = new CheckReader(r, handles, topology);
    }

    /** A whole {@code steps} list (the items of a streamed list come one at a time through {@link #step}). */
    List<ScenarioStep> read(Node node) {
        List<Node> items = r.sequence(node, "steps");
        List<ScenarioStep> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (Node item : items) {
            ScenarioStep step = step(item);
            if (step != null) {
                out.add(step);
            }
        }
        return out;
    }

    /** One item of the steps list; null when it has a problem (reported). */
    ScenarioStep step(Node node) {
        Map<String, NodeReader.Entry> e = r.mapping(node, "a step", null);
        if (e == null) {
            return null;
        }
        int before = r.problemCount();
        if (e.isEmpty()) {
            r.error(node, "an empty step: give an op, a check or a say");
            return null;
        }
        NodeReader.Entry opEntry = null;
        for (NodeReader.Entry entry : e.values()) {
            String key = entry.name();
            if (OpSignature.of(key) != null) {
                if (opEntry != null) {
                    r.error(entry.key(), "a step has at most one op: '" + key + "' follows '" + opEntry.name() + "'");
                } else {
                    opEntry = entry;
                }
            } else if (!STEP_KEYS.contains(key)) {
                unknownKey(entry);
            }
        }
        String say = e.containsKey("say") ? r.text(e.get("say").value(), "say") : null;
        if (e.containsKey("check")) {
            return checkStep(node, e, opEntry, say, before);
        }
        if (opEntry == null) {
            for (String k : List.of("as", "expect")) {
                if (e.containsKey(k)) {
                    r.error(e.get(k).key(), "'" + k + "' needs an op in the same step");
                }
            }
            return built(node, before, null, null, null, say, null);
        }
        return opStep(node, e, opEntry, say, before);
    }

    private void unknownKey(NodeReader.Entry entry) {
        String key = entry.name();
        List<String> all = new ArrayList<>(OpSignature.names());
        all.addAll(STEP_KEYS);
        String near = DidYouMean.nearest(key, all);
        if (near != null && STEP_KEYS.contains(near)) {
            r.error(entry.key(), "unknown key '" + NodeReader.shortText(key) + "' in a step (did you mean '" + near + "'?)");
        } else if (near != null) {
            r.error(entry.key(), "unknown op '" + NodeReader.shortText(key) + "' (did you mean '" + near + "'?)");
        } else {
            r.error(entry.key(), "unknown op '" + NodeReader.shortText(key) + "' (the ops are " + String.join(", ", OpSignature.names())
                    + "; a step may also have as, expect, say, or be a check)");
        }
    }

    private ScenarioStep checkStep(Node node, Map<String, NodeReader.Entry> e, NodeReader.Entry opEntry, String say, int before) {
        if (opEntry != null) {
            r.error(e.get("check").key(), "a step is an op or a check, not both");
        }
        for (String k : List.of("as", "expect")) {
            if (e.containsKey(k)) {
                r.error(e.get(k).key(), "a check takes no '" + k + "'");
            }
        }
        CheckSpec check = checks.read(e.get("check").value());
        return built(node, before, null, null, null, say, check);
    }

    private ScenarioStep opStep(Node node, Map<String, NodeReader.Entry> e, NodeReader.Entry opEntry, String say, int before) {
        OpSignature sig = OpSignature.of(opEntry.name());
        Map<String, NodeReader.Entry> args = new LinkedHashMap<>();
        if (!NodeReader.isNull(opEntry.value())) {
            List<String> allowed = new ArrayList<>(sig.paramNames());
            allowed.add("as");
            Map<String, NodeReader.Entry> m = r.mapping(opEntry.value(), sig.name() + "'s arguments", allowed);
            if (m != null) {
                args.putAll(m);
            }
        }
        String as = null;
        NodeReader.Entry asEntry = args.remove("as");
        if (asEntry != null && e.containsKey("as")) {
            r.error(e.get("as").key(), "'as' is given twice: in the step and in " + sig.name() + "'s arguments");
        } else if (asEntry == null) {
            asEntry = e.get("as");
        }
        if (asEntry != null) {
            as = handles.handleName(asEntry.value(), "as");
            if (sig.idOutput() == null) {
                r.error(asEntry.key(), "'as' binds the object an op returns; " + sig.name() + " returns none");
            }
        }
        OpSpec op = arguments.read(sig, opEntry.key(), args);
        Expectation expect = e.containsKey("expect") ? expectations.read(e.get("expect").value(), sig) : null;
        if (as != null) {
            handles.bind(as, NodeReader.line(node));
        }
        return built(node, before, op, as, expect, say, null);
    }

    /** The step at its position, or null when reading it found a problem (already reported). */
    private ScenarioStep built(Node node, int problemsBefore, OpSpec op, String as, Expectation expect, String say, CheckSpec check) {
        if (r.problemCount() != problemsBefore) {
            return null;
        }
        return new ScenarioStep(NodeReader.line(node), NodeReader.column(node), op, as, expect, say, check);
    }
}
