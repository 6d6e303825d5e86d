package org.iommuscope.app.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.GraphLayout.Box;
import org.iommuscope.app.graph.GraphLayout.Point;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.GraphModel.Kind;
import org.iommuscope.app.graph.LegendEntry;
import org.iommuscope.app.timeline.Frame;

/**
 * One step as an SVG 1.1 document, written from the drawing model and the union layout (never from the
 * JavaFX scene, so it needs no toolkit): every object is a `<g>` with the canvas's id and classes
 * (`id="hwpt-7" class="node hwpt auto"`), a `<title>` tooltip, a box and its labels; edges are polylines
 * with arrowhead markers; the style sheet is the app's own, translated by {@link StyleRules}.
 */
public final class SvgExport {
    static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final double CAPTION_PAD_X = 11.7;
    private static final double CAPTION_PAD_Y = 5.85;
    private static final double LEGEND_HGAP = 14;
    private static final double LEGEND_VGAP = 4;
    private static final double LEGEND_ROW = 16;

    private final StyleRules style;
    private final String css;
    private final String filters;

    public SvgExport(StyleRules style) {
        this.style = style;
        this.css = style.toSvgCss();
        this.filters = style.svgFilters();
    }

    /** Exports with the app's own stylesheet. */
    public static SvgExport withAppStyle() {
        return new SvgExport(StyleRules.app());
    }

    /**
     * @param title        the scenario's title, for the document's `<title>`
     * @param divergentOnly dim what the "divergent only" filter dims in the window
     */
    public String write(String title, Frame frame, GraphLayout layout, boolean divergentOnly) {
        GraphModel g = frame.graph();
        double width = Math.max(layout.width(), 360);
        double captionFont = style.fontSize(orDefault(style.value(Set.of("caption-bar"), "-fx-font-size"), "1.35em"));
        String captionText = frame.captioned() ? StepNames.heading(frame) + "\n" + frame.caption().strip() : StepNames.heading(frame);
        List<String> captionLines = wrap(captionText, width - 2 * CAPTION_PAD_X, captionFont);
        if (captionLines.size() > StepNames.MAX_CAPTION_LINES) {
            // As in the window and the PNG: three lines, the rest elided (the full text is the document's <desc>).
            captionLines = new ArrayList<>(captionLines.subList(0, StepNames.MAX_CAPTION_LINES));
            captionLines.set(captionLines.size() - 1, captionLines.get(captionLines.size() - 1) + " …");
        }
        double lineHeight = captionFont * 1.25;
        double captionHeight = 2 * CAPTION_PAD_Y + lineHeight * captionLines.size();
        double legendFont = style.fontSize(orDefault(style.value(Set.of("legend-text"), "-fx-font-size"), "0.85em"));
        List<List<LegendItem>> legendRows = legendRows(LegendEntry.shown(layout.styles()), width - 16, legendFont);
        double legendHeight = legendRows.size() * LEGEND_ROW + (legendRows.size() - 1) * LEGEND_VGAP + 8;
        double graphTop = captionHeight;
        double legendTop = graphTop + layout.height() + 4;
        double height = legendTop + legendHeight + 4;

        StringBuilder out = new StringBuilder(16_384);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        out.append("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n");
        out.append("<svg xmlns=\"").append(SVG_NS).append("\" version=\"1.1\"")
                .append(" width=\"").append(n(width)).append("\" height=\"").append(n(height)).append('"')
                .append(" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height)).append("\">\n");
        out.append("<title>").append(esc(title + " — " + StepNames.heading(frame))).append("</title>\n");
        if (frame.captioned()) {
            out.append("<desc>").append(esc(frame.caption().strip())).append("</desc>\n");
        }
        out.append("<defs>\n<style type=\"text/css\"><![CDATA[\n").append(css).append("]]></style>\n").append(filters);
        markers(List.of(g), out);
        out.append("</defs>\n");

        out.append("<g id=\"view\" class=\"topology\">\n");
        rect(out, "box", 0, 0, width, height, 0);
        out.append("<g id=\"caption\" class=\"caption-bar\">\n");
        rect(out, "box", 0, 0, width, captionHeight, 0);
        for (int i = 0; i < captionLines.size(); i++) {
            out.append("<text x=\"").append(n(CAPTION_PAD_X)).append("\" y=\"")
                    .append(n(CAPTION_PAD_Y + lineHeight * i + captionFont)).append("\">")
                    .append(esc(captionLines.get(i))).append("</text>\n");
        }
        out.append("</g>\n");

        out.append("<g id=\"graph\" transform=\"translate(0,").append(n(graphTop)).append(")\">\n");
        List<Element> elements = elements(frame, layout, divergentOnly);
        for (Layer layer : Layer.values()) {
            out.append("<g id=\"").append(layer.id).append("\">\n");
            for (Element e : elements) {
                if (e.layer() == layer) {
                    out.append(e.markup());
                }
            }
            out.append("</g>\n");
        }
        out.append("</g>\n");

        legend(out, legendRows, legendTop, width, legendHeight, legendFont);
        out.append("</g>\n</svg>\n");
        return out.toString();
    }

