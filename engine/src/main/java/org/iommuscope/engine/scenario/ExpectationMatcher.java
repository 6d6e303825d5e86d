package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.iommuscope.engine.Result;

/** Compares what an op returned with its step's {@code expect}, and says what it returned in the format's words. */
final class ExpectationMatcher {
    private final HandleTable handles;

    ExpectationMatcher(HandleTable handles) {
        this.handles = handles;
    }

    /** The ways the result misses the expectation; empty when it meets it. */
    List<String> mismatches(Expectation expect, Result result) {
        List<String> out = new ArrayList<>();
        if (expect instanceof Expectation.Any) {
            return out;
        }
        String wanted = expect instanceof Expectation.Outputs o ? (o.errno() == null ? "ok" : o.errno().name()) : expect.yaml();
        if (!wanted.equals(result.outcome())) {
            out.add("expected " + wanted + ", got " + actual(result));
            return out;
        }
        if (expect instanceof Expectation.Outputs o) {
            for (Map.Entry<String, Arg> e : o.outputs().entrySet()) {
                String problem = output(e.getKey(), e.getValue(), result);
                if (problem != null) {
                    out.add(problem);
                }
            }
        }
        return out;
    }

    private String output(String key, Arg want, Result result) {
        Object got = result.output(key);
        if (got == null) {
            return "no output '" + key + "' (the op returned " + outputs(result.outputs()) + ")";
        }
        if (want instanceof Arg.Obj o) {
            long id;
            try {
                id = handles.id(o.ref());
            } catch (Unresolvable e) {
                return key + ": " + e.getMessage();
            }
            long actual = ((Number) got).longValue();
            return actual == id ? null : key + " is " + handles.describe(actual) + ", expected " + o.ref() + " (" + id + ")";
        }
        if (want instanceof Arg.Num n) {
            long actual = got instanceof Number x ? x.longValue() : -1;
            return got instanceof Number && actual == n.value() ? null
                    : key + " is " + value(got) + ", expected " + n.written();
        }
        if (want instanceof Arg.Ranges r) {
            return r.ranges().equals(got) ? null : key + " are " + value(got) + ", expected " + r.yaml();
        }
        if (want instanceof Arg.Words w && got instanceof List<?> list) {
            return new TreeSet<>(w.values()).equals(new TreeSet<>(list)) ? null
                    : key + " are " + value(got) + ", expected " + w.yaml();
        }
        return key + ": cannot compare with " + want.yaml();
    }

    /** "ok {pt_id: 4}", "EINVAL: reason", "EMSGSIZE {ranges: [], alignment: 2048, num: 1}", "fault: reason". */
    static String actual(Result r) {
        StringBuilder sb = new StringBuilder(r.outcome());
        if (!r.outputs().isEmpty()) {
            sb.append(' ').append(outputs(r.outputs()));
        }
        if (!r.ok() && r.reason() != null && !r.reason().isEmpty()) {
            sb.append(": ").append(r.reason());
        }
        return sb.toString();
    }

    static String outputs(Map<String, Object> outputs) {
        return OutputText.outputs(outputs);
    }

    static String value(Object v) {
        return OutputText.value(v);
    }
}
