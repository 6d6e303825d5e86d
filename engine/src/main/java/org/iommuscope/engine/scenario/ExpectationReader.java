package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.iopt.IovaRange;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** A step's {@code expect}: ok, any, fault, an errno name, or a mapping of the op's outputs. */
final class ExpectationReader {
    private static final List<String> ERRNOS = Arrays.stream(Errno.values()).map(Errno::name).toList();

    private final NodeReader r;
    private final HandleScope handles;

    ExpectationReader(NodeReader r, HandleScope handles) {
        this.r = r;
        this.handles = handles;
    }

    Expectation read(Node node, OpSignature op) {
        if (node instanceof MappingNode) {
            return outputs(node, op);
        }
        String t = r.text(node, "expect");
        if (t == null) {
            return null;
        }
        switch (t) {
            case "ok":
                return Expectation.OK;
            case "any":
                return Expectation.ANY;
            case "fault":
                if (!op.name().equals("dma")) {
                    r.error(node, "expect: 'fault' is the outcome of a dma; " + op.name() + " cannot fault");
                    return null;
                }
                return Expectation.FAULT;
            default:
                Errno errno = Errno.byName(t);
                if (errno == null) {
                    List<String> words = new ArrayList<>(List.of("ok", "any", "fault"));
                    words.addAll(ERRNOS);
                    String hint = DidYouMean.hint(t, words);
                    r.error(node, "expect: unknown outcome '" + NodeReader.shortText(t) + "'"
                            + (hint.isEmpty() ? " (ok, any, fault, an errno name such as EINVAL, or a mapping of outputs)" : hint));
                    return null;
                }
                return new Expectation.Fails(errno);
        }
    }

    private Expectation outputs(Node node, OpSignature op) {
        List<String> allowed = new ArrayList<>(op.outputs().keySet());
        allowed.add("errno");
        Map<String, NodeReader.Entry> e = r.mapping(node, "the outputs of " + op.name(), allowed);
        if (e == null) {
            return null;
        }
        Errno errno = null;
        Map<String, Arg> outputs = new LinkedHashMap<>();
        boolean ok = true;
        for (NodeReader.Entry entry : e.values()) {
            String key = entry.name();
            if (key.equals("errno")) {
                String t = r.choice(entry.value(), "errno", ERRNOS);
                errno = t == null ? null : Errno.byName(t);
                ok &= t != null;
                continue;
            }
            Arg value = output(entry.value(), key, op.outputs().get(key));
            ok &= value != null;
            if (value != null) {
                outputs.put(key, value);
            }
        }
        return ok ? new Expectation.Outputs(errno, outputs) : null;
    }

    private Arg output(Node node, String key, OpSignature.Kind kind) {
        switch (kind) {
            case OBJECT: {
                Ref ref = handles.ref(node, key);
                return ref == null ? null : new Arg.Obj(ref);
            }
            case RANGES: {
                List<IovaRange> ranges = handles.ranges(node, key);
                return ranges == null ? null : new Arg.Ranges(ranges);
            }
            case CAPS: {
                List<Node> items = r.sequence(node, key);
                if (items == null) {
                    return null;
                }
                List<String> words = new ArrayList<>();
                for (Node item : items) {
                    String w = r.choice(item, key, OpSignature.CAPABILITIES);
                    if (w == null) {
                        return null;
                    }
                    words.add(w);
                }
                return new Arg.Words(words);
            }
            default:
                return r.number(node, key);
        }
    }
}