    /** `node hwpt auto diverged`: the canvas's classes, kind first, the rest sorted (as the canvas orders them). */
    static Set<String> nodeClasses(GraphModel.Node node) {
        Set<String> cls = new LinkedHashSet<>(List.of("node", node.kind().styleClass()));
        cls.addAll(new TreeSet<>(node.classes()));
        return cls;
    }

    static Set<String> edgeClasses(GraphModel.Edge e) {
        Set<String> cls = new LinkedHashSet<>(List.of("edge", e.kind().styleClass()));
        cls.addAll(new TreeSet<>(e.classes()));
        return cls;
    }

    /** "idev 2 → hwpt_paging 5: recorded by user space", the edge's tooltip. */
    static String edgeTitle(GraphModel g, GraphModel.Edge e) {
        String what = switch (e.kind()) {
            case BOUND -> "bound to iommufd";
            case ATTACHED -> "attached (what the kernel has)";
            case RECORDED -> e.classes().contains("diverged") ? "recorded by user space, diverged from the kernel" : "recorded by user space";
            case GROUP_DOMAIN -> "the group's real domain";
            case PARENT -> "nest parent";
            case IOAS -> "maps through this IOAS";
            case PASID -> "attached at " + e.label();
            case FAULT -> "page requests queued on";
            case VDEVICE -> "stands in the guest as";
            case ON_VIOMMU -> "allocated on";
        };
        return label(g, e.from()) + " → " + label(g, e.to()) + ": " + what;
    }

    private static String label(GraphModel g, String id) {
        GraphModel.Node n = g.nodes().get(id);
        return n == null ? id : n.name();
    }

    private static Set<String> changed(Frame frame) {
        return frame.picture().changed();
    }

    /** The three layers of the picture, in drawing order: group boxes, then edges, then the objects over them. */
    public enum Layer {
        GROUPS("groups"), EDGES("edges"), NODES("nodes");

        private final String id;

        Layer(String id) {
            this.id = id;
        }

        /** The id of the layer's `<g>` in the document. */
        public String id() {
            return id;
        }
    }

    /** One object's `<g>` as it stands in a step's document: its layer, its id, and the markup itself. */
    public record Element(Layer layer, String id, String markup) {
    }

    /**
     * Every object of a step as the document writes it, layer by layer in drawing order: group boxes, edges, then
     * the other objects; what the step changed carries `changed`, and with {@code divergentOnly} what the filter
     * dims carries `dimmed`.
     */
    public List<Element> elements(Frame frame, GraphLayout layout, boolean divergentOnly) {
        GraphModel g = frame.graph();
        Set<String> focus = divergentOnly ? g.divergenceFocus() : null;
        Set<String> changed = changed(frame);
        List<Element> out = new ArrayList<>();
        for (GraphModel.Node node : g.nodesOf(Kind.GROUP)) {
            StringBuilder b = new StringBuilder(256);
            group(b, node, layout.box(node.id()), changed.contains(node.id()));
            out.add(new Element(Layer.GROUPS, node.id(), b.toString()));
        }
        for (GraphModel.Edge e : g.edges().values()) {
            if (layout.box(e.from()) == null || layout.box(e.to()) == null) {
                continue;
            }
            Set<String> cls = edgeClasses(e);
            if (focus != null && !focus.contains(e.from())) {
                cls.add("dimmed");
            }
            StringBuilder b = new StringBuilder(256);
            b.append("<g id=\"").append(esc(e.id())).append("\" class=\"").append(String.join(" ", cls)).append("\">");
            b.append("<title>").append(esc(edgeTitle(g, e))).append("</title>");
            b.append("<polyline class=\"edge-line\" points=\"");
            List<Point> pts = layout.routeOf(e.from(), e.to());
            for (int i = 0; i < pts.size(); i++) {
                b.append(i == 0 ? "" : " ").append(n(pts.get(i).x())).append(',').append(n(pts.get(i).y()));
            }
            b.append("\" marker-end=\"url(#").append(markerId(markerKey(e))).append(")\"/>");
            if (!e.label().isEmpty()) {
                Point at = GraphLayout.labelAnchor(pts);
                b.append("<text class=\"edge-label\" text-anchor=\"end\" x=\"").append(n(at.x())).append("\" y=\"").append(n(at.y())).append("\">")
                        .append(esc(e.label())).append("</text>");
            }
            b.append("</g>\n");
            out.add(new Element(Layer.EDGES, e.id(), b.toString()));
        }
        for (GraphModel.Node node : g.nodes().values()) {
            if (node.kind() == Kind.GROUP) {
                continue;
            }
            Set<String> cls = nodeClasses(node);
            if (changed.contains(node.id())) {
                cls.add("changed");
            }
            if (focus != null && !focus.contains(node.id())) {
                cls.add("dimmed");
            }
            StringBuilder b = new StringBuilder(256);
            object(b, node, cls, layout.box(node.id()));
            out.add(new Element(Layer.NODES, node.id(), b.toString()));
        }
        return out;
    }

