package org.iommuscope.vm.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.scenario.OutputText;
import org.iommuscope.vm.runner.RunnerLine;

/**
 * An op's outcome in one spelling for both sides, so that equal outcomes print the same: "ok {id: 1}",
 * "EINVAL", "EMSGSIZE {ranges: [[0x0, 0xfedfffff]], alignment: 0x1000, num: 2}", "fault". A DMA's {@code pa}
 * is left out: no kernel shows where a DMA landed in physical memory.
 */
public final class OutcomeText {
    /** Outputs that hold object IDs (decimal), as the format's ops name them. */
    static final Set<String> ID_KEYS = Set.of("id", "pt_id");
    /** Outputs a kernel does not show. */
    static final Set<String> UNOBSERVABLE = Set.of("pa");

    private OutcomeText() {
    }

    /** The engine's outputs a kernel can show, in the engine's order. */
    public static Map<String, Object> observable(Result r) {
        Map<String, Object> out = new LinkedHashMap<>(r.outputs());
        UNOBSERVABLE.forEach(out::remove);
        return out;
    }

    /** The runner's outputs as the engine types them: IDs Integer, ranges IovaRange lists, the rest Long. */
    public static Map<String, Object> values(RunnerLine l) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : l.outputs().entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            try {
                if (ID_KEYS.contains(k)) {
                    out.put(k, Integer.parseUnsignedInt(v));
                } else if (k.equals("ranges")) {
                    out.put(k, ranges(v));
                } else if (v.startsWith("0x")) {
                    out.put(k, Long.parseUnsignedLong(v.substring(2), 16));
                } else if (v.matches("[0-9]+")) {
                    out.put(k, Long.parseUnsignedLong(v));
                } else {
                    out.put(k, v);
                }
            } catch (NumberFormatException ex) {
                out.put(k, v);
            }
        }
        return out;
    }

    static List<IovaRange> ranges(String text) {
        List<IovaRange> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String r : text.split(",")) {
            int dash = r.indexOf('-', 2);
            out.add(new IovaRange(Long.parseUnsignedLong(r.substring(2, dash), 16), Long.parseUnsignedLong(r.substring(dash + 3), 16)));
        }
        return out;
    }

    public static String engine(Result r) {
        return text(r.outcome(), observable(r));
    }

    /** The kernel's outcome, its outputs keyed and ordered as {@code like} (the engine's) where they share keys. */
    public static String kernel(RunnerLine l, Map<String, Object> like) {
        if (l.outcome() == RunnerLine.Outcome.FAULT) {
            return "fault";
        }
        Map<String, Object> v = values(l);
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String k : like.keySet()) {
            if (v.containsKey(k)) {
                shown.put(k, v.get(k));
            }
        }
        if (l.outcome() == RunnerLine.Outcome.OK && like.isEmpty() && isDma(l)) {
            return "ok";
        }
        v.forEach((k, x) -> {
            if (!isDmaKey(k)) {
                shown.putIfAbsent(k, x);
            }
        });
        return text(l.outcomeText(), shown);
    }

    private static boolean isDma(RunnerLine l) {
        return l.outputs().containsKey("access");
    }

    private static boolean isDmaKey(String k) {
        return k.equals("access") || k.equals("dd") || k.equals("record") || k.equals("writeback");
    }

    static String text(String outcome, Map<String, Object> outputs) {
        return outputs.isEmpty() ? outcome : outcome + " " + OutputText.outputs(outputs);
    }
}
