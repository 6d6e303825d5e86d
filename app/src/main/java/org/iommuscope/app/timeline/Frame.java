package org.iommuscope.app.timeline;

import java.util.List;
import org.iommuscope.app.graph.EventTouch;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.GraphStep;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.State;

/**
 * One position of the timeline: the state after step {@code number} (0 is the machine at boot), the op
 * as written, its outcome, the caption, and what it changed.
 *
 * @param passed  false when the step did not meet its expectation
 * @param opNamed the op with each handle it names followed by the kernel's name for the object
 *                ("attach: {dev: idev 1 · idev1, pt: hwpt_paging 6 · hwpt2}"), as the log shows it
 */
public record Frame(int number, String op, String opNamed, String outcome, String reason, boolean passed, String caption,
                    List<Event> events, State state, GraphModel graph, int line) {

    /** A frame whose op names no handle: the log shows it as written. */
    public Frame(int number, String op, String outcome, String reason, boolean passed, String caption, List<Event> events,
                 State state, GraphModel graph, int line) {
        this(number, op, op, outcome, reason, passed, caption, events, state, graph, line);
    }

    /**
     * A frame is one step of one run: equal only to itself. The record's own equality compares whole
     * snapshots and graphs, and list cells compare their old and new item on every scroll.
     */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    public boolean captioned() {
        return caption != null && !caption.isBlank();
    }

    /** "attach idev1 → hwpt 5: ok", for the status line. */
    public String summary() {
        if (number == 0) {
            return "initial state";
        }
        return op + ": " + outcome;
    }

    /** The step as the canvas draws it: the picture, what the step touched, its pulses and DMA probes. */
    public GraphStep picture() {
        return GraphStep.of(graph, events);
    }

    /** Whether the step touched the object (the log's filter); the machine at boot touches everything. */
    public boolean touches(NodeId node) {
        return number == 0 || node == null || events.stream().anyMatch(e -> EventTouch.touches(e, node));
    }
}
