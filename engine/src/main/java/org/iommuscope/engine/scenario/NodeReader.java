package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads typed values out of a node tree and collects every problem as a positioned diagnostic, so one pass
 * reports all errors of a file. Reading stops (with {@link Stop}) after {@link #MAX_DIAGNOSTICS} problems, or
 * once the values visited outnumber {@link #MAX_NODES} plus {@link #VISITS_PER_EVENT} per parser event read:
 * aliases let a small file name the same big list many times, while a file without them is visited about
 * once per event, however long it is.
 */
final class NodeReader {
    static final int MAX_DIAGNOSTICS = 200;
    static final int MAX_NODES = 2_000_000;
    static final int VISITS_PER_EVENT = 4;

    /** A mapping entry with a scalar key. */
    record Entry(ScalarNode key, Node value) {
        String name() {
            return key.getValue();
        }
    }

    /** Thrown to stop reading a file that has already said enough. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private final String file;
    private final LongSupplier eventsRead;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private long visited;

    /** {@code eventsRead}: how many parser events the file has given so far (the visit budget grows with it). */
    NodeReader(String file, LongSupplier eventsRead) {
        this.file = file;
        this.eventsRead = eventsRead;
    }

    String file() {
        return file;
    }

    boolean hasErrors() {
        return !diagnostics.isEmpty();
    }

    int problemCount() {
        return diagnostics.size();
    }

    /** The problems found, in file order. */
    List<Diagnostic> diagnostics() {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        return sorted;
    }

    static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    static int column(Node n) {
        return n.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }

    void error(Node at, String message) {
        diagnostics.add(new Diagnostic(file, line(at), column(at), message));
        if (diagnostics.size() >= MAX_DIAGNOSTICS) {
            diagnostics.add(new Diagnostic(file, line(at), column(at), "too many problems; stopped reading here"));
            throw new Stop();
        }
    }

    /** A problem found outside the node tree (the YAML layer's, or the file's own). */
    void add(Diagnostic d) {
        diagnostics.add(d);
    }

    private void visit(Node at) {
        if (++visited > MAX_NODES && visited > MAX_NODES + VISITS_PER_EVENT * eventsRead.getAsLong()) {
            diagnostics.add(new Diagnostic(file, line(at), column(at), "the document expands to more than " + visited
                    + " values, out of " + eventsRead.getAsLong() + " written (through aliases?); refused"));
            throw new Stop();
        }
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) && s.isPlain();
    }

    /** "a list", "a mapping", "a text", "nothing": for "must be X, not Y" messages. */
    static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return isNull(n) ? "empty" : "'" + shortText(((ScalarNode) n).getValue()) + "'";
    }

    static String shortText(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /**
     * A mapping's entries in file order, or null (reported) when the node is not a mapping. Non-scalar and
     * duplicate keys are reported; unknown keys too when {@code allowed} is given.
     */
    Map<String, Entry> mapping(Node node, String what, Collection<String> allowed) {
        visit(node);
        if (!(node instanceof MappingNode m)) {
            error(node, what + " must be a mapping, not " + kind(node));
            return null;
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            entry(out, t.getKeyNode(), t.getValueNode(), what, allowed);
        }
        return out;
    }

    /**
     * Adds one entry of a mapping to {@code out}, or reports why not (a key that is not a name, a duplicate, an
     * unknown key when {@code allowed} is given). Returns the entry, or null.
     */
    Entry entry(Map<String, Entry> out, Node keyNode, Node value, String what, Collection<String> allowed) {
        visit(keyNode);
        if (!(keyNode instanceof ScalarNode key) || isNull(key)) {
            error(keyNode, "keys of " + what + " must be names, not " + kind(keyNode));
            return null;
        }
        Entry first = out.get(key.getValue());
        if (first != null) {
            error(key, "duplicate key '" + shortText(key.getValue()) + "' (first at line " + line(first.key()) + ")");
            return null;
        }
        if (allowed != null && !allowed.contains(key.getValue())) {
            error(key, "unknown key '" + shortText(key.getValue()) + "' in " + what + DidYouMean.hint(key.getValue(), allowed));
            return null;
        }
        Entry e = new Entry(key, value);
        out.put(key.getValue(), e);
        return e;
    }

    /** A list's items, or null (reported) when the node is not a list. */
    List<Node> sequence(Node node, String what) {
        visit(node);
        if (!(node instanceof SequenceNode s)) {
            error(node, what + " must be a list, not " + kind(node));
            return null;
        }
        for (Node item : s.getValue()) {
            visit(item);
        }
        return s.getValue();
    }

    /** A scalar's text, or null (reported) when the node is a list, a mapping or empty. */
    String text(Node node, String what) {
        visit(node);
        if (!(node instanceof ScalarNode s) || isNull(node)) {
            error(node, what + " must be a text, not " + kind(node));
            return null;
        }
        return s.getValue();
    }

    /** A non-blank text naming something, or null (reported). */
    String name(Node node, String what) {
        String t = text(node, what);
        if (t != null && t.isBlank()) {
            error(node, what + " must not be blank");
            return null;
        }
        return t;
    }

    /** An unsigned 64-bit number, or null (reported). */
    Arg.Num number(Node node, String what) {
        visit(node);
        if (!(node instanceof ScalarNode s) || isNull(node)) {
            error(node, what + " must be a number, not " + kind(node));
            return null;
        }
        String t = s.getValue();
        try {
            return new Arg.Num(NumberSyntax.parse(t), t.strip());
        } catch (IllegalArgumentException e) {
            error(node, what + ": " + e.getMessage());
            return null;
        }
    }

    /** A number that must fit an int (group IDs), or null (reported). */
    Integer smallNumber(Node node, String what) {
        Arg.Num n = number(node, what);
        if (n == null) {
            return null;
        }
        if (Long.compareUnsigned(n.value(), Integer.MAX_VALUE) > 0) {
            error(node, what + ": " + n.written() + " is too large (at most " + Integer.MAX_VALUE + ")");
            return null;
        }
        return (int) n.value();
    }

    /** One of {@code choices}, or null (reported with the nearest choice). */
    String choice(Node node, String what, List<String> choices) {
        String t = text(node, what);
        if (t == null) {
            return null;
        }
        if (!choices.contains(t)) {
            String hint = DidYouMean.hint(t, choices);
            error(node, what + ": unknown value '" + shortText(t) + "'" + (hint.isEmpty() ? " (one of " + String.join(", ", choices) + ")" : hint));
            return null;
        }
        return t;
    }

    /** true or false, or null (reported). */
    Boolean bool(Node node, String what) {
        String t = text(node, what);
        if (t == null) {
            return null;
        }
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        error(node, what + " must be true or false, not " + kind(node));
        return null;
    }

    /** Reports each required key missing from {@code entries}, at {@code at}; false when one is missing. */
    boolean require(Map<String, Entry> entries, Node at, String what, String... keys) {
        boolean ok = true;
        for (String k : keys) {
            if (!entries.containsKey(k)) {
                error(at, what + " needs '" + k + "'");
                ok = false;
            }
        }
        return ok;
    }
}
