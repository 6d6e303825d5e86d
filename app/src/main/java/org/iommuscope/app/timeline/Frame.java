package org.iommuscope.app.timeline;

import java.util.List;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.State;

/**
 * One position of the timeline: the state after step {@code number} (0 is the machine at boot), the op
 * as written, its outcome, the caption, and what it changed.
 *
 * @param passed false when the step did not meet its expectation
 */
public record Frame(int number, String op, String outcome, String reason, boolean passed, String caption, List<Event> events,
                    State state, GraphModel graph, int line) {

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
}
