package org.iommuscope.app.timeline;

import java.util.List;
import java.util.Map;
import org.iommuscope.app.graph.EventTouch;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.GraphStep;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.State;
import org.iommuscope.engine.scenario.ScenarioStep;

/**
 * One position of the timeline: the state after step {@code number} (0 is the machine at boot), the op
 * as written, its outcome, the caption, and what it changed.
 *
 * <p>A frame holds what its step produced; the picture ({@link #graph()}) is either given (a short scenario,
 * a what-if step) or projected from the state when first asked for and kept in a small cache its run shares
 * ({@link FrameGraphs}). A long trace's frame keeps its state only at a checkpoint; the others are derived from
 * the nearest one when asked for ({@link FrameStates}): a trace of 10^5 steps keeps neither 10^5 pictures nor
 * 10^5 states.
 *
 * <p>{@code passed} is false when the step did not meet its expectation; {@code opNamed} is the op with each
 * handle it names followed by the kernel's name for the object ("attach: {dev: idev 1 · idev1, pt: hwpt_paging
 * 6 · hwpt2}"), as the log shows it. A long trace's frame keeps neither text: it keeps the step as the file wrote it
 * (the scenario's own) and the kernel's names of its handles' objects (shared by the steps that name the same), and
 * makes the texts when a log row or the status line asks; its events are kept as one event when there is one.
 */
public final class Frame {
    private final int number;
    /** The op as written: its text, or the {@link ScenarioStep} that makes it when asked. */
    private final Object op;
    /** The op with its objects' names: its text, or the {@link HandleNames.Names} that make it with the step. */
    private final Object opNamed;
    private final String outcome;
    private final String reason;
    private final boolean passed;
    private final String caption;
    /** What the step did: a {@code List<Event>}, or its one {@link Event}. */
    private final Object events;
    /** The state after the step, or null: derived on demand through {@link #states}. */
    private final State state;
    private final FrameStates states;
    private final int line;
    /** The picture given up front, or null: projected on demand through {@link #graphs}. */
    private final GraphModel graph;
    private final FrameGraphs graphs;
    /** Object ID → the handle its box shows at this step (for a picture projected on demand). */
    private final Map<Integer, String> boxNames;

    public Frame(int number, String op, String opNamed, String outcome, String reason, boolean passed, String caption,
                 List<Event> events, State state, GraphModel graph, int line) {
        this(number, op, opNamed, outcome, reason, passed, caption, events, state, null, line, graph, null, null);
    }

    /** A frame whose op names no handle: the log shows it as written. */
    public Frame(int number, String op, String outcome, String reason, boolean passed, String caption, List<Event> events,
                 State state, GraphModel graph, int line) {
        this(number, op, op, outcome, reason, passed, caption, events, state, graph, line);
    }

    private Frame(int number, Object op, Object opNamed, String outcome, String reason, boolean passed, String caption,
                  List<Event> events, State state, FrameStates states, int line, GraphModel graph, FrameGraphs graphs,
                  Map<Integer, String> boxNames) {
        this.number = number;
        this.op = op;
        this.opNamed = opNamed;
        this.outcome = outcome;
        this.reason = reason;
        this.passed = passed;
        this.caption = caption;
        this.events = events != null && events.size() == 1 && events.get(0) != null ? events.get(0) : events;
        this.state = state;
        this.states = states;
        this.line = line;
        this.graph = graph;
        this.graphs = graphs;
        this.boxNames = boxNames;
    }

    /**
     * A frame whose picture is projected from {@code state} (boxes named by {@code boxNames}) when first drawn,
     * and kept only while {@code graphs} has room for it.
     */
    public static Frame projectedOnDemand(int number, String op, String opNamed, String outcome, String reason, boolean passed,
                                          String caption, List<Event> events, State state, Map<Integer, String> boxNames,
                                          int line, FrameGraphs graphs) {
        return new Frame(number, op, opNamed, outcome, reason, passed, caption, events, state, null, line, null, graphs, boxNames);
    }

    /**
     * As {@link #projectedOnDemand}, for a step of a long run whose state {@code states} keeps or derives:
     * {@code kept} is the state when the frame keeps it (a checkpoint), else null.
     */
    public static Frame derivedOnDemand(int number, String op, String opNamed, String outcome, String reason, boolean passed,
                                        String caption, List<Event> events, State kept, FrameStates states,
                                        Map<Integer, String> boxNames, int line, FrameGraphs graphs) {
        return new Frame(number, op, opNamed, outcome, reason, passed, caption, events, kept, states, line, null, graphs, boxNames);
    }

