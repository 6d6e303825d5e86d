package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.iopt.IovaRange;
import org.snakeyaml.engine.v2.nodes.Node;

/** The handles bound so far while a file is read, and the object references and ranges that use them. */
final class HandleScope {
    private final NodeReader r;
    private final Map<String, Integer> bound = new LinkedHashMap<>();
    /** One reference per handle name: a long trace names the same few handles in every step. */
    private final Map<String, Ref> refs = new java.util.HashMap<>();

    HandleScope(NodeReader r) {
        this.r = r;
    }

    /** Binds a handle from here on (rebinding a name is allowed: later steps see the newer object). */
    void bind(String name, int line) {
        bound.put(name, line);
    }

    /** A valid handle name for {@code as}, or null (reported). */
    String handleName(Node node, String what) {
        String t = r.text(node, what);
        if (t != null && !Ref.HANDLE.matcher(t).matches()) {
            r.error(node, what + " must be a handle name ([A-Za-z_][A-Za-z0-9_.-]*), not '" + NodeReader.shortText(t) + "'");
            return null;
        }
        return t;
    }

    /** An object: a raw ID (any number), or a handle bound by an earlier step; null (reported) otherwise. */
    Ref ref(Node node, String what) {
        String t = r.text(node, what);
        if (t == null) {
            return null;
        }
        String s = t.strip();
        if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
            try {
                return Ref.raw(NumberSyntax.parse(s));
            } catch (IllegalArgumentException e) {
                r.error(node, what + ": " + e.getMessage());
                return null;
            }
        }
        if (!Ref.HANDLE.matcher(t).matches()) {
            r.error(node, what + ": '" + NodeReader.shortText(t) + "' is neither a handle name nor an object ID");
            return null;
        }
        if (!bound.containsKey(t)) {
            String hint = DidYouMean.hint(t, bound.keySet());
            r.error(node, "undefined handle '" + NodeReader.shortText(t) + "'"
                    + (hint.isEmpty() ? " (a handle is bound by an earlier step's 'as')" : hint));
            return null;
        }
        return refs.computeIfAbsent(t, Ref::handle);
    }

    /** A list of inclusive [first, last] pairs, or null (reported). The kernel judges their order, not the reader. */
    List<IovaRange> ranges(Node node, String what) {
        List<Node> items = r.sequence(node, what);
        if (items == null) {
            return null;
        }
        List<IovaRange> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            List<Node> pair = r.sequence(item, "a range of " + what);
            if (pair == null) {
                ok = false;
                continue;
            }
            if (pair.size() != 2) {
                r.error(item, "a range of " + what + " must be [first, last], not a list of " + pair.size());
                ok = false;
                continue;
            }
            Arg.Num first = r.number(pair.get(0), "a range's first");
            Arg.Num last = r.number(pair.get(1), "a range's last");
            if (first == null || last == null) {
                ok = false;
                continue;
            }
            out.add(new IovaRange(first.value(), last.value()));
        }
        return ok ? out : null;
    }
}
