package org.iommuscope.app.export.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.iommuscope.app.export.StepNames;
import org.iommuscope.app.export.StyleRules;
import org.iommuscope.app.export.SvgExport;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.Motion;
import org.iommuscope.app.timeline.Frame;

/**
 * A scenario as one self-contained HTML page that steps through it like the app: the picture of each step
 * from the SVG export (the same ids and classes), its caption, a timeline of captioned stops, the op log with
 * errnos, the app's stepping keys, divergent objects highlighted and a replace's edge travelling. With two
 * profiles, two pictures side by side and the first step where they part flagged.
 *
 * <p>Steps share most of their picture, so the page holds each distinct object element once and every step
 * as lists of references; the player (plain JavaScript inside the page) keeps one element per object and
 * updates it, which is what lets CSS and the edge flight animate a change. The page fetches nothing: its
 * content security policy allows no source but itself.
 */
public final class HtmlPlayer {
    private static final String RESOURCES = "/org/iommuscope/app/export/html/";

    /** One run of the scenario: its profile and its frames (frame 0 the machine at boot). */
    public record Run(String profile, List<Frame> frames) {
        public Run {
            frames = List.copyOf(frames);
        }
    }

    /**
     * Where the two runs of a comparison part, as the side-by-side view shows it: the first step at which they
     * differ (-1: never), and at each step the objects drawn differently and the engine's facts about it.
     */
    public record Differences(int firstStep, List<Set<String>> nodes, List<List<String>> facts) {
        public Differences {
            nodes = List.copyOf(nodes);
            facts = List.copyOf(facts);
        }
    }

    private final String title;
    private final String source;
    private final List<Run> runs;
    private final GraphLayout layout;
    private final Differences differences;
    private final SvgExport svg = SvgExport.withAppStyle();
    private final StyleRules style = StyleRules.app();

    private HtmlPlayer(String title, String source, List<Run> runs, GraphLayout layout, Differences differences) {
        this.title = title;
        this.source = source;
        this.runs = List.copyOf(runs);
        this.layout = layout;
        this.differences = differences;
    }

    /**
     * @param source the scenario's file name, shown in the page's header
     * @param layout the layout of these frames (the window's, or {@link GraphLayout#of})
     */
    public static HtmlPlayer of(String title, String source, Run run, GraphLayout layout) {
        return new HtmlPlayer(title, source, List.of(run), layout, null);
    }

    /** Both runs of a comparison side by side, on one layout over the union of both (as the app's side by side). */
    public static HtmlPlayer compared(String title, String source, Run left, Run right, Differences differences) {
        List<GraphModel> union = new ArrayList<>();
        left.frames().forEach(f -> union.add(f.graph()));
        right.frames().forEach(f -> union.add(f.graph()));
        return new HtmlPlayer(title, source, List.of(left, right), GraphLayout.of(union), differences);
    }

    /** The page. */
    public String page() {
        return fill(resource("player.html"), Map.of("title", escape(title), "css", pageCss(), "data", data(), "js", resource("player.js")));
    }

