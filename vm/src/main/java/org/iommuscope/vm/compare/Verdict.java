package org.iommuscope.vm.compare;

/** What the comparison of one step concluded. */
public enum Verdict {
    /** Both ran the op and answered the same (errno, IDs, outputs; a DMA's ok or fault). */
    AGREE("agree"),
    /** They answered differently. */
    DISAGREE("DISAGREE"),
    /** They answered differently, in a way the known-differences file explains with kernel evidence. */
    KNOWN("known difference"),
    /** A real kernel cannot show this (a check of refcounts, group_domain, user space's record, …): never agreement. */
    NOT_OBSERVABLE("not observable"),
    /** Neither side ran the op: a handle it uses was bound by a step that failed on both. */
    NOT_RUN("not run on either"),
    /** A caption: nothing to run. */
    CAPTION("");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** Whether the step counts against the run. */
    public boolean fails() {
        return this == DISAGREE;
    }
}
