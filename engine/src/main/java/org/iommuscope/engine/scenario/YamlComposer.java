package org.iommuscope.engine.scenario;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML 1.2 text to a node tree with positions, refusing hostile input with a positioned diagnostic: nesting
 * deeper than {@link #MAX_DEPTH} (the composer recurses per level), and more than {@link #MAX_ALIASES} aliases
 * of collections (a "billion laughs" file expands exponentially).
 */
final class YamlComposer {
    static final int MAX_DEPTH = 64;
    static final int MAX_ALIASES = 50;

    private YamlComposer() {
    }

    /** The document's root node, or empty for an empty document. */
    static Optional<Node> compose(String text, String file) throws ScenarioException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new CoreSchema())
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(ScenarioLoader.MAX_FILE_BYTES + 1)
                .build();
        GuardedParser parser = new GuardedParser(new ParserImpl(settings, new StreamReader(settings, text)));
        try {
            return new Composer(settings, parser).getSingleNode();
        } catch (TooDeep e) {
            throw failure(file, e.mark, "nesting deeper than " + MAX_DEPTH + " levels");
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw failure(file, mark.isPresent() ? mark : parser.last, "YAML: " + e.getProblem() + context);
        } catch (ReaderException e) {
            int[] lc = lineColumnOfCodePoint(text, e.getPosition());
            throw new ScenarioException(List.of(new Diagnostic(file, lc[0], lc[1],
                    "YAML: " + e.getMessage() + " (character 0x" + Integer.toHexString(e.getCodePoint()) + ")")));
        } catch (RuntimeException e) {
            // Without a mark this is the collection-alias limit, or a parser defect on malformed input.
            String message = e.getMessage() != null && e.getMessage().contains("aliases")
                    ? "more than " + MAX_ALIASES + " aliases of lists or mappings: refused, as a file that would expand without bound"
                    : "YAML: the parser gave up: " + e;
            throw failure(file, parser.last, message);
        }
    }

    private static ScenarioException failure(String file, Optional<Mark> mark, String message) {
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        return new ScenarioException(List.of(new Diagnostic(file, line, column, message)));
    }

    /** 1-based line and column of the code point at {@code position}. */
    private static int[] lineColumnOfCodePoint(String text, int position) {
        int line = 1;
        int column = 1;
        int cp = 0;
        for (int i = 0; i < text.length() && cp < position; i += Character.charCount(text.codePointAt(i)), cp++) {
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

    /** Counts nesting as the composer pulls events, and remembers where the last one started. */
    private static final class GuardedParser implements Parser {
        private final Parser inner;
        private int depth;
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
