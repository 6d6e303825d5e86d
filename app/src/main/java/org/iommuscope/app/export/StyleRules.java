package org.iommuscope.app.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's own stylesheet read as data, so an exported SVG takes its colours, strokes and dashes from
 * the same rules that style the canvas: no colour is written down twice. Knows just enough JavaFX CSS
 * for the canvas rules (class selectors, looked-up colours from `.root`, em sizes); everything else is
 * left out of the translation.
 */
public final class StyleRules {
    /** The classes the canvas and its legend are drawn with; rules about other parts of the window are skipped. */
    private static final Set<String> CANVAS_CLASSES = Set.of("topology", "node", "edge", "edge-line", "edge-head", "legend",
            "legend-text", "swatch", "node-title", "node-handle", "node-detail", "group-title", "group-mark", "edge-label", "badge", "caption-bar");
    private static final Pattern RGBA = Pattern.compile("rgba\\(\\s*([\\d.]+)\\s*,\\s*([\\d.]+)\\s*,\\s*([\\d.]+)\\s*,\\s*([\\d.]+)\\s*\\)");
    private static final Pattern SEGMENTS = Pattern.compile("segments\\(([^)]*)\\)");
    /** dropshadow(blur-type, color, radius, spread, offset-x, offset-y) */
    private static final Pattern DROPSHADOW = Pattern.compile(
            "dropshadow\\(\\s*[\\w-]+\\s*,\\s*(#[0-9a-fA-F]+|[a-zA-Z]+)\\s*,\\s*([\\d.]+)\\s*,\\s*([\\d.]+)\\s*,\\s*(-?[\\d.]+)\\s*,\\s*(-?[\\d.]+)\\s*\\)");

    /** One rule: its selectors (comma-separated in the source) and its declarations in order. */
    public record Rule(List<String> selectors, Map<String, String> declarations) {
    }

    private final List<Rule> rules;
    private final Map<String, String> lookups = new LinkedHashMap<>();
    private final double rootFontSize;
    private final String fontFamily;

    private StyleRules(List<Rule> rules) {
        this.rules = rules;
        double size = 13;
        String family = "sans-serif";
        for (Rule r : rules) {
            if (r.selectors().contains(".root")) {
                r.declarations().forEach((k, v) -> {
                    if (!k.startsWith("-fx-")) {
                        lookups.put(k, v);
                    }
                });
                String fs = r.declarations().get("-fx-font-size");
                if (fs != null && fs.endsWith("px")) {
                    size = Double.parseDouble(fs.substring(0, fs.length() - 2));
                }
                family = r.declarations().getOrDefault("-fx-font-family", family);
            }
        }
        this.rootFontSize = size;
        this.fontFamily = family;
    }

