package org.iommuscope.app.compare;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.iommuscope.app.graph.GraphModel;

/**
 * Which objects look different in two pictures of the same scenario: present in one only, another
 * label, detail (refcounts) or class (diverged, implicit), or arrows to other places (attached to,
 * recorded as, the group's domain). What a reviewer would spot comparing the two canvases.
 */
public final class GraphDifference {
    private GraphDifference() {
    }

    public static Set<String> nodesThatDiffer(GraphModel a, GraphModel b) {
        Set<String> ids = new TreeSet<>(a.nodes().keySet());
        ids.addAll(b.nodes().keySet());
        Set<String> out = new TreeSet<>();
        for (String id : ids) {
            GraphModel.Node x = a.nodes().get(id);
            GraphModel.Node y = b.nodes().get(id);
            if (x == null || y == null || !looksSame(x, y) || !outgoing(a, id).equals(outgoing(b, id))) {
                out.add(id);
            }
        }
        return out;
    }

    private static boolean looksSame(GraphModel.Node x, GraphModel.Node y) {
        return x.kind() == y.kind() && Objects.equals(x.label(), y.label()) && Objects.equals(x.detail(), y.detail())
                && x.classes().equals(y.classes());
    }

    /** The node's arrows as "kind→target [classes]". */
    private static Set<String> outgoing(GraphModel g, String id) {
        Set<String> out = new HashSet<>();
        for (GraphModel.Edge e : g.edges().values()) {
            if (e.from().equals(id)) {
                out.add(e.kind() + "→" + e.to() + " " + new TreeSet<>(e.classes()));
            }
        }
        return out;
    }
}
