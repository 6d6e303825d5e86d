package org.iommuscope.app.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Parses an exported SVG with the JDK's XML parser, namespace-aware and validating against the W3C SVG 1.1 DTD. */
public final class SvgDocuments {
    private static final String SVG11_PUBLIC_ID = "-//W3C//DTD SVG 1.1//EN";
    /** The W3C's flat SVG 1.1 DTD, as Batik ships it (never fetched from the network). */
    private static final String SVG11_DTD = "/org/apache/batik/dom/svg/resources/svg11-flat.dtd";

    private SvgDocuments() {
    }

    /** The document, or an exception naming the line and the first DTD violation. */
    public static Document parseValid(String svg) throws ParserConfigurationException, IOException, SAXException {
        return parse(svg, true);
    }

    /**
     * The document, well-formed and namespace-aware; {@code validate} also checks it against the DTD (which
     * costs reading the 185 kB DTD for every document).
     */
    public static Document parse(String svg, boolean validate) throws ParserConfigurationException, IOException, SAXException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(validate);
        // A non-validating JDK parser still reads the external DTD by default; only validation needs it.
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", validate);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setEntityResolver((publicId, systemId) -> {
            if (!SVG11_PUBLIC_ID.equals(publicId)) {
                throw new SAXException("unexpected external entity " + publicId + " " + systemId);
            }
            InputStream dtd = SvgDocuments.class.getResourceAsStream(SVG11_DTD);
            if (dtd == null) {
                throw new SAXException("the SVG 1.1 DTD is not on the test class path");
            }
            InputSource in = new InputSource(dtd);
            in.setSystemId(systemId);
            return in;
        });
        b.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw new SAXException("line " + e.getLineNumber() + ": " + e.getMessage(), e);
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw new SAXException("line " + e.getLineNumber() + ": " + e.getMessage(), e);
            }
        });
        return b.parse(new InputSource(new StringReader(svg)));
    }

    /** The element with this id attribute anywhere in the document, or null. */
    public static Element byId(Document d, String id) {
        NodeList all = d.getElementsByTagNameNS(SvgExport.SVG_NS, "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        return null;
    }

    /** The element children of an element with this local name. */
    public static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && SvgExport.SVG_NS.equals(e.getNamespaceURI()) && e.getLocalName().equals(localName)) {
                out.add(e);
            }
        }
        return out;
    }

    public static List<String> classes(Element e) {
        return List.of(e.getAttribute("class").trim().split("\\s+"));
    }
}
