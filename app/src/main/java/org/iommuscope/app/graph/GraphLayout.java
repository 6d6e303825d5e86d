package org.iommuscope.app.graph;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;
import org.iommuscope.app.graph.GraphModel.Kind;

/**
 * Positions for every node that appears at any step, computed once with ELK Layered over the union of
 * all frames: a step never moves a node, and an object born later already has its place near its peers.
 */
public final class GraphLayout {

    /** A node's box in canvas coordinates. */
    public record Box(double x, double y, double w, double h) {
        public double cy() {
            return y + h / 2;
        }
    }

    /** A point of an edge route, in canvas coordinates. */
    public record Point(double x, double y) {
    }

    private static volatile boolean registered;

    private final Map<String, Box> boxes;
    private final Map<String, List<Point>> routes;
    private final double width;
    private final double height;
    /** The class sets of every node and edge laid out (`node hwpt dirty`, `edge pasid`): what the legend lists. */
    private final Set<Set<String>> styles;

    private GraphLayout(Map<String, Box> boxes, Map<String, List<Point>> routes, double width, double height, Set<Set<String>> styles) {
        this.boxes = boxes;
        this.routes = routes;
        this.width = width;
        this.height = height;
        this.styles = Set.copyOf(styles);
    }

    /** The style classes each node and edge of the laid-out frames has, `node` or `edge` and its kind's first. */
    public Set<Set<String>> styles() {
        return styles;
    }

    private static Set<Set<String>> styles(List<GraphModel> frames) {
        Set<Set<String>> out = new java.util.HashSet<>();
        for (GraphModel f : frames) {
            for (GraphModel.Node n : f.nodes().values()) {
                Set<String> c = new HashSet<>(n.classes());
                c.add("node");
                c.add(n.kind().styleClass());
                out.add(Set.copyOf(c));
            }
            for (GraphModel.Edge e : f.edges().values()) {
                Set<String> c = new HashSet<>(e.classes());
                c.add("edge");
                c.add(e.kind().styleClass());
                out.add(Set.copyOf(c));
            }
        }
        return out;
    }

    /** ELK's orthogonal route from one node to another (start, bends, end), or null if it laid out none. */
    public List<Point> route(String from, String to) {
        return routes.get(from + ">" + to);
    }

    /**
     * The pair's route: ELK's, or (for an edge the layout never saw) an orthogonal one from the source's right
     * side to the target's left side around the boxes ({@link EdgeRouter}).
     */
    public List<Point> routeOf(String from, String to) {
        List<Point> r = route(from, to);
        if (r != null) {
            return r;
        }
        return EdgeRouter.route(box(from), box(to), boxes.values());
    }

    /**
     * Where an edge's text ends (its right end, on its baseline): just above the route's last run, a little before
     * the arrowhead. That run crosses the gap between two layers, so the text lies between boxes, not on one.
     */
    public static Point labelAnchor(List<Point> route) {
        Point end = route.get(route.size() - 1);
        return new Point(end.x() - 14, end.y() - 4);
    }

    public Box box(String id) {
        return boxes.get(id);
    }

