package org.iommuscope.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG export (and so the HTML page, which reuses it) of the PASID, RMRR and vIOMMU pictures. */
class ModernSvgExportTest {

    private record Export(Document doc, String svg, double width) {
    }

    private static Export export(String scenario, int step) throws Exception {
        ScenarioFrames.Loaded s = ScenarioFrames.load(Path.of("scenarios", scenario + ".yaml"));
        GraphLayout layout = GraphLayout.of(s.frames().stream().map(Frame::graph).toList());
        String svg = SvgExport.withAppStyle().write(s.title(), s.frames().get(step), layout, false);
        Document d = SvgDocuments.parseValid(svg);
        return new Export(d, svg, Double.parseDouble(d.getDocumentElement().getAttribute("width")));
    }

    private static List<String> legend(Document d) {
        Element legend = SvgDocuments.byId(d, "legend");
        return SvgDocuments.children(legend, "text").stream().map(Element::getTextContent).toList();
    }

    @Test
    void aPasidEdgeCarriesItsLabelItsClassAndItsLegendEntry() throws Exception {
        // pasid-shared-device step 16: idev 1 attached to hwpt_proc (5) at PASID 5.
        Export e = export("pasid-shared-device", 16);
        Element edge = SvgDocuments.byId(e.doc(), "pasid-1-5");
        assertEquals(List.of("edge", "pasid"), SvgDocuments.classes(edge));
        List<Element> label = SvgDocuments.children(edge, "text");
        assertEquals("pasid 5", label.get(0).getTextContent());
        assertEquals("edge-label", label.get(0).getAttribute("class"));
        assertTrue(e.svg().contains(".edge.pasid .edge-line { stroke: #0b7285;"), "the canvas's PASID colour in the style sheet");
        assertTrue(legend(e.doc()).contains("attached at a PASID"), legend(e.doc()).toString());
    }

    @Test
    void anRmrrGroupIsMarkedInTheExportToo() throws Exception {
        Export e = export("rmrr-not-assignable", 2);
        Element group = SvgDocuments.byId(e.doc(), "group-17");
        assertTrue(SvgDocuments.classes(group).containsAll(List.of("rmrr", "not-assignable")));
        assertTrue(SvgDocuments.children(group, "text").stream().anyMatch(t -> t.getTextContent().equals("RMRR · not assignable")));
        assertTrue(legend(e.doc()).contains("RMRR group (not assignable)"));
    }

    @Test
    void everyTextOfTheViommuDiagramLiesInsideTheDocument() throws Exception {
        for (int step : new int[] {23, 25, 37}) {
            Export e = export("viommu-object-diagram", step);
            NodeList texts = e.doc().getElementsByTagNameNS(SvgExport.SVG_NS, "text");
            int checked = 0;
            for (int i = 0; i < texts.getLength(); i++) {
                Element t = (Element) texts.item(i);
                if (t.getAttribute("x").isEmpty() || SvgDocuments.byId(e.doc(), "legend").isSameNode(t.getParentNode())) {
                    continue;
                }
                double x = Double.parseDouble(t.getAttribute("x"));
                double w = SvgExport.textWidth(t.getTextContent(), 13);
                String anchor = t.getAttribute("text-anchor");
                double left = anchor.equals("end") ? x - w : anchor.equals("middle") ? x - w / 2 : x;
                assertTrue(left >= 0 && left + w <= e.width(), "step " + step + ": \"" + t.getTextContent() + "\" at " + left + "+" + w
                        + " in " + e.width());
                checked++;
            }
            assertTrue(checked > 10, "the boxes' texts were checked");
            assertTrue(legend(e.doc()).containsAll(List.of("viommu", "vdevice", "veventq")), legend(e.doc()).toString());
        }
    }
}
