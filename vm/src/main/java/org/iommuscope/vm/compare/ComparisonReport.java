package org.iommuscope.vm.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A comparison as text: per step "agree" with the answer, or both answers side by side, or why it is not
 * observable; then the counts.
 */
public final class ComparisonReport {
    private ComparisonReport() {
    }

    public static List<String> lines(ScenarioComparison c) {
        List<String> out = new ArrayList<>();
        out.add(c.file() + ": " + c.title());
        out.add("  kernel " + c.release() + "; engine profile " + c.profile());
        c.layout().forEach(l -> out.add("  " + l));
        c.notes().forEach(n -> out.add("  note: " + n));
        for (StepComparison s : c.steps()) {
            if (s.verdict() == Verdict.CAPTION) {
                continue;
            }
            String head = String.format(Locale.ROOT, "  step %d (line %d) %s", s.step(), s.line(), s.text());
            switch (s.verdict()) {
                case AGREE -> {
                    out.add(head);
                    out.add("      agree: " + s.kernel() + (s.note().isEmpty() ? "" : "  (" + s.note() + ")"));
                }
                case DISAGREE, KNOWN -> {
                    out.add(head);
                    out.add("      " + s.verdict().text() + ":  kernel " + s.kernel() + "  |  engine " + s.engine());
                    if (!s.note().isEmpty()) {
                        out.add("      " + s.note());
                    }
                }
                case NOT_OBSERVABLE -> {
                    out.add(head);
                    out.add("      not observable: " + s.note() + (s.engine().isEmpty() ? "" : " (engine: " + s.engine() + ")"));
                }
                case NOT_RUN -> {
                    out.add(head);
                    out.add("      not run on either side: " + s.note());
                }
                default -> {
                }
            }
        }
        for (KnownDifferences.Entry e : c.staleEntries()) {
            out.add("  stale known difference (step " + e.step() + " no longer differs that way): " + e.kernel() + " | " + e.engine());
        }
        out.add(String.format(Locale.ROOT, "  %d agree, %d disagree, %d known differences, %d not observable%s; the steps took %.2f s in the VM",
                c.count(Verdict.AGREE), c.count(Verdict.DISAGREE), c.count(Verdict.KNOWN), c.count(Verdict.NOT_OBSERVABLE),
                c.count(Verdict.NOT_RUN) > 0 ? ", " + c.count(Verdict.NOT_RUN) + " run on neither" : "", c.guestSeconds()));
        return out;
    }
}
