package org.iommuscope.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.errno.Errno;

/**
 * What an op returned: success with outputs, the kernel's errno (possibly with outputs, as
 * IOAS_IOVA_RANGES's EMSGSIZE), or a DMA fault; plus the events it caused and, on failure, the reason in
 * words. Outputs hold Long for numbers and Integer for object IDs, and List of IovaRange for ranges.
 */
public record Result(Errno errno, boolean fault, Map<String, Object> outputs, List<Event> events, String reason) {

    public Result {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        events = List.copyOf(events);
    }

    public boolean ok() {
        return errno == null && !fault;
    }

    /** "ok", the errno's name, or "fault". */
    public String outcome() {
        return errno != null ? errno.name() : fault ? "fault" : "ok";
    }

    public Object output(String key) {
        return outputs.get(key);
    }
}