    /** The stylesheet the app itself loads (assets/iommuscope.css on the class path). */
    public static StyleRules app() {
        try (InputStream in = StyleRules.class.getResourceAsStream("/org/iommuscope/app/assets/iommuscope.css")) {
            if (in == null) {
                throw new IllegalStateException("assets/iommuscope.css is not on the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StyleRules parse(String css) {
        String text = css.replaceAll("(?s)/\\*.*?\\*/", "");
        List<Rule> rules = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = text.indexOf('{', at);
            if (open < 0) {
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                break;
            }
            List<String> selectors = new ArrayList<>();
            for (String s : text.substring(at, open).split(",")) {
                if (!s.isBlank()) {
                    selectors.add(s.strip().replaceAll("\\s+", " "));
                }
            }
            Map<String, String> decls = new LinkedHashMap<>();
            for (String d : text.substring(open + 1, close).split(";")) {
                int colon = d.indexOf(':');
                if (colon > 0) {
                    decls.put(d.substring(0, colon).strip(), d.substring(colon + 1).strip());
                }
            }
            rules.add(new Rule(List.copyOf(selectors), decls));
            at = close + 1;
        }
        return new StyleRules(List.copyOf(rules));
    }

    public double rootFontSize() {
        return rootFontSize;
    }

    /** A font size in px: `0.95em` of the root size, or `12px`. */
    public double fontSize(String value) {
        String v = value.strip();
        if (v.endsWith("em")) {
            return rootFontSize * Double.parseDouble(v.substring(0, v.length() - 2));
        }
        if (v.endsWith("px")) {
            return Double.parseDouble(v.substring(0, v.length() - 2));
        }
        return rootFontSize;
    }

    /**
     * The value a property takes on an element with these classes: the last rule whose compound class
     * selector (`.node.hwpt`) the classes satisfy, the most specific winning (as in CSS). Null if none sets it.
     */
    public String value(Set<String> classes, String property) {
        String best = null;
        int bestSpecificity = -1;
        for (Rule r : rules) {
            String v = r.declarations().get(property);
            if (v == null) {
                continue;
            }
            for (String sel : r.selectors()) {
                if (sel.contains(" ") || sel.contains(":") || !sel.startsWith(".")) {
                    continue;
                }
                List<String> need = List.of(sel.substring(1).split("\\."));
                if (classes.containsAll(need) && need.size() >= bestSpecificity) {
                    best = v;
                    bestSpecificity = need.size();
                }
            }
        }
        return best == null ? null : resolve(best);
    }

    /** A corner radius in px for an element with these classes (SVG 1.1 takes radii as attributes, not CSS). */
    public double radius(Set<String> classes) {
        String v = value(classes, "-fx-background-radius");
        if (v == null) {
            return 0;
        }
        try {
            return Double.parseDouble(v.split("\\s+")[0].replace("px", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A looked-up colour of the theme (`-scope-diverged`), as `.root` sets it; null if it sets none. */
    public String lookup(String name) {
        return lookups.containsKey(name) ? resolve(name) : null;
    }

    /** A looked-up colour (`-scope-diverged`) replaced by its value from `.root`. */
    String resolve(String value) {
        String v = value.strip();
        for (int i = 0; i < 8 && lookups.containsKey(v); i++) {
            v = lookups.get(v).strip();
        }
        return v;
    }

    /**
     * The canvas rules as an SVG style sheet. A rule that paints a region (background, border) paints the
     * `rect.box` inside an element with those classes; a rule that paints a shape or text applies as it is.
     * `:dimmed` becomes the class `dimmed`; effects, cursors and paddings have no SVG 1.1 counterpart here.
     */
    public String toSvgCss() {
        StringBuilder out = new StringBuilder();
        out.append("svg { font-family: ").append(fontFamily).append("; font-size: ").append(num(rootFontSize)).append("px; }\n");
        out.append("rect.box, rect.swatch-box { fill: none; }\n");
        out.append(".edge-line { fill: none; }\n");
        out.append(".edge-head { stroke: none; }\n");
        for (Rule r : rules) {
            List<String> selectors = new ArrayList<>();
            for (String s : r.selectors()) {
                String svg = svgSelector(s);
                if (svg != null) {
                    selectors.add(svg);
                }
            }
            if (selectors.isEmpty()) {
                continue;
            }
            Map<String, String> box = new LinkedHashMap<>();
            Map<String, String> self = new LinkedHashMap<>();
            r.declarations().forEach((k, raw) -> {
                String v = resolve(raw);
                switch (k) {
                    case "-fx-background-color" -> paint(box, "fill", v);
                    case "-fx-border-color" -> paint(box, "stroke", v);
                    case "-fx-border-width" -> box.put("stroke-width", v.split("\\s+")[0]);
                    case "-fx-border-style" -> {
                        Matcher m = SEGMENTS.matcher(v);
                        box.put("stroke-dasharray", m.find() ? m.group(1).replace(",", " ").replaceAll("\\s+", " ").strip() : "none");
                    }
                    case "-fx-fill" -> paint(self, "fill", v);
                    case "-fx-text-fill" -> paint(self, "fill", v);
                    case "-fx-stroke" -> paint(self, "stroke", v);
                    case "-fx-stroke-width" -> self.put("stroke-width", v);
                    case "-fx-stroke-dash-array" -> self.put("stroke-dasharray", v.replace(",", " "));
                    case "-fx-opacity" -> self.put("opacity", v);
                    case "-fx-effect" -> {
                        String id = filterId(selectors);
                        if (id != null && DROPSHADOW.matcher(v).matches()) {
                            self.put("filter", "url(#" + id + ")");
                        }
                    }
                    case "-fx-font-weight" -> self.put("font-weight", v);
                    case "-fx-font-style" -> self.put("font-style", v);
                    case "-fx-font-size" -> self.put("font-size", num(fontSize(v)) + "px");
                    case "-fx-font-family" -> self.put("font-family", v);
                    default -> {
                        // Layout, cursor and effect properties: nothing to paint.
                    }
                }
            });
            if (!box.isEmpty()) {
                block(out, selectors.stream().map(s -> s + " > rect.box").toList(), box);
            }
            if (!self.isEmpty()) {
                block(out, selectors, self);
            }
        }
        return out.toString();
    }

    /**
     * SVG 1.1 filters for the canvas's drop shadows (the outline of what a step changed), to go in `<defs>`;
     * {@link #toSvgCss()} refers to them by id.
     */
    public String svgFilters() {
        StringBuilder out = new StringBuilder();
        for (Rule r : rules) {
            String effect = r.declarations().get("-fx-effect");
            List<String> selectors = r.selectors().stream().map(StyleRules::svgSelector).filter(java.util.Objects::nonNull).toList();
            String id = filterId(selectors);
            if (effect == null || id == null) {
                continue;
            }
            Matcher m = DROPSHADOW.matcher(resolve(effect));
            if (!m.matches()) {
                continue;
            }
            String colour = resolve(m.group(1)).toLowerCase(Locale.ROOT);
            double radius = Double.parseDouble(m.group(2));
            double spread = Double.parseDouble(m.group(3));
            // JavaFX's radius is the blur kernel's reach, about three standard deviations; its spread makes
            // that part of the shadow solid, which raising the blurred alpha approximates.
            out.append("<filter id=\"").append(id).append("\" x=\"-50%\" y=\"-50%\" width=\"200%\" height=\"200%\">")
                    .append("<feGaussianBlur in=\"SourceAlpha\" stdDeviation=\"").append(num(radius / 3)).append("\" result=\"blur\"/>")
                    .append("<feOffset in=\"blur\" dx=\"").append(m.group(4)).append("\" dy=\"").append(m.group(5)).append("\" result=\"moved\"/>")
                    .append("<feComponentTransfer in=\"moved\" result=\"spread\"><feFuncA type=\"linear\" slope=\"")
                    .append(num(1 / Math.max(0.05, 1 - spread))).append("\"/></feComponentTransfer>")
                    .append("<feFlood flood-color=\"").append(colour).append("\" result=\"colour\"/>")
                    .append("<feComposite in=\"colour\" in2=\"spread\" operator=\"in\" result=\"shadow\"/>")
                    .append("<feMerge><feMergeNode in=\"shadow\"/><feMergeNode in=\"SourceGraphic\"/></feMerge></filter>\n");
        }
        return out.toString();
    }

    /** A filter id for a rule's effect, named after its first selector: `.node.changed` → `fx-node-changed`. */
    private static String filterId(List<String> svgSelectors) {
        if (svgSelectors.isEmpty()) {
            return null;
        }
        return "fx" + svgSelectors.get(0).replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
    }

    /** The SVG form of a canvas selector, or null when it is about another part of the window. */
    private static String svgSelector(String selector) {
        String s = selector.replace(":dimmed", ".dimmed");
        if (s.contains(":") || !s.startsWith(".")) {
            return null;
        }
        for (String part : s.split(" ")) {
            String first = part.substring(1).split("\\.")[0];
            if (!CANVAS_CLASSES.contains(first)) {
                return null;
            }
        }
        return s;
    }

    /** `rgba(r, g, b, a)` is CSS3; SVG 1.1 wants the colour and its opacity apart. */
    private static void paint(Map<String, String> into, String property, String value) {
        Matcher m = RGBA.matcher(value);
        if (m.matches()) {
            into.put(property, "rgb(" + m.group(1) + ", " + m.group(2) + ", " + m.group(3) + ")");
            into.put(property + "-opacity", m.group(4));
        } else if (value.startsWith("#") || value.matches("[a-zA-Z]+") || value.startsWith("rgb(")) {
            into.put(property, value.toLowerCase(Locale.ROOT));
        }
    }

    private static void block(StringBuilder out, List<String> selectors, Map<String, String> decls) {
        out.append(String.join(", ", selectors)).append(" {");
        decls.forEach((k, v) -> out.append(' ').append(k).append(": ").append(v).append(';'));
        out.append(" }\n");
    }

    static String num(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }
}
