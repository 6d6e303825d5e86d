package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.hw.Unsigned;

/**
 * The way a DMA probe takes on the canvas: the device, its iommu_group, the domain the group is on (a
 * hwpt or a core domain), any nest-parents, and — when the IOVA translated — the IOAS whose area the
 * page comes from. A fault stops at the domain that refused it.
 *
 * @param nodes  the canvas node ids along the way, device first
 * @param fault  true when the domain had no translation
 * @param text   the marker's text: the IOVA and the physical address, or the fault's reason
 */
public record DmaProbe(List<String> nodes, boolean fault, String text) {
    public DmaProbe {
        nodes = List.copyOf(nodes);
    }

    /** The probe a step's DMA event describes on {@code g}, or empty when the event is no DMA. */
    public static Optional<DmaProbe> of(GraphModel g, Event e) {
        if (e instanceof Event.DmaTranslated t) {
            return path(g, t.device(), false).map(p -> new DmaProbe(p, false,
                    "✓ iova " + Unsigned.hex(t.iova()) + " → pa " + Unsigned.hex(t.pa())));
        }
        if (e instanceof Event.DmaFaulted f) {
            return path(g, f.device(), true).map(p -> new DmaProbe(p, true,
                    "✗ iova " + Unsigned.hex(f.iova()) + " faulted in domain " + f.domain()));
        }
        return Optional.empty();
    }

    /** The last node: where the marker sits. */
    public String end() {
        return nodes.get(nodes.size() - 1);
    }

    private static Optional<List<String>> path(GraphModel g, String device, boolean stopAtDomain) {
        GraphModel.Node dev = g.nodes().get(GraphProjection.deviceId(device));
        if (dev == null || dev.parent() == null) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(List.of(dev.id(), dev.parent()));
        String at = next(g, dev.parent(), GraphModel.EdgeKind.GROUP_DOMAIN);
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
