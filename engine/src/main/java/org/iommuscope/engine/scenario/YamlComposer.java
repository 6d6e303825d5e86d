package org.iommuscope.engine.scenario;

import java.io.Reader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * YAML 1.2 text to nodes with positions, one subtree at a time when asked (a streamed file's steps are composed
 * item by item, and anchors stay known across items), refusing hostile input with a positioned diagnostic:
 * nesting deeper than {@link #MAX_DEPTH} (the composer recurses per level), and more than {@link #MAX_ALIASES}
 * aliases of collections (a "billion laughs" file expands exponentially).
 */
final class YamlComposer {
    static final int MAX_DEPTH = 64;
    static final int MAX_ALIASES = 50;

    /**
     * The Core schema's nulls and nothing else: the readers parse numbers and booleans themselves and look at no
     * other tag, and resolving every plain scalar against the int, float and bool patterns cost a sixth of
     * reading a long trace.
     */
    private static final Schema NULL_ONLY = new Schema() {
        private final ScalarResolver nulls = (value, implicit) -> implicit && (value.isEmpty()
                || "~nN".indexOf(value.charAt(0)) >= 0 && CoreScalarResolver.NULL.matcher(value).matches()) ? Tag.NULL : Tag.STR;

        @Override
        public ScalarResolver getScalarResolver() {
            return nulls;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return Map.of();
        }
    };

    /** Where a character of the input is, for errors that give only a character index. */
    interface Locator {
        int[] lineColumnOfCodePoint(long position);
    }

    final GuardedParser parser;
    private final SubtreeComposer composer;
    private final String file;
    private final Locator locator;

    YamlComposer(Reader text, String file, Locator locator) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(NULL_ONLY)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit((int) ReadLimits.CEILING)
                .build();
        this.parser = new GuardedParser(new ParserImpl(settings, new StreamReader(settings, text)));
        this.composer = new SubtreeComposer(settings, parser);
        this.file = file;
        this.locator = locator;
    }

    /** Composes the node that starts at the next event (a whole subtree); anchors stay known for later calls. */
    Node next() {
        return composer.subtree();
    }

    /** The parser's next event, consumed. */
    Event event() {
        return parser.next();
    }

    boolean at(Event.ID id) {
        return parser.checkEvent(id);
    }

    Event peek() {
        return parser.peekEvent();
    }

    /**
     * A problem the parser, the scanner or the composer raised, as a positioned diagnostic: the problem's mark,
     * else where the last event started.
     */
    Diagnostic diagnostic(RuntimeException e) {
        if (e instanceof TooDeep deep) {
            return failure(deep.mark, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (e instanceof MarkedYamlEngineException m) {
            Optional<Mark> mark = m.getProblemMark().isPresent() ? m.getProblemMark() : m.getContextMark();
            String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
            return failure(mark.isPresent() ? mark : parser.last, "YAML: " + m.getProblem() + context);
        }
        if (e instanceof ReaderException r) {
            int[] lc = locator.lineColumnOfCodePoint(r.getPosition());
            return new Diagnostic(file, lc[0], lc[1], "YAML: " + r.getMessage() + " (character 0x" + Integer.toHexString(r.getCodePoint()) + ")");
        }
        if (e instanceof YamlEngineException y && y.getCause() instanceof StrictUtf8Reader.NotUtf8 n) {
            return new Diagnostic(file, n.line, n.column, n.getMessage());
        }
        if (e instanceof YamlEngineException y && y.getCause() instanceof java.io.IOException io) {
            return failure(parser.last, "cannot read the file: " + io);
        }
        // Without a mark this is the collection-alias limit, or a parser defect on malformed input.
        String message = e.getMessage() != null && e.getMessage().contains("aliases")
                ? "more than " + MAX_ALIASES + " aliases of lists or mappings: refused, as a file that would expand without bound"
                : "YAML: the parser gave up: " + e;
        return failure(parser.last, message);
    }

    /** How many events the parser has given so far. */
    long events() {
        return parser.events;
    }

    private Diagnostic failure(Optional<Mark> mark, String message) {
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        return new Diagnostic(file, line, column, message);
    }

    /** 1-based line and column of the code point at {@code position}. */
    static int[] lineColumnOfCodePoint(CharSequence text, long position) {
        int line = 1;
        int column = 1;
        long cp = 0;
        for (int i = 0; i < text.length() && cp < position; i += Character.charCount(Character.codePointAt(text, i)), cp++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Optional<Mark> mark;

        TooDeep(Optional<Mark> mark) {
            super(null, null, false, false);
            this.mark = mark;
        }
    }

    /** A composer that composes one subtree per call, keeping its anchors for the next. */
    private static final class SubtreeComposer extends Composer {
        /** The parent handed to the composer for its recursion check: nothing can alias it. */
        private final MappingNode scope = new MappingNode(Tag.MAP, List.of(), FlowStyle.BLOCK);

        SubtreeComposer(LoadSettings settings, Parser parser) {
            super(settings, parser);
        }

        Node subtree() {
            return composeValueNode(scope);
        }
    }

    /** Counts nesting and events as the composer pulls them, and remembers where the last one started. */
    static final class GuardedParser implements Parser {
        private final Parser inner;
        private int depth;
        private long events;
        private Optional<Mark> last = Optional.empty();

        GuardedParser(Parser inner) {
            this.inner = inner;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return inner.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return inner.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public Event next() {
            Event e = inner.next();
            events++;
            if (e.getStartMark().isPresent()) {
                last = e.getStartMark();
            }
            Event.ID id = e.getEventId();
            if (id == Event.ID.SequenceStart || id == Event.ID.MappingStart) {
                if (++depth > MAX_DEPTH) {
                    throw new TooDeep(e.getStartMark());
                }
            } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
                depth--;
            }
            return e;
        }
    }
}
