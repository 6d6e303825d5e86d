package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.hw.Unsigned;

/**
 * The way a DMA probe takes on the canvas: the device, its iommu_group, the domain the group is on (a
 * hwpt or a core domain), any nest-parents, and — when the IOVA translated — the IOAS whose area the
 * page comes from. A fault stops at the domain that refused it; a fault the domain's hwpt queues as a page
 * request (iommufd_fault_iopf_handler()) ends at the FAULT object it waits on.
 *
 * @param nodes  the canvas node ids along the way, device first
 * @param fault  true when the domain had no translation
 * @param text   the marker's text: the IOVA and the physical address, or the fault's reason
 * @param stages a two-stage walk's stages, each marked at its node: guest IOVA → guest PA at the nested hwpt,
 *               guest PA → host PA (or the refusal) at the nesting parent; empty for a one-stage walk
 */
public record DmaProbe(List<String> nodes, boolean fault, String text, List<Stage> stages) {
    public DmaProbe {
        nodes = List.copyOf(nodes);
        stages = List.copyOf(stages);
    }

    public DmaProbe(List<String> nodes, boolean fault, String text) {
        this(nodes, fault, text, List.of());
    }

    /** One stage of a nested walk, marked at the canvas node that did it. */
    public record Stage(String node, String text) {
    }

    /** The probe a step's DMA event describes on {@code g}, or empty when the event is no DMA. */
    public static Optional<DmaProbe> of(GraphModel g, Event e) {
        return of(g, e, null);
    }

