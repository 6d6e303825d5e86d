package org.iommuscope.app.timeline;

/**
 * What a real kernel said about one step (File → Run on a kernel…), as the log's "kernel" column shows it and
 * the tick bar marks it.
 */
public record KernelMark(Kind kind, String text) {

    public enum Kind { AGREE, DISAGREE, KNOWN, NOT_OBSERVABLE }
}
