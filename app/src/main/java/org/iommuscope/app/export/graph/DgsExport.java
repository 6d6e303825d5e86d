package org.iommuscope.app.export.graph;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.timeline.Frame;

/**
 * A scenario's timeline as a GraphStream DGS dynamic graph (DGS004): step 0 is the machine at boot and
 * step N the state after scenario step N. Each step carries only what changed (an/dn/ae/de/cn/ce), and the
 * graph attributes name the op, its outcome and the caption. The nodes and edges are the canvas's.
 */
public final class DgsExport {
    private DgsExport() {
    }

    public static void write(String title, List<Frame> frames, Writer out) throws IOException {
        out.write("DGS004\n");
        out.write(quote(title) + " 0 0\n");
        GraphModel prev = new GraphModel(Map.of(), Map.of());
        for (Frame f : frames) {
            out.write("st " + f.number() + "\n");
            out.write("cg \"step\":" + f.number() + " \"op\":" + quote(f.op()) + " \"outcome\":" + quote(f.outcome())
                    + " \"caption\":" + quote(f.caption() == null ? "" : f.caption()) + "\n");
            step(prev, f.graph(), out);
            prev = f.graph();
        }
        out.flush();
    }

    private static void step(GraphModel prev, GraphModel next, Writer out) throws IOException {
        for (String id : prev.edges().keySet()) {
            GraphModel.Edge e = next.edges().get(id);
            // An edge whose ends moved is a new edge: DGS cannot re-point one.
            if (e == null || !sameEnds(prev.edges().get(id), e)) {
                out.write("de " + quote(id) + "\n");
            }
        }
        for (String id : prev.nodes().keySet()) {
            if (!next.nodes().containsKey(id)) {
                out.write("dn " + quote(id) + "\n");
            }
        }
        for (GraphModel.Node n : next.nodes().values()) {
            GraphModel.Node before = prev.nodes().get(n.id());
            Map<String, Object> attrs = GraphAttributes.of(n);
            if (before == null) {
                out.write("an " + quote(n.id()) + attributes(attrs) + "\n");
            } else {
                Map<String, Object> changed = changed(GraphAttributes.of(before), attrs);
                if (!changed.isEmpty()) {
                    out.write("cn " + quote(n.id()) + attributes(changed) + "\n");
                }
            }
        }
        for (GraphModel.Edge e : next.edges().values()) {
            GraphModel.Edge before = prev.edges().get(e.id());
            Map<String, Object> attrs = GraphAttributes.of(e);
            if (before == null || !sameEnds(before, e)) {
                out.write("ae " + quote(e.id()) + " " + quote(e.from()) + " > " + quote(e.to()) + attributes(attrs) + "\n");
            } else {
                Map<String, Object> changed = changed(GraphAttributes.of(before), attrs);
                if (!changed.isEmpty()) {
                    out.write("ce " + quote(e.id()) + attributes(changed) + "\n");
                }
            }
        }
    }

    private static boolean sameEnds(GraphModel.Edge a, GraphModel.Edge b) {
        return a.from().equals(b.from()) && a.to().equals(b.to());
    }

    private static Map<String, Object> changed(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> out = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            if (!Objects.equals(before.get(k), v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String attributes(Map<String, Object> attrs) {
        StringBuilder s = new StringBuilder();
        attrs.forEach((k, v) -> s.append(' ').append(quote(k)).append(':').append(v instanceof String t ? quote(t) : String.valueOf(v)));
        return s.toString();
    }

    /** A DGS string: quotes and backslashes escaped; a line break would end the line, so it becomes a space. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ') + "\"";
    }
}
