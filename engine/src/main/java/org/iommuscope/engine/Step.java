package org.iommuscope.engine;

/** One op applied: the op, what it returned, and the state after it (an immutable snapshot). */
public record Step(Op op, Result result, State after) {
}