    /**
     * The picture that every step of these graphs shares, to be filled with each step's {@link #elements}: the
     * style sheet, the arrowheads any of them uses, the background, the legend, and the three layers empty. No
     * caption bar (a page shows the caption as text) and no XML prolog (it goes inside a page).
     */
    public String shell(String title, List<GraphModel> graphs, GraphLayout layout) {
        double width = Math.max(layout.width(), 360);
        double legendFont = style.fontSize(orDefault(style.value(Set.of("legend-text"), "-fx-font-size"), "0.85em"));
        List<List<LegendItem>> legendRows = legendRows(LegendEntry.shown(layout.styles()), width - 16, legendFont);
        double legendHeight = legendRows.size() * LEGEND_ROW + (legendRows.size() - 1) * LEGEND_VGAP + 8;
        double legendTop = layout.height() + 4;
        double height = legendTop + legendHeight + 4;
        StringBuilder out = new StringBuilder(16_384);
        out.append("<svg xmlns=\"").append(SVG_NS).append("\" version=\"1.1\"")
                .append(" width=\"").append(n(width)).append("\" height=\"").append(n(height)).append('"')
                .append(" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height)).append("\">\n");
        out.append("<title>").append(esc(title)).append("</title>\n");
        out.append("<defs>\n<style type=\"text/css\"><![CDATA[\n").append(css).append("]]></style>\n").append(filters);
        markers(graphs, out);
        out.append("</defs>\n");
        out.append("<g id=\"view\" class=\"topology\">\n");
        rect(out, "box", 0, 0, width, height, 0);
        out.append("\n<g id=\"graph\">\n");
        for (Layer layer : Layer.values()) {
            out.append("<g id=\"").append(layer.id).append("\"></g>\n");
        }
        out.append("</g>\n");
        legend(out, legendRows, legendTop, width, legendHeight, legendFont);
        out.append("</g>\n</svg>\n");
        return out.toString();
    }

