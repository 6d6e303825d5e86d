package org.iommuscope.app.whatif;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.NumberSyntax;

/** The values typed into an op's form, read as the scenario format reads them: numbers, IOVA ranges. */
final class OpValues {
    private OpValues() {
    }

    /** A number as typed (decimal, 0x hex, 4K/2M/1G), keeping its spelling for the saved file. */
    static Arg.Num number(String label, String text) {
        try {
            return new Arg.Num(NumberSyntax.parse(text), text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage());
        }
    }

    /** "0x1000-0x1fff, 0x4000-0x4fff": inclusive first-last ranges. */
    static Arg.Ranges ranges(String label, String text) {
        List<IovaRange> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] ends = part.split("-");
            if (ends.length != 2) {
                throw new IllegalArgumentException(label + ": '" + part.strip() + "' is not first-last");
            }
            long first = number(label, ends[0]).value();
            long last = number(label, ends[1]).value();
            if (Long.compareUnsigned(first, last) > 0) {
                throw new IllegalArgumentException(label + ": " + part.strip() + " ends before it starts");
            }
            out.add(new IovaRange(first, last));
        }
        return new Arg.Ranges(out);
    }
}
