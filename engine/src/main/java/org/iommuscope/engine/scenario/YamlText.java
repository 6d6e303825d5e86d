package org.iommuscope.engine.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.iommuscope.engine.iopt.IovaRange;

/** Scalars and ranges in the YAML the writer and the step texts use. */
final class YamlText {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Words a YAML 1.1 or 1.2 reader would take for a boolean or null. */
    private static final Set<String> RESERVED = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

    private YamlText() {
    }

    /** A text as a plain scalar when that reads back as the same text, else double-quoted. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        return quoted(s);
    }

    static String quoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                default:
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff
                            || (Character.isSurrogate(c) && !validPair(s, i)) || c == 0xfffe || c == 0xffff) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c)) {
                        sb.append(c).append(s.charAt(++i));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    /**
     * A long or multi-line text as a folded block ({@code >-}, or {@code >} when it ends with one newline) with
     * lines of at most about {@code width} characters, indented by {@code indent}; or the scalar on one line
     * when folding could not give the same text back (leading, trailing or doubled spaces, tabs, control
     * characters).
     */
    static String text(String s, String indent, int width) {
        boolean clip = s.endsWith("\n") && !s.endsWith("\n\n");
        String body = clip ? s.substring(0, s.length() - 1) : s;
        if ((body.length() <= width && !body.contains("\n")) || !foldable(body)) {
            return scalar(s);
        }
        StringBuilder out = new StringBuilder(clip ? ">" : ">-");
        boolean first = true;
        for (String paragraph : body.split("\n", -1)) {
            if (!first) {
                out.append('\n'); // folding reads each newline of the text back from one empty line
            }
            first = false;
            if (paragraph.isEmpty()) {
                continue;
            }
            out.append('\n');
            int lineStart = 0;
            int lastSpace = -1;
            for (int i = 0; i < paragraph.length(); i++) {
                if (paragraph.charAt(i) == ' ') {
                    if (i - lineStart > width && lastSpace > lineStart) {
                        out.append(indent).append(paragraph, lineStart, lastSpace).append('\n');
                        lineStart = lastSpace + 1;
                    }
                    lastSpace = i;
                }
            }
            if (paragraph.length() - lineStart > width && lastSpace > lineStart) {
                out.append(indent).append(paragraph, lineStart, lastSpace).append('\n');
                lineStart = lastSpace + 1;
            }
            out.append(indent).append(paragraph, lineStart, paragraph.length());
        }
        return out.toString();
    }

    /** Paragraphs joined by newlines; within a paragraph single spaces only, none at either end; printable. */
    private static boolean foldable(String body) {
        if (body.isEmpty() || body.startsWith("\n") || body.endsWith("\n")) {
            return false;
        }
        for (String paragraph : body.split("\n", -1)) {
            if (paragraph.startsWith(" ") || paragraph.endsWith(" ") || paragraph.contains("  ")) {
                return false;
            }
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff
                    || Character.isSurrogate(c) || c >= 0xfffe) {
                return false;
            }
        }
        return true;
    }

    /** [[0x1000000, 0x1000fff], ...]: ranges always in hex. */
    static String ranges(List<IovaRange> ranges) {
        StringBuilder sb = new StringBuilder("[");
        String sep = "";
        for (IovaRange r : ranges) {
            sb.append(sep).append('[').append(hex(r.first())).append(", ").append(hex(r.last())).append(']');
            sep = ", ";
        }
        return sb.append(']').toString();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
