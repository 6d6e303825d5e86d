package org.iommuscope.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.LegendEntry;
import org.iommuscope.app.timeline.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG export of the seed scenario: valid SVG 1.1, one element per object with the canvas's id and classes. */
class SvgExportTest {
    /** The seed's step where idev 1's replace has left idev 2's record behind (hwpt 5 recorded, group on hwpt 6). */
    private static final int DIVERGED_STEP = 13;
    private static ScenarioFrames.Loaded seed;
    private static GraphLayout layout;

    @BeforeAll
    static void load() throws Exception {
        seed = ScenarioFrames.load(Path.of("scenarios", "seed-thread.yaml"));
        layout = GraphLayout.of(seed.frames().stream().map(Frame::graph).toList());
    }

    private static Document export(int step, boolean divergentOnly) throws Exception {
        return SvgDocuments.parseValid(SvgExport.withAppStyle().write(seed.title(), seed.frames().get(step), layout, divergentOnly));
    }

    @Test
    void everyStepIsValidSvg11WithOneElementPerObjectCarryingItsIdAndClasses() throws Exception {
        for (Frame f : seed.frames()) {
            Document d = export(f.number(), false);
            Element root = d.getDocumentElement();
            assertEquals(SvgExport.SVG_NS, root.getNamespaceURI());
            assertEquals("svg", root.getLocalName());
            assertEquals("1.1", root.getAttribute("version"));
            for (GraphModel.Node n : f.graph().nodes().values()) {
                Element e = SvgDocuments.byId(d, n.id());
                assertNotNull(e, "step " + f.number() + ": no element for " + n.id());
                assertEquals("g", e.getLocalName());
                List<String> cls = SvgDocuments.classes(e);
                Set<String> expected = new LinkedHashSet<>(List.of("node", n.kind().styleClass()));
                expected.addAll(new TreeSet<>(n.classes()));
                assertEquals(List.copyOf(expected), cls.stream().filter(c -> !c.equals("changed")).toList(), n.id());
                assertEquals(n.tooltip(), SvgDocuments.children(e, "title").get(0).getTextContent(), n.id() + "'s tooltip");
                List<String> texts = SvgDocuments.children(e, "text").stream().map(Element::getTextContent).toList();
                assertTrue(texts.contains(n.label()), n.id() + " shows its label: " + texts);
            }
            for (GraphModel.Edge ed : f.graph().edges().values()) {
                Element e = SvgDocuments.byId(d, ed.id());
                assertNotNull(e, "step " + f.number() + ": no element for edge " + ed.id());
                assertEquals("edge", SvgDocuments.classes(e).get(0));
                assertEquals(ed.kind().styleClass(), SvgDocuments.classes(e).get(1));
                Element line = SvgDocuments.children(e, "polyline").get(0);
                String marker = line.getAttribute("marker-end").replaceAll("^url\\(#(.*)\\)$", "$1");
                Element head = SvgDocuments.byId(d, marker);
                assertNotNull(head, ed.id() + "'s arrowhead " + marker);
                assertEquals("marker", head.getLocalName());
                assertTrue(line.getAttribute("points").split(" ").length >= 2);
            }
        }
    }

    @Test
    void theDivergedIdevAndItsStaleRecordAreMarkedAsTheCanvasMarksThem() throws Exception {
        Document d = export(DIVERGED_STEP, false);
        assertTrue(SvgDocuments.classes(SvgDocuments.byId(d, "idev-2")).containsAll(List.of("node", "idev", "diverged")));
        Element rec = SvgDocuments.byId(d, "rec-2");
        assertEquals(List.of("edge", "recorded", "diverged"), SvgDocuments.classes(rec));
        assertEquals("idev 2 → hwpt_paging 5: recorded by user space, diverged from the kernel",
                SvgDocuments.children(rec, "title").get(0).getTextContent());
        String css = d.getElementsByTagNameNS(SvgExport.SVG_NS, "style").item(0).getTextContent();
        assertTrue(css.contains(".edge.recorded .edge-line { stroke: #b9901c; stroke-dasharray: 6 5;"), "recorded edges are dashed: " + css);
        assertTrue(css.contains(".edge.recorded.diverged .edge-line { stroke: #d1242f;"), css);
        assertTrue(css.contains(".node.idev.diverged > rect.box { fill: #fde3e4; stroke: #d1242f; stroke-width: 2.6; }"), css);
    }

