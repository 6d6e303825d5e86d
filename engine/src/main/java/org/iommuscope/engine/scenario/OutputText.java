package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.iopt.IovaRange;

/** An op's outputs as the format writes them: what a failed expectation and the real-kernel report both print. */
public final class OutputText {
    private OutputText() {
    }

    /** "{id: 3, iova: 0x100000000}". */
    public static String outputs(Map<String, Object> outputs) {
        List<String> parts = new ArrayList<>();
        outputs.forEach((k, v) -> parts.add(k + ": " + value(v)));
        return "{" + String.join(", ", parts) + "}";
    }

    /** IDs in decimal (a u32), numbers as {@link NumberSyntax#format}, ranges as [[first, last], ...]. */
    @SuppressWarnings("unchecked")
    public static String value(Object v) {
        if (v instanceof Integer i) {
            return Integer.toUnsignedString(i);
        }
        if (v instanceof Long l) {
            return NumberSyntax.format(l);
        }
        if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof IovaRange)) {
            return YamlText.ranges((List<IovaRange>) list);
        }
        if (v instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(String::valueOf).toList()) + "]";
        }
        return String.valueOf(v);
    }
}
