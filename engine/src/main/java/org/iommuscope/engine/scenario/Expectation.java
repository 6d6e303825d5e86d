package org.iommuscope.engine.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iommuscope.engine.errno.Errno;

/** A step's {@code expect}: ok, an errno, a DMA fault, anything, or named outputs (of a success or of an errno). */
public sealed interface Expectation {

    /** As written in a file. */
    String yaml();

    Ok OK = new Ok();
    Any ANY = new Any();
    Fault FAULT = new Fault();

    record Ok() implements Expectation {
        public String yaml() {
            return "ok";
        }
    }

    /** A what-if step: whatever happens passes. */
    record Any() implements Expectation {
        public String yaml() {
            return "any";
        }
    }

    /** A DMA whose translation must fail. */
    record Fault() implements Expectation {
        public String yaml() {
            return "fault";
        }
    }

    record Fails(Errno errno) implements Expectation {
        public String yaml() {
            return errno.name();
        }
    }

    /**
     * Outputs that must equal the values given; {@code errno} null means the op must succeed, else it must fail
     * with that errno (IOAS_IOVA_RANGES's EMSGSIZE still writes ranges). ID outputs hold {@link Arg.Obj}.
     */
    record Outputs(Errno errno, Map<String, Arg> outputs) implements Expectation {
        public Outputs {
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }

        public String yaml() {
            StringBuilder sb = new StringBuilder("{");
            String sep = "";
            if (errno != null) {
                sb.append("errno: ").append(errno.name());
                sep = ", ";
            }
            for (Map.Entry<String, Arg> e : outputs.entrySet()) {
                sb.append(sep).append(e.getKey()).append(": ").append(e.getValue().yaml());
                sep = ", ";
            }
            return sb.append('}').toString();
        }
    }
}
