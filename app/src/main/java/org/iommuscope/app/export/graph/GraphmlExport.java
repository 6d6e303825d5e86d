package org.iommuscope.app.export.graph;

import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.iommuscope.app.graph.GraphModel;

/** One state of the canvas as GraphML (yEd, Gephi, networkx, igraph read it): typed keys, directed edges. */
public final class GraphmlExport {
    private static final String NS = "http://graphml.graphdrawing.org/xmlns";

    private GraphmlExport() {
    }

    public static void write(String title, GraphModel g, Writer out) throws XMLStreamException {
        XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        x.writeStartDocument("UTF-8", "1.0");
        x.writeCharacters("\n");
        x.writeStartElement("graphml");
        x.writeDefaultNamespace(NS);
        Map<String, String> nodeKeys = keys(x, "node", GraphAttributes.of(new GraphModel.Node(org.iommuscope.app.graph.NodeId.group(0), "", "", "", null,
                java.util.Set.of(), "")));
        Map<String, String> edgeKeys = keys(x, "edge", GraphAttributes.of(new GraphModel.Edge("x", "a", "b", GraphModel.EdgeKind.BOUND,
                java.util.Set.of())));
        x.writeCharacters("\n  ");
        x.writeStartElement("graph");
        x.writeAttribute("id", title);
        x.writeAttribute("edgedefault", "directed");
        for (GraphModel.Node n : g.nodes().values()) {
            x.writeCharacters("\n    ");
            x.writeStartElement("node");
            x.writeAttribute("id", n.id());
            data(x, nodeKeys, GraphAttributes.of(n));
            x.writeEndElement();
        }
        for (GraphModel.Edge e : g.edges().values()) {
            x.writeCharacters("\n    ");
            x.writeStartElement("edge");
            x.writeAttribute("id", e.id());
            x.writeAttribute("source", e.from());
            x.writeAttribute("target", e.to());
            data(x, edgeKeys, GraphAttributes.of(e));
            x.writeEndElement();
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
        x.writeCharacters("\n");
        x.writeEndElement();
        x.writeCharacters("\n");
        x.writeEndDocument();
        x.flush();
    }

    /** One key per attribute (n-kind, e-kind …), typed boolean or string; GraphStream's ui.* stay out. */
    private static Map<String, String> keys(XMLStreamWriter x, String domain, Map<String, Object> sample) throws XMLStreamException {
        Map<String, String> ids = new LinkedHashMap<>();
        for (Map.Entry<String, Object> a : sample.entrySet()) {
            if (a.getKey().startsWith("ui.")) {
                continue;
            }
            String id = domain.charAt(0) + "-" + a.getKey();
            ids.put(a.getKey(), id);
            x.writeCharacters("\n  ");
            x.writeEmptyElement("key");
            x.writeAttribute("id", id);
            x.writeAttribute("for", domain);
            x.writeAttribute("attr.name", a.getKey());
            x.writeAttribute("attr.type", a.getValue() instanceof Boolean ? "boolean" : "string");
        }
        return ids;
    }

    private static void data(XMLStreamWriter x, Map<String, String> keys, Map<String, Object> attrs) throws XMLStreamException {
        for (Map.Entry<String, Object> a : attrs.entrySet()) {
            String key = keys.get(a.getKey());
            if (key == null) {
                continue;
            }
            x.writeStartElement("data");
            x.writeAttribute("key", key);
            x.writeCharacters(String.valueOf(a.getValue()));
            x.writeEndElement();
        }
    }
}
