package org.iommuscope.app.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The drawing model of one snapshot: nodes and edges with stable ids (`hwpt-7`) and style classes
 * (`hwpt auto diverged`). Every renderer draws this, so the canvas, the exports and the tests agree.
 */
public record GraphModel(Map<String, Node> nodes, Map<String, Edge> edges, Map<Integer, String> domains) {

    /** @param domains each iommu_domain's ID → the node drawn for it (its hwpt, or a group's core domain) */
    public GraphModel {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        edges = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(edges));
        domains = Map.copyOf(domains);
    }

    public GraphModel(Map<String, Node> nodes, Map<String, Edge> edges) {
        this(nodes, edges, Map.of());
    }

    public enum Kind {
        GROUP("group"), DEVICE("device"), CORE_DOMAIN("domain"), IDEV("idev"), HWPT_NESTED("hwpt"), HWPT_PAGING("hwpt"), IOAS("ioas"), FAULT("fault"), VIOMMU("viommu"), VDEVICE("vdevice"), VEVENTQ("veventq"),
        HW_QUEUE("hw-queue"), ACCESS("access");

        private final String styleClass;

        Kind(String styleClass) {
            this.styleClass = styleClass;
        }

        public String styleClass() {
            return styleClass;
        }
    }

    public enum EdgeKind {
        /** device → its idev. */
        BOUND("bound"),
        /** idev → the hwpt the kernel considers it attached to. */
        ATTACHED("attached"),
        /** idev → the hwpt user space records, drawn only when it differs from what the kernel has. */
        RECORDED("recorded"),
        /** group → the hwpt (or core domain) whose domain the whole group is on. */
        GROUP_DOMAIN("group-domain"),
        /** nested hwpt → its nest-parent. */
        PARENT("parent"),
        /** hwpt_paging → its IOAS. */
        IOAS("in-ioas"),
        /** idev → the hwpt it is attached to at a PASID (labelled `pasid N`); the RID's is {@link #ATTACHED}. */
        PASID("pasid"),
        /** hwpt → the FAULT object its page requests are queued on. */
        FAULT("fault-queue"),
        /** idev → the vDEVICE standing for it in a guest. */
        VDEVICE("vdevice-of"),
        /** vDEVICE, vEVENTQ or HW queue → the vIOMMU it is allocated on. */
        ON_VIOMMU("on-viommu");

        private final String styleClass;

        EdgeKind(String styleClass) {
            this.styleClass = styleClass;
        }

        public String styleClass() {
            return styleClass;
        }
    }

    /**
     * @param ref     the object the node stands for
     * @param name    the kernel's name for it: `hwpt_paging 6`, `idev 2`, `iommu_group 26`
     * @param handle  the scenario's handle naming it at this step (`hwpt2`), or empty
     * @param parent  the enclosing group box's id, or null
     * @param classes extra style classes: auto, manual, diverged, implicit, blocking, nest-parent …
     * @param tooltip the longer explanation (divergence, refcounts)
     */
    public record Node(NodeId ref, String name, String handle, String detail, String parent, Set<String> classes, String tooltip) {
        public Node {
            handle = handle == null ? "" : handle;
            classes = Set.copyOf(classes);
        }

        /** The node's id in the scene, the layout and exports (`hwpt-6`). */
        public String id() {
            return ref.css();
        }

        public Kind kind() {
            return ref.kind();
        }

        /** What its box says: the kernel's name and the scenario's handle, `hwpt_paging 6 · hwpt2`. */
        public String label() {
            return handle.isEmpty() ? name : name + " · " + handle;
        }
    }

    /** @param label the text drawn along the edge (`pasid 5`), or empty */
    public record Edge(String id, String from, String to, EdgeKind kind, Set<String> classes, String label) {
        public Edge {
            classes = Set.copyOf(classes);
            label = label == null ? "" : label;
        }

        public Edge(String id, String from, String to, EdgeKind kind, Set<String> classes) {
            this(id, from, to, kind, classes, "");
        }
    }

    public List<Node> nodesOf(Kind kind) {
        return nodes.values().stream().filter(n -> n.kind() == kind).toList();
    }

    /** What "divergent only" keeps bright: diverged or implicit idevs and what their edges point at. */
    public Set<String> divergenceFocus() {
        Set<String> focus = new java.util.HashSet<>();
        for (Node n : nodes.values()) {
            if (n.classes().contains("diverged") || n.classes().contains("implicit")) {
                focus.add(n.id());
            }
        }
        for (Edge e : edges.values()) {
            if (focus.contains(e.from())) {
                focus.add(e.to());
            }
        }
        return focus;
    }
}
