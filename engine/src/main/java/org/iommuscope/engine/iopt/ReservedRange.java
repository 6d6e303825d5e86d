package org.iommuscope.engine.iopt;

/** A node of iopt->reserved_itree: inclusive [start, last] with its owner. Ranges of different owners may overlap. */
public record ReservedRange(long start, long last, ReservedOwner owner) {
}
