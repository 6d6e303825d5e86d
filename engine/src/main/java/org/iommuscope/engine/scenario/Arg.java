package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.iopt.IovaRange;

/** A value of an op argument or an expected output, as the file wrote it; handles are not yet resolved. */
public sealed interface Arg {

    /** The value in the format's flow syntax. */
    String yaml();

    /**
     * An unsigned 64-bit number; {@code written} keeps the file's spelling (2M, 0x1000) for display and saving. A
     * spelling that {@link NumberSyntax#format} or {@link NumberSyntax#formatSize} gives again is not kept but made
     * when asked (a long trace has a few numbers per step). Equal when value and spelling are, as a record would be.
     */
    final class Num implements Arg {
        /** Markers for a spelling made again when asked (compared by identity). */
        private static final String AS_FORMAT = new String("format");
        private static final String AS_SIZE = new String("size");
        private final long value;
        private final String spelling;

        public Num(long value, String written) {
            this.value = value;
            this.spelling = written == null ? null : written.equals(NumberSyntax.format(value)) ? AS_FORMAT
                    : written.equals(NumberSyntax.formatSize(value)) ? AS_SIZE : written;
        }

        public static Num of(long value) {
            return new Num(value, NumberSyntax.format(value));
        }

        public long value() {
            return value;
        }

        public String written() {
            return spelling == AS_FORMAT ? NumberSyntax.format(value) : spelling == AS_SIZE ? NumberSyntax.formatSize(value) : spelling;
        }

        public String yaml() {
            return written();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Num n && n.value == value && java.util.Objects.equals(n.written(), written());
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(value) + java.util.Objects.hashCode(written());
        }

        @Override
        public String toString() {
            return "Num[value=" + value + ", written=" + written() + "]";
        }
    }

    /** An object: a handle or a raw ID. */
    record Obj(Ref ref) implements Arg {
        public String yaml() {
            return ref.toString();
        }
    }

    /** A word: a device name, a perm (rw, r, w, none) or an access (read, write). */
    record Word(String value) implements Arg {
        public String yaml() {
            return YamlText.scalar(value);
        }
    }

    /** A list of words: hwpt_alloc's flags. */
    record Words(List<String> values) implements Arg {
        public Words {
            values = List.copyOf(values);
        }

        public String yaml() {
            return "[" + String.join(", ", values) + "]";
        }
    }

    /** A list of inclusive [first, last] IOVA ranges. */
    record Ranges(List<IovaRange> ranges) implements Arg {
        public Ranges {
            ranges = List.copyOf(ranges);
        }

        public String yaml() {
            return YamlText.ranges(ranges);
        }
    }

    record Flag(boolean value) implements Arg {
        public String yaml() {
            return Boolean.toString(value);
        }
    }

    /** hwpt_alloc's stage1: the guest's stage-1 translation of a nested hwpt. */
    record Stage1Data(Stage1 value) implements Arg {
        public String yaml() {
            StringBuilder sb = new StringBuilder("{mode: ").append(value.mode().yamlName());
            if (!value.map().isEmpty()) {
                List<String> ranges = new ArrayList<>();
                for (Stage1.Range r : value.map().values()) {
                    ranges.add("[" + NumberSyntax.format(r.giova()) + ", " + NumberSyntax.format(r.gpa()) + ", "
                            + NumberSyntax.format(r.length()) + ", " + r.prot() + "]");
                }
                sb.append(", map: [").append(String.join(", ", ranges)).append(']');
            }
            return sb.append('}').toString();
        }
    }

    /** hwpt_invalidate's entries. */
    record Entries(List<Op.InvalidationEntry> values) implements Arg {
        public Entries {
            values = List.copyOf(values);
        }

        public String yaml() {
            List<String> items = new ArrayList<>();
            for (Op.InvalidationEntry e : values) {
                items.add("{virt_id: " + NumberSyntax.format(e.virtId()) + ", cache_id: " + e.cacheId() + ", flags: "
                        + NumberSyntax.format(e.flags()) + "}");
            }
            return "[" + String.join(", ", items) + "]";
        }
    }
}