    public Map<String, Box> boxes() {
        return boxes;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public static double nodeWidth(Kind k) {
        return switch (k) {
            case DEVICE -> 150;
            case IDEV -> 96;
            case HWPT_PAGING, HWPT_NESTED -> 150;
            case IOAS, FAULT, VDEVICE, VEVENTQ, HW_QUEUE, ACCESS -> 130;
            case VIOMMU -> 150;
            case CORE_DOMAIN -> 120;
            case GROUP -> 0;
        };
    }

    /**
     * A box wide enough for its title: the kind's width, or more when the scenario's handle follows the
     * kernel's name ("hwpt_paging 6 · hwpt2"). Estimated from the stylesheet's sizes (bold 0.95em and regular
     * 0.95em of 13 px, 6 px padding a side), as the layout runs where no font can be measured (a headless render).
     */
    public static double width(GraphModel.Node n) {
        double base = nodeWidth(n.kind());
        if (n.kind() == Kind.GROUP) {
            return base;
        }
        if (longDetail(n.kind())) {
            // The detail line (0.8em, about 6.3 px a character) of the kinds whose detail can run long.
            base = Math.max(base, 2 * Math.ceil((6.3 * n.detail().length() + 16) / 2));
        }
        if (n.handle().isEmpty()) {
            return base;
        }
        // An idev keeps room for its ⚠ badge in the top right corner.
        double text = 7.6 * n.name().length() + 6.6 * (n.handle().length() + 3) + 16 + (n.kind() == Kind.IDEV ? 14 : 0);
        return Math.max(base, 2 * Math.ceil(text / 2));
    }

    /** A hwpt's (dirty tracking), a fault queue's and the vIOMMU objects' detail lines may be wider than their box. */
    private static boolean longDetail(Kind k) {
        return switch (k) {
            case HWPT_PAGING, HWPT_NESTED, FAULT, VIOMMU, VDEVICE, VEVENTQ, HW_QUEUE -> true;
            default -> false;
        };
    }

    /** A group box's top padding: its title, and under it the mark of a group with an RMRR ("RMRR · not assignable"). */
    static double groupTop(GraphModel.Node g) {
        return g.detail().isEmpty() ? 28 : 44;
    }

    public static double nodeHeight(Kind k) {
        return switch (k) {
            case DEVICE -> 34;
            case CORE_DOMAIN -> 34;
            default -> 46;
        };
    }

    /** Loads and initialises ELK (a good part of a second, cold) so that a caller can overlap it with other work. */
    public static void warmUp() {
        of(List.of());
    }

    public static GraphLayout of(List<GraphModel> frames) {
        register();
        Map<String, GraphModel.Node> union = new LinkedHashMap<>();
        Set<List<String>> edgePairs = new java.util.LinkedHashSet<>();
        for (GraphModel f : frames) {
            f.nodes().forEach(union::putIfAbsent);
            for (GraphModel.Edge e : f.edges().values()) {
                edgePairs.add(List.of(e.from(), e.to()));
            }
        }
        // One width per kind, the widest title's: a column of boxes of one kind stays even.
        Map<Kind, Double> widths = new java.util.EnumMap<>(Kind.class);
        for (GraphModel.Node n : union.values()) {
            widths.merge(n.kind(), width(n), Math::max);
        }
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 70.0);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 22.0);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(24));
        Map<String, ElkNode> elk = new LinkedHashMap<>();
        for (GraphModel.Node n : union.values()) {
            if (n.kind() == Kind.GROUP) {
                ElkNode g = ElkGraphUtil.createNode(root);
                g.setIdentifier(n.id());
                g.setProperty(CoreOptions.PADDING, new ElkPadding(groupTop(n), 12, 12, 12));
                elk.put(n.id(), g);
            }
        }
        for (GraphModel.Node n : union.values()) {
            if (n.kind() == Kind.GROUP) {
                continue;
            }
            ElkNode parent = n.parent() != null ? elk.get(n.parent()) : root;
            ElkNode e = ElkGraphUtil.createNode(parent);
            e.setIdentifier(n.id());
            e.setDimensions(widths.get(n.kind()), nodeHeight(n.kind()));
            elk.put(n.id(), e);
        }
        Set<String> seen = new HashSet<>();
        Map<String, ElkEdge> elkEdges = new LinkedHashMap<>();
        for (List<String> p : edgePairs) {
            ElkNode a = elk.get(p.get(0));
            ElkNode b = elk.get(p.get(1));
            String key = p.get(0) + ">" + p.get(1);
            if (a != null && b != null && seen.add(key)) {
                elkEdges.put(key, ElkGraphUtil.createSimpleEdge(a, b));
            }
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        Map<String, Box> boxes = new LinkedHashMap<>();
        for (Map.Entry<String, ElkNode> e : elk.entrySet()) {
            ElkNode n = e.getValue();
            double[] at = absolute(n, root);
            boxes.put(e.getKey(), new Box(at[0], at[1], n.getWidth(), n.getHeight()));
        }
        Map<String, List<Point>> routes = new LinkedHashMap<>();
        for (Map.Entry<String, ElkEdge> e : elkEdges.entrySet()) {
            ElkEdge edge = e.getValue();
            if (edge.getSections().isEmpty()) {
                continue;
            }
            // Section coordinates are relative to the edge's containing node.
            ElkNode container = edge.getContainingNode();
            double[] off = container == null || container == root ? new double[] {0, 0} : absolute(container, root);
            ElkEdgeSection sec = edge.getSections().get(0);
            List<Point> pts = new java.util.ArrayList<>();
            pts.add(new Point(sec.getStartX() + off[0], sec.getStartY() + off[1]));
            for (ElkBendPoint bp : sec.getBendPoints()) {
                pts.add(new Point(bp.getX() + off[0], bp.getY() + off[1]));
            }
            pts.add(new Point(sec.getEndX() + off[0], sec.getEndY() + off[1]));
            routes.put(e.getKey(), List.copyOf(pts));
        }
        return new GraphLayout(boxes, routes, root.getWidth(), root.getHeight(), styles(frames));
    }

    /**
     * The same layout with a place for every node of {@code frames} it has none for, moving no node it has:
     * a what-if step must not reshuffle the picture. A new node goes in the column of its peers (same kind),
     * below the lowest of them; with no peer, one column right of what it links from (or of everything).
     * It then slides down until it overlaps nothing. A new group box goes below the lowest group with its
     * devices stacked inside; a new device of a group already placed grows that group's box (see
     * {@link #growGroup}). Edges ELK never saw (a new object's, or an old one's to a new place) are routed
     * orthogonally around the boxes ({@link EdgeRouter}), as ELK routes the rest.
     */
    public GraphLayout extend(List<GraphModel> frames) {
        Map<String, GraphModel.Node> union = new LinkedHashMap<>();
        Map<String, String> linkedFrom = new LinkedHashMap<>();
        for (GraphModel f : frames) {
            f.nodes().forEach(union::putIfAbsent);
            for (GraphModel.Edge e : f.edges().values()) {
                linkedFrom.putIfAbsent(e.to(), e.from());
            }
        }
        Map<String, Box> out = new LinkedHashMap<>(boxes);
        Map<String, List<Point>> outRoutes = new LinkedHashMap<>(routes);
        Map<String, Kind> kinds = new LinkedHashMap<>();
        union.forEach((id, n) -> kinds.put(id, n.kind()));
        boolean added = false;
        for (GraphModel.Node n : union.values()) {
            if (n.kind() != Kind.GROUP && !out.containsKey(n.id()) && n.parent() != null && out.containsKey(n.parent())) {
                growGroup(out, outRoutes, n.parent(), n.id(), nodeWidth(n.kind()), nodeHeight(n.kind()));
                added = true;
            }
        }
        for (GraphModel.Node n : union.values()) {
            if (n.kind() != Kind.GROUP || out.containsKey(n.id())) {
                continue;
            }
            List<GraphModel.Node> devices = union.values().stream().filter(d -> n.id().equals(d.parent()) && !out.containsKey(d.id())).toList();
            double w = nodeWidth(Kind.DEVICE) + 24;
            double h = groupTop(n) + 12 + devices.size() * nodeHeight(Kind.DEVICE) + Math.max(0, devices.size() - 1) * 22.0;
            double x = out.entrySet().stream().filter(e -> kinds.get(e.getKey()) == Kind.GROUP).mapToDouble(e -> e.getValue().x()).min().orElse(24);
            Box g = free(out, new Box(x, lowest(out, kinds, Kind.GROUP), w, h));
            out.put(n.id(), g);
            double y = g.y() + groupTop(n);
            for (GraphModel.Node d : devices) {
                out.put(d.id(), new Box(g.x() + 12, y, nodeWidth(Kind.DEVICE), nodeHeight(Kind.DEVICE)));
                y += nodeHeight(Kind.DEVICE) + 22;
            }
            added = true;
        }
        for (GraphModel.Node n : union.values()) {
            if (out.containsKey(n.id())) {
                continue;
            }
            double h = nodeHeight(n.kind());
            Box peer = out.entrySet().stream().filter(e -> kinds.get(e.getKey()) == n.kind())
                    .map(Map.Entry::getValue).max(java.util.Comparator.comparingDouble(Box::y)).orElse(null);
            double w = Math.max(width(n), peer == null ? 0 : peer.w());
            Box at;
            if (peer != null) {
                at = new Box(peer.x(), peer.y() + peer.h() + 22, w, h);
            } else {
                Box from = out.get(linkedFrom.get(n.id()));
                double right = out.values().stream().mapToDouble(b -> b.x() + b.w()).max().orElse(0);
                at = from != null ? new Box(from.x() + from.w() + 70, from.y(), w, h) : new Box(right + 70, 24, w, h);
            }
            out.put(n.id(), free(out, at));
            added = true;
        }
        Map<String, Box> placed = out;
        Set<String> unrouted = new java.util.LinkedHashSet<>();
        for (GraphModel f : frames) {
            for (GraphModel.Edge e : f.edges().values()) {
                String key = e.from() + ">" + e.to();
                if (!outRoutes.containsKey(key) && placed.containsKey(e.from()) && placed.containsKey(e.to())) {
                    unrouted.add(key);
                }
            }
        }
        Set<Set<String>> allStyles = new HashSet<>(styles);
        allStyles.addAll(styles(frames));
        if (!added && unrouted.isEmpty() && allStyles.equals(styles)) {
            return this;
        }
        for (String key : unrouted) {
            String[] ends = key.split(">", 2);
            outRoutes.put(key, EdgeRouter.route(placed.get(ends[0]), placed.get(ends[1]), placed.values()));
        }
        double wd = Math.max(width, out.values().stream().mapToDouble(b -> b.x() + b.w()).max().orElse(0) + 24);
        double ht = Math.max(height, out.values().stream().mapToDouble(b -> b.y() + b.h()).max().orElse(0) + 24);
        return new GraphLayout(out, outRoutes, wd, ht, allStyles);
    }

    /**
     * A device joins a group already drawn: it goes below the group's last member and the group box grows
     * downward to hold it. Only what the taller box would now overlap moves, straight down and by no more than
     * it must: the boxes below it in its column (a group with its devices), and in turn whatever those push.
     * Every other node keeps its place, so the picture is not reshuffled.
     */
    private static void growGroup(Map<String, Box> out, Map<String, List<Point>> routes, String groupId, String id, double w, double h) {
        Box g = out.get(groupId);
        double bottom = g.y() + 28 - 22;
        for (Map.Entry<String, Box> e : out.entrySet()) {
            if (!e.getKey().equals(groupId) && inside(e.getValue(), g)) {
                bottom = Math.max(bottom, e.getValue().y() + e.getValue().h());
            }
        }
        Box dev = new Box(g.x() + 12, bottom + 22, w, h);
        double need = dev.y() + dev.h() + 12 - (g.y() + g.h());
        Map<String, Double> moved = new LinkedHashMap<>();
        if (need > 0) {
            Box grown = new Box(g.x(), g.y(), g.w(), g.h() + need);
            // Top-level boxes below the group's top, highest first: each is pushed below whatever moved above it.
            List<Map.Entry<String, Box>> below = out.entrySet().stream()
                    .filter(e -> !e.getKey().equals(groupId) && !inside(e.getValue(), g) && e.getValue().y() >= g.y()
                            && out.entrySet().stream().noneMatch(o -> o.getValue() != e.getValue() && inside(e.getValue(), o.getValue())))
                    .sorted(java.util.Comparator.comparingDouble(e -> e.getValue().y())).toList();
            List<Box[]> pushers = new java.util.ArrayList<>();
            pushers.add(new Box[] {g, grown});
            for (Map.Entry<String, Box> e : below) {
                Box b = e.getValue();
                double to = b.y();
                for (Box[] p : pushers) {
                    if (p[0].y() <= b.y() && b.x() < p[1].x() + p[1].w() && p[1].x() < b.x() + b.w()) {
                        to = Math.max(to, p[1].y() + p[1].h() + 22);
                    }
                }
                if (to > b.y()) {
                    double d = to - b.y();
                    Box m = new Box(b.x(), to, b.w(), b.h());
                    pushers.add(new Box[] {b, m});
                    moved.put(e.getKey(), d);
                    for (Map.Entry<String, Box> c : out.entrySet()) {
                        if (c.getValue() != b && inside(c.getValue(), b)) {
                            moved.put(c.getKey(), d);
                        }
                    }
                }
            }
            moved.forEach((k, d) -> {
                Box b = out.get(k);
                out.put(k, new Box(b.x(), b.y() + d, b.w(), b.h()));
            });
            out.put(groupId, grown);
        }
        out.put(id, dev);
        if (!moved.isEmpty()) {
            routes.replaceAll((key, pts) -> {
                String[] ends = key.split(">", 2);
                return shifted(pts, moved.getOrDefault(ends[0], 0.0), moved.getOrDefault(ends[1], 0.0));
            });
        }
    }

    /** Whether {@code a} lies within {@code b} and is smaller: a group's member inside its box. */
    private static boolean inside(Box a, Box b) {
        return a.x() >= b.x() && a.y() >= b.y() && a.x() + a.w() <= b.x() + b.w() && a.y() + a.h() <= b.y() + b.h()
                && a.w() * a.h() < b.w() * b.h();
    }

    /**
     * An orthogonal route whose source end moved down by {@code ds} and target end by {@code dt}: the run of
     * points level with each end moves with it, so the route stays orthogonal (a vertical leg stretches); a
     * straight route that would turn diagonal gets a vertical leg halfway.
     */
    static List<Point> shifted(List<Point> pts, double ds, double dt) {
        if ((ds == 0 && dt == 0) || pts.size() < 2) {
            return pts;
        }
        if (ds == dt) {
            return pts.stream().map(p -> new Point(p.x(), p.y() + ds)).toList();
        }
        List<Point> out = new java.util.ArrayList<>(pts);
        int n = out.size();
        if (n == 2 || allLevel(pts)) {
            Point a = out.get(0);
            Point b = out.get(n - 1);
            double mid = (a.x() + b.x()) / 2;
            return List.of(new Point(a.x(), a.y() + ds), new Point(mid, a.y() + ds), new Point(mid, b.y() + dt), new Point(b.x(), b.y() + dt));
        }
        double y0 = pts.get(0).y();
        for (int i = 0; i < n && pts.get(i).y() == y0; i++) {
            out.set(i, new Point(pts.get(i).x(), y0 + ds));
        }
        double y1 = pts.get(n - 1).y();
        for (int i = n - 1; i >= 0 && pts.get(i).y() == y1; i--) {
            out.set(i, new Point(out.get(i).x(), y1 + dt));
        }
        return List.copyOf(out);
    }

    private static boolean allLevel(List<Point> pts) {
        return pts.stream().allMatch(p -> p.y() == pts.get(0).y());
    }

    private static double lowest(Map<String, Box> boxes, Map<String, Kind> kinds, Kind kind) {
        return boxes.entrySet().stream().filter(e -> kinds.get(e.getKey()) == kind)
                .mapToDouble(e -> e.getValue().y() + e.getValue().h() + 22).max().orElse(24);
    }

    /** The box moved down until it overlaps no placed box (group boxes included: a node never lands inside one). */
    private static Box free(Map<String, Box> placed, Box b) {
        Box at = b;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Box o : placed.values()) {
                if (at.x() < o.x() + o.w() && o.x() < at.x() + at.w() && at.y() < o.y() + o.h() + 22 && o.y() < at.y() + at.h() + 22) {
                    at = new Box(at.x(), o.y() + o.h() + 22, at.w(), at.h());
                    moved = true;
                }
            }
        }
        return at;
    }

    /** A node's position in root coordinates (ELK positions are relative to the parent). */
    private static double[] absolute(ElkNode n, ElkNode root) {
        double x = n.getX();
        double y = n.getY();
        for (ElkNode p = n.getParent(); p != null && p != root; p = p.getParent()) {
            x += p.getX();
            y += p.getY();
        }
        return new double[] {x, y};
    }

    private static void register() {
        if (!registered) {
            synchronized (GraphLayout.class) {
                if (!registered) {
                    LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
                    registered = true;
                }
            }
        }
    }
}
