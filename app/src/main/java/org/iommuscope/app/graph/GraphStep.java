package org.iommuscope.app.graph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iommuscope.engine.Event;

/**
 * A step as the canvas draws it: the picture after the step, the objects the step touched (outlined for that
 * step), the hwpts a replace left where they were (pulsed), and the DMA probes it made. What a canvas needs
 * of a step's events, read from them once, here.
 */
public record GraphStep(GraphModel graph, Set<String> changed, Set<String> pulses, List<DmaProbe> probes) {

    public GraphStep {
        changed = Set.copyOf(changed);
        pulses = Set.copyOf(pulses);
        probes = List.copyOf(probes);
    }

    /** The picture alone, as no step changed it (the machine at boot, a picture built in code). */
    public static GraphStep still(GraphModel graph) {
        return new GraphStep(graph, Set.of(), Set.of(), List.of());
    }

    public static GraphStep of(GraphModel graph, List<Event> events) {
        Set<String> changed = new LinkedHashSet<>();
        for (GraphModel.Node n : graph.nodes().values()) {
            for (Event ev : events) {
                if (EventTouch.touches(ev, n.ref())) {
                    changed.add(n.id());
                    break;
                }
            }
        }
        Set<String> pulses = new LinkedHashSet<>();
        List<DmaProbe> probes = new ArrayList<>();
        for (Event ev : events) {
            if (ev instanceof Event.ReplaceNop nop) {
                pulses.add(NodeId.hwptPaging(nop.hwpt()).css());
            }
        }
        probes.addAll(DmaProbe.of(graph, events));
        return new GraphStep(graph, changed, pulses, probes);
    }
}
