package org.iommuscope.app.export.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import org.iommuscope.app.graph.GraphModel;

/**
 * The attributes a node or edge of the canvas model carries into other tools: the same for DGS and GraphML,
 * so the two files describe one graph. {@code ui.*} are GraphStream's own, so its viewers label and style it.
 */
final class GraphAttributes {
    private GraphAttributes() {
    }

    /** kind, label, detail, parent group, style classes, diverged, tooltip. */
    static Map<String, Object> of(GraphModel.Node n) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kind", n.kind().name().toLowerCase(java.util.Locale.ROOT));
        a.put("label", n.label());
        a.put("detail", n.detail() == null ? "" : n.detail());
        a.put("parent", n.parent() == null ? "" : n.parent());
        a.put("classes", classes(n.classes()));
        a.put("diverged", n.classes().contains("diverged"));
        a.put("tooltip", n.tooltip() == null ? "" : n.tooltip());
        a.put("ui.label", n.label());
        a.put("ui.class", uiClass(n.kind().styleClass(), n.classes()));
        return a;
    }

    static Map<String, Object> of(GraphModel.Edge e) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kind", e.kind().styleClass());
        a.put("classes", classes(e.classes()));
        a.put("diverged", e.classes().contains("diverged"));
        a.put("ui.class", uiClass(e.kind().styleClass(), e.classes()));
        return a;
    }

    private static String classes(java.util.Set<String> classes) {
        return String.join(" ", classes.stream().sorted().toList());
    }

    /** GraphStream takes several classes comma-separated, and styles by the first: the kind. */
    private static String uiClass(String kind, java.util.Set<String> classes) {
        StringBuilder s = new StringBuilder(kind.replace('-', '_'));
        classes.stream().sorted().forEach(c -> s.append(',').append(c.replace('-', '_')));
        return s.toString();
    }
}
