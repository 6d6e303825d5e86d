package org.iommuscope.engine.scenario;

/**
 * How large a scenario file may be, and from what size on it is read as a stream. Nothing else about a
 * file's length is limited: a trace of millions of steps is read in memory that does not grow with it. The
 * protections against hostile files (nesting, aliases of collections, values expanded through aliases) do not
 * depend on these and always apply.
 *
 * @param maxBytes       a larger file is refused, with both sizes in the message; at most 2 GiB - 2 (the
 *                       YAML reader counts characters in an int)
 * @param streamAboveBytes a larger file is read as a stream (see {@link ScenarioStream}); a smaller one is read
 *                       and checked whole before its first step is handed out
 */
public record ReadLimits(long maxBytes, long streamAboveBytes) {
    /** The default largest file: 1 GiB, about 17 million ops. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final long DEFAULT_STREAM_ABOVE_BYTES = 16L << 20;
    /** The YAML reader's own ceiling. */
    public static final long CEILING = Integer.MAX_VALUE - 1L;

    /** System properties that set the defaults: byte counts, or sizes such as {@code 2G}. */
    public static final String MAX_BYTES_PROPERTY = "iommuscope.scenario.maxBytes";
    public static final String STREAM_ABOVE_PROPERTY = "iommuscope.scenario.streamAboveBytes";

    public ReadLimits {
        if (maxBytes < 0 || maxBytes > CEILING) {
            throw new IllegalArgumentException("the largest scenario file can be set from 0 to " + CEILING + " bytes, not " + maxBytes);
        }
        if (streamAboveBytes < 0) {
            throw new IllegalArgumentException("a negative size: " + streamAboveBytes);
        }
    }

    /** The defaults, or what the system properties set. */
    public static ReadLimits defaults() {
        return new ReadLimits(property(MAX_BYTES_PROPERTY, DEFAULT_MAX_BYTES), property(STREAM_ABOVE_PROPERTY, DEFAULT_STREAM_ABOVE_BYTES));
    }

    public ReadLimits withMaxBytes(long max) {
        return new ReadLimits(max, streamAboveBytes);
    }

    public ReadLimits withStreamAboveBytes(long bytes) {
        return new ReadLimits(maxBytes, bytes);
    }

    /** "4194304 bytes (4 MiB)": a size as the messages give it. */
    static String describe(long bytes) {
        String[] units = {"KiB", "MiB", "GiB"};
        String human = "";
        for (int i = units.length; i >= 1; i--) {
            long unit = 1L << (10 * i);
            if (bytes >= unit && bytes % unit == 0) {
                human = " (" + bytes / unit + " " + units[i - 1] + ")";
                break;
            }
        }
        return bytes + " bytes" + human;
    }

    private static long property(String name, long fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return NumberSyntax.parse(v.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }
}