    /** One arrowhead per edge look: SVG 1.1 markers cannot take their colour from the line that uses them. */
    private static void markers(List<GraphModel> graphs, StringBuilder out) {
        Set<String> written = new java.util.HashSet<>();
        for (GraphModel g : graphs) {
            for (GraphModel.Edge e : g.edges().values()) {
                String key = markerKey(e);
                if (written.add(key)) {
                    // Same geometry as the canvas's arrowhead: 10 long, 10 wide, its tip on the route's end.
                    out.append("<marker id=\"").append(markerId(key)).append("\" class=\"").append(key)
                            .append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\"")
                            .append(" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto\">")
                            .append("<path class=\"edge-head\" d=\"M 0 0 L 10 5 L 0 10 z\"/></marker>\n");
                }
            }
        }
    }

    private static String markerId(String key) {
        return "head-" + key.replace(' ', '-');
    }

    private static String markerKey(GraphModel.Edge e) {
        return String.join(" ", edgeClasses(e));
    }

    private void group(StringBuilder out, GraphModel.Node node, Box b, boolean changed) {
        Set<String> cls = nodeClasses(node);
        if (changed) {
            cls.add("changed");
        }
        out.append("<g id=\"").append(esc(node.id())).append("\" class=\"").append(String.join(" ", cls)).append("\">");
        out.append("<title>").append(esc(node.tooltip())).append("</title>\n");
        rect(out, "box", b.x(), b.y(), b.w(), b.h(), style.radius(cls));
        out.append("<text class=\"group-title\" x=\"").append(n(b.x() + 14)).append("\" y=\"").append(n(b.y() + 18)).append("\">")
                .append(esc(node.label())).append("</text>");
        if (!node.detail().isEmpty()) {
            out.append("<text class=\"group-mark\" x=\"").append(n(b.x() + 14)).append("\" y=\"").append(n(b.y() + 36)).append("\">")
                    .append(esc(node.detail())).append("</text>");
        }
        out.append("</g>\n");
    }

    private void object(StringBuilder out, GraphModel.Node node, Set<String> cls, Box b) {
        out.append("<g id=\"").append(esc(node.id())).append("\" class=\"").append(String.join(" ", cls)).append("\">");
        out.append("<title>").append(esc(node.tooltip())).append("</title>\n");
        rect(out, "box", b.x(), b.y(), b.w(), b.h(), style.radius(cls));
        double cx = b.x() + b.w() / 2;
        out.append("<text class=\"node-title\" text-anchor=\"middle\" x=\"").append(n(cx)).append("\" y=\"").append(n(b.cy() - 2)).append("\">")
                .append(esc(node.name()));
        if (!node.handle().isEmpty()) {
            out.append("<tspan class=\"node-handle\"> · ").append(esc(node.handle())).append("</tspan>");
        }
        out.append("</text>");
        out.append("<text class=\"node-detail\" text-anchor=\"middle\" x=\"").append(n(cx)).append("\" y=\"").append(n(b.cy() + 11)).append("\">")
                .append(esc(node.detail() == null ? "" : node.detail())).append("</text>");
        if (node.classes().contains("diverged") || node.classes().contains("implicit")) {
            out.append("<text class=\"badge\" text-anchor=\"middle\" x=\"").append(n(b.x() + b.w() - 2)).append("\" y=\"").append(n(b.y() + 4))
                    .append("\">⚠</text>");
        }
        out.append("</g>\n");
    }

    private record LegendItem(LegendEntry entry, double width) {
    }

    /** The legend's entries in rows, wrapped like the window's flow pane. */
    private static List<List<LegendItem>> legendRows(List<LegendEntry> entries, double wrap, double font) {
        List<List<LegendItem>> rows = new ArrayList<>();
        List<LegendItem> row = new ArrayList<>();
        double used = 0;
        for (LegendEntry e : entries) {
            double w = (e.line() ? 26 : 22) + 5 + textWidth(e.text(), font);
            if (!row.isEmpty() && used + LEGEND_HGAP + w > wrap) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            used += (row.isEmpty() ? 0 : LEGEND_HGAP) + w;
            row.add(new LegendItem(e, w));
        }
        rows.add(row);
        return rows;
    }

    private void legend(StringBuilder out, List<List<LegendItem>> rows, double top, double width, double height, double font) {
        double rowsWidth = 0;
        for (List<LegendItem> row : rows) {
            double w = row.stream().mapToDouble(LegendItem::width).sum() + LEGEND_HGAP * (row.size() - 1);
            rowsWidth = Math.max(rowsWidth, w);
        }
        out.append("<g id=\"legend\" class=\"legend\" transform=\"translate(8,").append(n(top)).append(")\">\n");
        rect(out, "box", 0, 0, rowsWidth + 16, height, style.radius(Set.of("legend")));
        double y = 4;
        int k = 0;
        for (List<LegendItem> row : rows) {
            double x = 8;
            double mid = y + LEGEND_ROW / 2;
            for (LegendItem item : row) {
                LegendEntry e = item.entry();
                String id = "legend-" + k++;
                if (e.line()) {
                    out.append("<g id=\"").append(id).append("\" class=\"edge ").append(String.join(" ", e.classes())).append("\">")
                            .append("<line class=\"edge-line\" x1=\"").append(n(x)).append("\" y1=\"").append(n(mid))
                            .append("\" x2=\"").append(n(x + 26)).append("\" y2=\"").append(n(mid)).append("\"/></g>");
                } else {
                    Set<String> cls = new LinkedHashSet<>(List.of("node"));
                    cls.addAll(e.classes());
                    cls.add("swatch");
                    out.append("<g id=\"").append(id).append("\" class=\"").append(String.join(" ", cls)).append("\">");
                    rect(out, "box", x, mid - 6, 22, 12, style.radius(cls));
                    out.append("</g>");
                }
                double tx = x + (e.line() ? 26 : 22) + 5;
                out.append("<text class=\"legend-text\" x=\"").append(n(tx)).append("\" y=\"").append(n(mid + font * 0.35)).append("\">")
                        .append(esc(e.text())).append("</text>\n");
                x += item.width() + LEGEND_HGAP;
            }
            y += LEGEND_ROW + LEGEND_VGAP;
        }
        out.append("</g>\n");
    }

    private static void rect(StringBuilder out, String cls, double x, double y, double w, double h, double r) {
        out.append("<rect class=\"").append(cls).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append('"');
        if (r > 0) {
            out.append(" rx=\"").append(n(r)).append("\" ry=\"").append(n(r)).append('"');
        }
        out.append("/>");
    }

    /** A width estimate for DejaVu Sans (the canvas font); SVG has no text measuring before a renderer lays it out. */
    static double textWidth(String text, double font) {
        return text.length() * font * 0.6;
    }

    static List<String> wrap(String text, double width, double font) {
        int perLine = Math.max(20, (int) (width / (font * 0.6)));
        List<String> lines = new ArrayList<>();
        for (String para : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split("\\s+")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > perLine) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() > 0 ? " " : "").append(word);
            }
            if (line.length() > 0) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    private static String n(double v) {
        return StyleRules.num(Math.round(v * 100) / 100.0);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters even as references.
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