    /**
     * As {@link #derivedOnDemand}, for a step of a long run that keeps no text: {@link #op} is the step's text
     * ({@link ScenarioStep#text}), {@link #opNamed} its text with the objects {@code names} gives its handles, and
     * the caption and line the step's.
     */
    static Frame ofStep(int number, ScenarioStep step, HandleNames.Names names, String outcome, String reason, boolean passed,
                        List<Event> events, State kept, FrameStates states, Map<Integer, String> boxNames, FrameGraphs graphs) {
        return new Frame(number, step, step.isOp() ? names : step, outcome, reason, passed, step.say(), events, kept, states,
                step.line(), null, graphs, boxNames);
    }

    public int number() {
        return number;
    }

    public String op() {
        return op instanceof ScenarioStep step ? step.text() : (String) op;
    }

    public String opNamed() {
        if (opNamed instanceof HandleNames.Names names) {
            return HandleNames.named((ScenarioStep) op, names);
        }
        return opNamed instanceof ScenarioStep step ? step.text() : (String) opNamed;
    }

    /**
     * Whether the op's text starts with {@code prefix}, case aside (the log's filter by op): a frame that makes its
     * text when asked makes it only when the prefix reaches past the op's name, which the text starts with.
     */
    boolean opStartsWith(String prefix) {
        if (op instanceof ScenarioStep step) {
            String head = step.isOp() ? step.op().name() : step.isCheck() ? "check" : "say";
            if (prefix.length() <= head.length()) {
                return head.regionMatches(true, 0, prefix, 0, prefix.length());
            }
        }
        return op().regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** Whether the frame makes its op's texts when asked (a long trace's) rather than holding them. */
    public boolean textsOnDemand() {
        return op instanceof ScenarioStep;
    }

    public String outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    public boolean passed() {
        return passed;
    }

    public String caption() {
        return caption;
    }

    @SuppressWarnings("unchecked")
    public List<Event> events() {
        return events instanceof Event e ? List.of(e) : (List<Event>) events;
    }

    /**
     * A runner of the run this frame is a step of, positioned at or before it (a copy, to go on from), or null when
     * the run kept none (a short scenario's frames): a what-if click replays from there.
     */
    public org.iommuscope.engine.scenario.ScenarioRunner runnerBefore() {
        return states == null ? null : states.runnerBefore(number);
    }

    /** Whether the step may show an object or a link its predecessor's picture had not (see StreamedFrames.mayChangeShape). */
    public boolean mayChangeShape() {
        return StreamedFrames.mayChangeShape(events());
    }

    /** The state after the step: the one kept, or derived from the nearest kept one (the same state the run produced). */
    public State state() {
        return state != null ? state : states.of(number);
    }

    /** Whether the frame holds its state (every frame but a long run's between two checkpoints). */
    public boolean keepsState() {
        return state != null;
    }

    public int line() {
        return line;
    }

    /** The picture of this step: the one given, or the cached projection of the state. */
    public GraphModel graph() {
        return graph != null ? graph : graphs.of(this);
    }

    /** Whether the picture is projected on demand (not held by the frame). */
    public boolean projectedOnDemand() {
        return graph == null;
    }

    /** The run's kept and derived states, for a long run's frame; null when the frame was given its state. */
    FrameStates states() {
        return states;
    }

    Map<Integer, String> boxNames() {
        return boxNames;
    }

    /**
     * A frame is one step of one run: equal only to itself. Comparing whole snapshots and graphs would be
     * costly, and list cells compare their old and new item on every scroll.
     */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "Frame " + number + ": " + summary();
    }

    public boolean captioned() {
        return caption != null && !caption.isBlank();
    }

    /** "attach idev1 → hwpt 5: ok", for the status line. */
    public String summary() {
        if (number == 0) {
            return "initial state";
        }
        return op() + ": " + outcome;
    }

    /** The step as the canvas draws it: the picture, what the step touched, its pulses and DMA probes. */
    public GraphStep picture() {
        return GraphStep.of(graph(), events());
    }

    /** Whether the step touched the object (the log's filter); the machine at boot touches everything. */
    public boolean touches(NodeId node) {
        if (number == 0 || node == null) {
            return true;
        }
        if (events instanceof Event e) {
            return EventTouch.touches(e, node);
        }
        return events().stream().anyMatch(e -> EventTouch.touches(e, node));
    }
}