    /**
     * The probes of a step's events: each DMA's, and a faulting DMA whose request was queued on a FAULT object (the
     * {@link Event.PageRequestQueued} right after it) ending at that fault queue.
     */
    public static List<DmaProbe> of(GraphModel g, List<Event> events) {
        List<DmaProbe> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            Event.PageRequestQueued queued = null;
            if (e instanceof Event.DmaFaulted f && i + 1 < events.size() && events.get(i + 1) instanceof Event.PageRequestQueued q
                    && q.device().equals(f.device())) {
                queued = q;
            }
            of(g, e, queued).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<DmaProbe> of(GraphModel g, Event e, Event.PageRequestQueued queued) {
        if (e instanceof Event.DmaTranslated t) {
            return path(g, t.device(), t.domain(), false).map(p -> {
                List<Stage> stages = new ArrayList<>();
                if (t.gpa() != null && p.size() > 2) {
                    // Stage 1 at the nested hwpt the group is on, stage 2 at the nesting parent whose pages it reads.
                    stages.add(new Stage(p.get(2), "stage 1: iova " + Unsigned.hex(t.iova()) + " → gpa " + Unsigned.hex(t.gpa())));
                    String parent = lastHwpt(g, p);
                    if (parent != null && !parent.equals(p.get(2))) {
                        stages.add(new Stage(parent, "stage 2: gpa " + Unsigned.hex(t.gpa()) + " → pa " + Unsigned.hex(t.pa())));
                    }
                }
                return new DmaProbe(p, false, "✓ iova " + Unsigned.hex(t.iova()) + " → pa " + Unsigned.hex(t.pa()), stages);
            });
        }
        if (e instanceof Event.DmaFaulted f) {
            if (queued != null) {
                return queuedPath(g, f.device(), f.domain(), queued).map(p -> new DmaProbe(p, true, "✗ iova " + Unsigned.hex(f.iova())
                        + " queued as a page request on fault " + queued.fault() + " (" + queued.pending() + " pending)"));
            }
            boolean stage2 = f.stage() == 2 && f.gpa() != null;
            return path(g, f.device(), f.domain(), !stage2).map(p -> {
                if (!stage2) {
                    return new DmaProbe(p, true, "✗ iova " + Unsigned.hex(f.iova()) + " faulted in domain " + f.domain()
                            + (f.stage() == 1 ? " at stage 1" : ""));
                }
                // Stage 1 gave a guest PA the nesting parent does not map: the walk ends at the parent, not at the IOAS.
                List<String> upToParent = new ArrayList<>(p);
                if (upToParent.size() > 3 && g.nodes().get(upToParent.get(upToParent.size() - 1)) != null
                        && g.nodes().get(upToParent.get(upToParent.size() - 1)).kind() == GraphModel.Kind.IOAS) {
                    upToParent.remove(upToParent.size() - 1);
                }
                List<Stage> stages = List.of(new Stage(p.get(2), "stage 1: iova " + Unsigned.hex(f.iova()) + " → gpa " + Unsigned.hex(f.gpa())));
                return new DmaProbe(upToParent, true, "✗ stage 2: gpa " + Unsigned.hex(f.gpa()) + " not mapped", stages);
            });
        }
        return Optional.empty();
    }

    /** The last hwpt on the way (the nesting parent of a nested walk). */
    private static String lastHwpt(GraphModel g, List<String> p) {
        String out = null;
        for (String id : p) {
            GraphModel.Node n = g.nodes().get(id);
            if (n != null && n.ref().isHwpt()) {
                out = id;
            }
        }
        return out;
    }

    /** The last node: where the marker sits. */
    public String end() {
        return nodes.get(nodes.size() - 1);
    }

    /** Device, group, the hwpt whose page request went to the fault queue, the fault queue. */
    private static Optional<List<String>> queuedPath(GraphModel g, String device, int domain, Event.PageRequestQueued q) {
        String fault = NodeId.fault(q.fault()).css();
        if (!g.nodes().containsKey(fault)) {
            return path(g, device, domain, true);
        }
        return path(g, device, domain, true).map(p -> {
            List<String> out = new ArrayList<>(p);
            String at = out.get(out.size() - 1);
            if (!fault.equals(next(g, at, GraphModel.EdgeKind.FAULT))) {
                // A request at a PASID: the hwpt attached there, which the group's domain is not.
                for (GraphModel.Edge e : g.edges().values()) {
                    if (e.kind() == GraphModel.EdgeKind.FAULT && e.to().equals(fault)) {
                        out.set(out.size() - 1, e.from());
                        break;
                    }
                }
            }
            out.add(fault);
            return out;
        });
    }

    /**
     * Device, group, the group's domain — or, for a DMA looked up in another domain (one attached at a PASID),
     * device, idev and that domain's hwpt along the PASID edge — then nest-parents and the IOAS.
     */
    private static Optional<List<String>> path(GraphModel g, String device, int domain, boolean stopAtDomain) {
        GraphModel.Node dev = g.nodes().get(GraphProjection.deviceId(device));
        if (dev == null || dev.parent() == null) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(List.of(dev.id(), dev.parent()));
        String at = next(g, dev.parent(), GraphModel.EdgeKind.GROUP_DOMAIN);
        String looked = g.domains().get(domain);
        String idev = next(g, dev.id(), GraphModel.EdgeKind.BOUND);
        if (looked != null && !looked.equals(at) && idev != null) {
            out.set(1, idev);
            at = looked;
        }
        if (at == null) {
            return Optional.empty();
        }
        out.add(at);
        if (stopAtDomain) {
            return Optional.of(out);
        }
        // A nested hwpt's stage 2 is its parent's; the parent's pages come from its IOAS.
        for (String p = next(g, at, GraphModel.EdgeKind.PARENT); p != null && !out.contains(p); p = next(g, p, GraphModel.EdgeKind.PARENT)) {
            out.add(p);
            at = p;
        }
        String ioas = next(g, at, GraphModel.EdgeKind.IOAS);
        if (ioas != null) {
            out.add(ioas);
        }
        return Optional.of(out);
    }

    private static String next(GraphModel g, String from, GraphModel.EdgeKind kind) {
        for (GraphModel.Edge e : g.edges().values()) {
            if (e.kind() == kind && e.from().equals(from)) {
                return e.to();
            }
        }
        return null;
    }
}
