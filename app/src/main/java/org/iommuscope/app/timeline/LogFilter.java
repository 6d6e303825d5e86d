package org.iommuscope.app.timeline;

import java.util.Locale;
import java.util.function.Predicate;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.NodeId;

/**
 * What the log's filter field asks for: steps of an op ("ioas_map"), steps with an outcome or errno ("EINVAL",
 * "fault", "failed"), or steps that touched an object, named by its box's id ("ioas-3") or its handle ("ioas1").
 * Case does not matter; an op or an outcome matches by its start ("ioas_" finds every IOAS op).
 */
public record LogFilter(Kind kind, String text) {
    /** What the text is matched against. */
    public enum Kind {
        OP("op"), OUTCOME("outcome"), OBJECT("object");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final LogFilter NONE = new LogFilter(Kind.OP, "");

    public LogFilter {
        text = text == null ? "" : text.strip();
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /**
     * The rows it keeps; {@code picture} resolves an object's name (a handle) to its box, and is asked once.
     * Null when an object named is in no picture: no row can match it.
     */
    public Predicate<Frame> predicate(GraphModel picture) {
        if (text.isEmpty()) {
            return f -> true;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return switch (kind) {
            // The op's name is its text up to the colon ("ioas_map: {…}"); boot has none.
            case OP -> f -> f.number() > 0 && f.opStartsWith(t);
            case OUTCOME -> f -> f.number() > 0 && f.outcome().regionMatches(true, 0, t, 0, t.length());
            case OBJECT -> {
                NodeId node = object(picture);
                yield node == null ? null : f -> f.number() > 0 && f.touches(node);
            }
        };
    }

    /** The box named by the text: its id or the handle it shows. */
    NodeId object(GraphModel picture) {
        if (picture == null) {
            return null;
        }
        for (GraphModel.Node n : picture.nodes().values()) {
            if (n.id().equalsIgnoreCase(text) || text.equals(n.handle())) {
                return n.ref();
            }
        }
        return null;
    }

    /** "log: op ioas_map", for the status row. */
    public String describe() {
        return isEmpty() ? "" : "log: " + kind + " " + text;
    }
}