    /** The template with each `{{name}}` replaced once, in one pass: what goes in is never read for placeholders. */
    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length).sum());
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            int close = open < 0 ? -1 : template.indexOf("}}", open);
            if (close < 0) {
                return out.append(template, at, template.length()).toString();
            }
            String name = template.substring(open + 2, close);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("the page template names no value " + name);
            }
            out.append(template, at, open).append(value);
            at = close + 2;
        }
    }

    /** The theme's colours as CSS custom properties (inherited into each picture), then the page's own rules. */
    private String pageCss() {
        StringBuilder b = new StringBuilder(":root {\n");
        for (String name : List.of("bg", "ink", "muted", "diverged", "implicit", "accent", "caption-bg", "caption-ink", "caption-muted",
                "differs", "dma-ok")) {
            String v = style.lookup("-scope-" + name);
            if (v != null) {
                b.append("  --scope-").append(name).append(": ").append(v).append(";\n");
            }
        }
        return b.append("}\n").append(resource("player.css")).toString();
    }

    private String data() {
        List<GraphModel> graphs = new ArrayList<>();
        runs.forEach(r -> r.frames().forEach(f -> graphs.add(f.graph())));
        Fragments fragments = new Fragments();
        StringWriter out = new StringWriter();
        try (JsonGenerator j = JSON.createGenerator(out)) {
            j.setCharacterEscapes(new ScriptSafe());
            j.writeStartObject();
            j.writeStringField("title", title);
            j.writeStringField("source", source);
            j.writeArrayFieldStart("profiles");
            for (Run r : runs) {
                j.writeString(r.profile());
            }
            j.writeEndArray();
            j.writeObjectFieldStart("motion");
            j.writeNumberField("move", Motion.MOVE_MS);
            j.writeNumberField("fade", Motion.FADE_MS);
            j.writeNumberField("play", Motion.PLAY_PERIOD_MS);
            j.writeEndObject();
            j.writeStringField("shell", svg.shell(title, graphs, layout));
            j.writeStringField("pictureCss", resource("picture.css"));
            j.writeNumberField("first", differences == null ? -1 : differences.firstStep());
            j.writeArrayFieldStart("steps");
            int count = runs.get(0).frames().size();
            for (int i = 0; i < count; i++) {
                step(j, i, fragments);
            }
            j.writeEndArray();
            j.writeArrayFieldStart("frags");
            for (String f : fragments.table) {
                j.writeString(f);
            }
            j.writeEndArray();
            j.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void step(JsonGenerator j, int i, Fragments fragments) throws IOException {
        Frame f = runs.get(0).frames().get(i);
        j.writeStartObject();
        j.writeNumberField("n", f.number());
        j.writeStringField("op", f.op());
        j.writeStringField("head", StepNames.heading(f) + outcomesAfterTheFirst(i));
        j.writeStringField("say", f.captioned() ? f.caption().strip() : "");
        j.writeBooleanField("stop", f.captioned());
        if (differences != null) {
            strings(j, "differs", differences.nodes().get(i));
            strings(j, "facts", differences.facts().get(i));
        }
        j.writeArrayFieldStart("panes");
        for (Run run : runs) {
            pane(j, run.frames().get(i), fragments);
        }
        j.writeEndArray();
        j.writeEndObject();
    }

    /** " | EINVAL": in a comparison the caption's heading gives the other profile's outcome too, as the app's does. */
    private String outcomesAfterTheFirst(int i) {
        if (i == 0 || runs.size() < 2) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Run r : runs.subList(1, runs.size())) {
            b.append(" | ").append(r.frames().get(i).outcome());
        }
        return b.toString();
    }

    private void pane(JsonGenerator j, Frame f, Fragments fragments) throws IOException {
        j.writeStartObject();
        j.writeStringField("outcome", f.outcome());
        j.writeStringField("reason", f.reason() == null ? "" : f.reason());
        j.writeBooleanField("passed", f.passed());
        Map<SvgExport.Layer, List<Integer>> layers = new HashMap<>();
        for (SvgExport.Element e : svg.elements(f, layout, false)) {
            layers.computeIfAbsent(e.layer(), k -> new ArrayList<>()).add(fragments.index(e.markup()));
        }
        for (SvgExport.Layer layer : SvgExport.Layer.values()) {
            j.writeArrayFieldStart(layer.id());
            for (int k : layers.getOrDefault(layer, List.of())) {
                j.writeNumber(k);
            }
            j.writeEndArray();
        }
        strings(j, "highlight", highlighted(f.graph()));
        strings(j, "dim", dimmedByFilter(f.graph()));
        j.writeEndObject();
    }

    /** What the page highlights: diverged or implicit idevs, and user space's records that diverged from the kernel. */
    static Set<String> highlighted(GraphModel g) {
        Set<String> ids = new TreeSet<>();
        g.nodes().values().stream().filter(n -> n.classes().contains("diverged") || n.classes().contains("implicit"))
                .forEach(n -> ids.add(n.id()));
        g.edges().values().stream().filter(e -> e.classes().contains("diverged")).forEach(e -> ids.add(e.id()));
        return ids;
    }

    /** What `D` (divergent only) dims, as the canvas does: objects out of the focus but group boxes, and their edges. */
    private static Set<String> dimmedByFilter(GraphModel g) {
        Set<String> focus = g.divergenceFocus();
        Set<String> ids = new TreeSet<>();
        g.nodes().values().stream().filter(n -> n.kind() != GraphModel.Kind.GROUP && !focus.contains(n.id())).forEach(n -> ids.add(n.id()));
        g.edges().values().stream().filter(e -> !focus.contains(e.from())).forEach(e -> ids.add(e.id()));
        return ids;
    }

    private static void strings(JsonGenerator j, String field, java.util.Collection<String> values) throws IOException {
        j.writeArrayFieldStart(field);
        for (String v : values) {
            j.writeString(v);
        }
        j.writeEndArray();
    }

    /** Each distinct element markup once; steps refer to them by index. */
    private static final class Fragments {
        final List<String> table = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();

        int index(String markup) {
            return index.computeIfAbsent(markup, m -> {
                table.add(m);
                return table.size() - 1;
            });
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** JSON inside a `<script>` element: `<` is escaped, so no string can close the element or open a comment. */
    private static final class ScriptSafe extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        ScriptSafe() {
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPlayer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