    @Test
    void whatAStepChangedIsOutlinedAsInTheWindow() throws Exception {
        Document replace = export(12, false);
        for (String id : List.of("idev-1", "idev-2", "hwpt-5", "hwpt-6")) {
            assertTrue(SvgDocuments.classes(SvgDocuments.byId(replace, id)).contains("changed"), id + " changed at the replace");
        }
        Element glow = SvgDocuments.byId(replace, "fx-node-changed");
        assertEquals("filter", glow.getLocalName());
        assertEquals("#f2a900", ((Element) glow.getElementsByTagNameNS(SvgExport.SVG_NS, "feFlood").item(0)).getAttribute("flood-color"));
        Document check = export(DIVERGED_STEP, false);
        for (GraphModel.Node n : seed.frames().get(DIVERGED_STEP).graph().nodes().values()) {
            assertFalse(SvgDocuments.classes(SvgDocuments.byId(check, n.id())).contains("changed"), "a check step changes nothing: " + n.id());
        }
    }

    @Test
    void coloursComeFromTheAppStylesheetNotFromASecondCopy() throws Exception {
        String css = new String(SvgExportTest.class.getResourceAsStream("/org/iommuscope/app/assets/iommuscope.css").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(css.contains("-scope-diverged: #d1242f;"));
        StyleRules repainted = StyleRules.parse(css.replace("-scope-diverged: #d1242f;", "-scope-diverged: #123456;"));
        String svg = new SvgExport(repainted).write(seed.title(), seed.frames().get(DIVERGED_STEP), layout, false);
        assertTrue(svg.contains(".node.idev.diverged > rect.box { fill: #fde3e4; stroke: #123456;"), "a theme colour changes the export");
        assertFalse(svg.contains("#d1242f"), "no colour of the export is written anywhere but the stylesheet");
    }

    @Test
    void groupBoxesEncloseTheirDevices() throws Exception {
        Document d = export(DIVERGED_STEP, false);
        GraphModel g = seed.frames().get(DIVERGED_STEP).graph();
        int devices = 0;
        for (GraphModel.Node n : g.nodesOf(GraphModel.Kind.DEVICE)) {
            Element dev = SvgDocuments.children(SvgDocuments.byId(d, n.id()), "rect").get(0);
            Element group = SvgDocuments.children(SvgDocuments.byId(d, n.parent()), "rect").get(0);
            assertTrue(x(dev) > x(group) && y(dev) > y(group)
                    && x(dev) + w(dev) < x(group) + w(group) && y(dev) + h(dev) < y(group) + h(group), n.id() + " inside " + n.parent());
            devices++;
        }
        assertEquals(2, devices);
    }

    @Test
    void theLegendListsEveryEntryOfTheWindowsLegend() throws Exception {
        Element legend = SvgDocuments.byId(export(0, false), "legend");
        NodeList texts = legend.getElementsByTagNameNS(SvgExport.SVG_NS, "text");
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            shown.add(texts.item(i).getTextContent());
        }
        assertEquals(LegendEntry.ALL.stream().map(LegendEntry::text).toList(), shown);
    }

    @Test
    void divergentOnlyDimsWhatTheWindowDims() throws Exception {
        Document d = export(DIVERGED_STEP, true);
        GraphModel g = seed.frames().get(DIVERGED_STEP).graph();
        Set<String> focus = g.divergenceFocus();
        assertTrue(focus.containsAll(Set.of("idev-2", "hwpt-5", "hwpt-6")) && !focus.contains("idev-1"), focus.toString());
        Set<String> dimmed = new HashSet<>();
        for (GraphModel.Node n : g.nodes().values()) {
            if (SvgDocuments.classes(SvgDocuments.byId(d, n.id())).contains("dimmed")) {
                dimmed.add(n.id());
            }
        }
        Set<String> expected = new HashSet<>();
        g.nodes().values().stream().filter(n -> n.kind() != GraphModel.Kind.GROUP && !focus.contains(n.id())).forEach(n -> expected.add(n.id()));
        assertEquals(expected, dimmed);
        assertFalse(SvgDocuments.classes(SvgDocuments.byId(export(DIVERGED_STEP, false), "idev-1")).contains("dimmed"));
    }

    @Test
    void theValidatorRejectsWhatSvg11DoesNotAllow() throws Exception {
        String good = SvgExport.withAppStyle().write(seed.title(), seed.frames().get(0), layout, false);
        SvgDocuments.parseValid(good);
        // SVG 2's paint-order attribute and an HTML element are not SVG 1.1: the DTD must say so.
        String attr = good.replaceFirst("<polyline ", "<polyline paint-order=\"stroke\" ");
        String element = good.replaceFirst("<g id=\"nodes\">", "<g id=\"nodes\"><div/>");
        for (String bad : List.of(attr, element)) {
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(org.xml.sax.SAXException.class, () -> SvgDocuments.parseValid(bad))
                    .getMessage().contains("line"));
        }
    }

    private static double x(Element r) {
        return Double.parseDouble(r.getAttribute("x"));
    }

    private static double y(Element r) {
        return Double.parseDouble(r.getAttribute("y"));
    }

    private static double w(Element r) {
        return Double.parseDouble(r.getAttribute("width"));
    }

    private static double h(Element r) {
        return Double.parseDouble(r.getAttribute("height"));
    }
}
