package org.iommuscope.app.ioas;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.util.Duration;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iopt.Area;
import org.iommuscope.engine.iopt.IoPagetable;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.iopt.ReservedOwner;
import org.iommuscope.engine.iopt.ReservedRange;

/**
 * The address space of one IOAS as a horizontal bar: its iopt_areas (mapped ranges, by permission),
 * reserved ranges by owner kind (device regions such as the MSI window, a domain's aperture complement,
 * the selftest's owner-less ranges), allowed ranges as an outline band, and one thin lane per attached
 * domain showing its aperture. The visible window goes from the whole 2^64 space down to one page: the
 * wheel zooms around the cursor, dragging pans, a double click shows all 2^64 again, "Fit" frames the
 * mappings and the device (and owner-less) reserved ranges.
 *
 * <p>Node ids: the bar is {@code ioas-bar-<id>}; segments are {@code area-<ioas>-<hexstart>},
 * {@code reserved-<ioas>-<hexstart>} (ranges of several owners with the same [start, last] share one
 * segment; a second range starting at the same IOVA gets {@code -<hexlast>} appended),
 * {@code allowed-<ioas>-<hexstart>} and {@code aperture-<ioas>-<domain>}, with hex as in {@code 0xfee00000}.
 * Style classes: {@code segment} plus {@code area} (and {@code perm-rw}/{@code perm-r}/{@code perm-w}/
 * {@code perm-none}), {@code reserved} (and {@code owner-device}/{@code owner-domain}/{@code owner-none}),
 * {@code allowed}, {@code aperture}. Segments narrower than {@value #MIN_SEGMENT_PX} px are drawn that wide,
 * so a 4 KiB mapping stays visible at 2^64 scale.
 */
public final class IoasBar extends VBox {
    /** Narrowest drawn segment, in pixels. */
    public static final double MIN_SEGMENT_PX = 2;

    static final double LANE_H = 34;
    static final double APERTURE_H = 13;
    static final double APERTURE_GAP = 3;
    static final double BAND_PAD = 4;
    /** A segment label's height at most, and its horizontal padding (CSS gives 3 px each side) plus slack. */
    static final double LABEL_H = 18;
    static final double LABEL_PAD = 9;
    private static final double ZOOM_STEP = 1.25;
    private static final String TOOLTIP_KEY = "ioas-bar-tooltip";

    private final int ioasId;
    private final Label title = new Label();
    private final Label windowText = new Label();
    private final Label cursorText = new Label();
    private final Label squeezed = new Label();
    private final Button fit = new Button("Fit to mappings");
    private final Button reset = new Button("Full 2⁶⁴");
    private final Track track = new Track();
    private final Pane axis = new Pane();
    private final ObjectProperty<IovaWindow> window = new SimpleObjectProperty<>(this, "window", IovaWindow.FULL);
    private final List<Segment> segments = new ArrayList<>();
    private final Rectangle lane = new Rectangle();
    private final Pane grid = new Pane();
    private final Text measure = new Text();
    private IovaWindow mappingsSpan;
    private int apertureLanes;
    private double dragX;
    private IovaWindow dragFrom;
    private boolean dragged;

    /** One drawn range: its node, its in-lane label (or null) with its texts longest first, and where it sits vertically. */
    /** Where the shown step's DMA probe hit this IOAS (null: none), and whether it faulted. */
    private Long probeIova;
    private boolean probeFault;
    private final javafx.scene.shape.Line probe = new javafx.scene.shape.Line();

    private record Segment(long first, long last, Rectangle shape, Label label, List<String> texts, double y, double h) {
    }

    public IoasBar(int ioasId) {
        this.ioasId = ioasId;
        setId("ioas-bar-" + ioasId);
        getStyleClass().addAll("ioas-view", "ioas-bar");
        setSpacing(2);
        setFillWidth(true);

        title.setId("ioas-bar-" + ioasId + "-title");
        title.getStyleClass().add("ioas-bar-title");
        windowText.setId("ioas-bar-" + ioasId + "-window");
        windowText.getStyleClass().add("ioas-bar-window");
        windowText.setMinWidth(0);
        squeezed.setId("ioas-bar-" + ioasId + "-squeezed");
        squeezed.getStyleClass().add("ioas-bar-squeezed");
        squeezed.setMinWidth(0);
        squeezed.setVisible(false);
        squeezed.managedProperty().bind(squeezed.visibleProperty());
        cursorText.setId("ioas-bar-" + ioasId + "-cursor");
        cursorText.getStyleClass().add("ioas-bar-cursor");
        cursorText.setMinWidth(0);
        fit.setId("ioas-bar-" + ioasId + "-fit");
        reset.setId("ioas-bar-" + ioasId + "-reset");
        fit.getStyleClass().add("ioas-bar-button");
        reset.getStyleClass().add("ioas-bar-button");
        fit.setMinWidth(Region.USE_PREF_SIZE);
        reset.setMinWidth(Region.USE_PREF_SIZE);
        fit.setFocusTraversable(false);
        reset.setFocusTraversable(false);
        fit.setOnAction(e -> fitToMappings());
        reset.setOnAction(e -> reset());
        fit.setTooltip(new Tooltip("Zoom to the span of the mapped areas and the device reserved ranges"));
        reset.setTooltip(new Tooltip("Show the whole 2^64 IOVA space (or double-click the bar)"));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, windowText, squeezed, spacer, cursorText, fit, reset);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setMinWidth(0);
        header.getStyleClass().add("ioas-bar-header");
        title.setMinWidth(Region.USE_PREF_SIZE);

        track.getStyleClass().add("ioas-track");
        track.setId("ioas-bar-" + ioasId + "-track");
        lane.getStyleClass().add("ioas-lane");
        lane.setManaged(false);
        grid.setManaged(false);
        grid.setMouseTransparent(true);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(track.widthProperty());
        clip.heightProperty().bind(track.heightProperty());
        track.setClip(clip);
        track.setCursor(Cursor.OPEN_HAND);

        axis.getStyleClass().add("ioas-axis");
        axis.setId("ioas-bar-" + ioasId + "-axis");
        axis.setMinHeight(24);
        axis.setMinWidth(0);
        axis.setPrefWidth(0);
        track.setMinWidth(0);
        track.setPrefWidth(0);
        axis.setPrefHeight(24);
        Rectangle axisClip = new Rectangle();
        axisClip.widthProperty().bind(axis.widthProperty());
        axisClip.heightProperty().bind(axis.heightProperty());
        axis.setClip(axisClip);

        getChildren().addAll(header, track, axis);
        installMouse();
        window.addListener((o, a, b) -> refreshView());
        track.widthProperty().addListener((o, a, b) -> refreshView());
        axis.widthProperty().addListener((o, a, b) -> drawAxis());
        setLanes(0);
        refreshView();
    }

    public int ioasId() {
        return ioasId;
    }

    // ---- content ------------------------------------------------------------------------------------------

    /** Redraws the bar from this state's IOAS (an empty bar when the IOAS is gone). The window is kept. */
    public void show(State state) {
        probeIova = null;
        IommufdObject o = state == null ? null : state.object(ioasId);
        for (Segment s : segments) {
            track.getChildren().removeAll(s.shape);
            if (s.label != null) {
                track.getChildren().remove(s.label);
            }
        }
        segments.clear();
        mappingsSpan = null;
        if (!(o instanceof Ioas ioas)) {
            title.setText("ioas " + ioasId + " · destroyed");
            setLanes(0);
            refreshView();
            return;
        }
        IoPagetable iopt = ioas.iopt();
        int n = iopt.areas().size();
        title.setText("ioas " + ioasId + " · " + n + (n == 1 ? " area" : " areas") + " · iova_alignment "
                + Unsigned.hex(iopt.iovaAlignment()));
        List<Domain> domains = new ArrayList<>();
        for (int d : iopt.domains()) {
            Domain dom = state.domain(d);
            if (dom != null) {
                domains.add(dom);
            }
        }
        setLanes(domains.size());
        double laneY = laneY();
        Set<String> used = new HashSet<>();

        for (IovaRange r : iopt.allowed().values()) {
            add(segment("allowed-" + ioasId + "-" + Unsigned.hex(r.first()), r.first(), r.last(),
                    laneY - BAND_PAD, LANE_H + 2 * BAND_PAD, List.of(),
                    "allowed " + IovaText.range(r.first(), r.last()) + "\nlength " + IovaText.lengthText(r.first(), r.last())
                            + "\n(IOMMU_IOAS_ALLOW_IOVAS: automatic IOVAs come only from allowed ranges)",
                    "allowed"));
        }

        Map<List<Long>, List<ReservedOwner>> byRange = new LinkedHashMap<>();
        for (ReservedRange r : iopt.reserved()) {
            byRange.computeIfAbsent(List.of(r.start(), r.last()), k -> new ArrayList<>()).add(r.owner());
        }
        for (Map.Entry<List<Long>, List<ReservedOwner>> e : byRange.entrySet()) {
            long start = e.getKey().get(0);
            long last = e.getKey().get(1);
            List<ReservedOwner> owners = e.getValue();
            String id = "reserved-" + ioasId + "-" + Unsigned.hex(start);
            if (!used.add(id)) {
                id = id + "-" + Unsigned.hex(last);
                used.add(id);
            }
            List<String> classes = new ArrayList<>(List.of("reserved"));
            StringBuilder tip = new StringBuilder("reserved " + IovaText.range(start, last) + "\nlength "
                    + IovaText.lengthText(start, last));
            for (ReservedOwner owner : owners) {
                String kind = ownerClass(owner);
                if (!classes.contains(kind)) {
                    classes.add(kind);
                }
                tip.append("\nowner ").append(owner.label()).append(ownerDetail(state, owner, start, last, domains));
            }
            boolean small = owners.stream().anyMatch(ow -> !(ow instanceof ReservedOwner.Domain));
            if (small) {
                mappingsSpan = union(mappingsSpan, start, last);
            }
            add(segment(id, start, last, laneY, LANE_H, reservedLabel(state, owners, start, last), tip.toString(),
                    classes.toArray(String[]::new)));
        }

        for (Area a : iopt.areas().values()) {
            String perm = a.prot().toString();
            String size = IovaText.size(IovaText.length(a.iova(), a.last()));
            String tip = "area " + IovaText.range(a.iova(), a.last()) + "\nlength " + IovaText.lengthText(a.iova(), a.last())
                    + "\nperm " + perm + "\nuser va " + Unsigned.hex(a.userVa())
                    + (a.pagesWritable() ? "" : "\npages pinned read-only");
            add(segment("area-" + ioasId + "-" + Unsigned.hex(a.iova()), a.iova(), a.last(), laneY, LANE_H,
                    List.of(perm + " · " + size, size, perm), tip, "area", "perm-" + perm));
            mappingsSpan = union(mappingsSpan, a.iova(), a.last());
        }

        for (int i = 0; i < domains.size(); i++) {
            Domain d = domains.get(i);
            double y = APERTURE_GAP + i * (APERTURE_H + APERTURE_GAP);
            add(segment("aperture-" + ioasId + "-" + d.id(), d.apertureStart(), d.apertureLast(), y, APERTURE_H,
                    List.of("domain " + d.id() + " aperture", "domain " + d.id()),
                    "aperture of domain " + d.id() + " (" + d.iommu() + ")\n" + IovaText.range(d.apertureStart(), d.apertureLast())
                            + "\nlength " + IovaText.lengthText(d.apertureStart(), d.apertureLast()),
                    "aperture"));
        }
        refreshView();
    }

    private static IovaWindow union(IovaWindow w, long first, long last) {
        return w == null ? new IovaWindow(first, last) : new IovaWindow(Unsigned.min(w.lo(), first), Unsigned.max(w.last(), last));
    }

    private static String ownerClass(ReservedOwner o) {
        if (o instanceof ReservedOwner.Device) {
            return "owner-device";
        }
        if (o instanceof ReservedOwner.Domain) {
            return "owner-domain";
        }
        return "owner-none";
    }

    /** The device region's type (msi, sw-msi, direct...) when the topology says which region this is. */
    private static String regionType(State state, ReservedOwner.Device dev, long start, long last) {
        PciDevice d = state.topology().devices().get(dev.name());
        if (d != null) {
            for (ReservedRegion r : d.reserved()) {
                if (r.start() == start && r.last() == last) {
                    return r.type().yamlName();
                }
            }
        }
        return null;
    }

    private static String ownerDetail(State state, ReservedOwner owner, long start, long last, List<Domain> domains) {
        if (owner instanceof ReservedOwner.Device dev) {
            String type = regionType(state, dev, start, last);
            return type == null ? " (device reserved region)" : " (" + type + " region)";
        }
        if (owner instanceof ReservedOwner.Domain dom) {
            Domain d = state.domain(dom.id());
            return d == null ? " (outside its aperture)"
                    : " (outside its aperture " + IovaText.range(d.apertureStart(), d.apertureLast()) + ")";
        }
        return " (selftest add_reserved)";
    }

    /** The in-lane texts of a reserved segment, longest first. */
    private static List<String> reservedLabel(State state, List<ReservedOwner> owners, long start, long last) {
        ReservedOwner first = owners.get(0);
        String more = owners.size() > 1 ? " +" + (owners.size() - 1) : "";
        if (first instanceof ReservedOwner.Device dev) {
            String type = regionType(state, dev, start, last);
            String kind = type == null ? "reserved" : type;
            return List.of(kind + " · " + dev.name() + more, kind + more, kind);
        }
        if (first instanceof ReservedOwner.Domain dom) {
            return List.of("outside domain " + dom.id() + " aperture" + more, "domain " + dom.id() + more);
        }
        return List.of("reserved (owner none)" + more, "none" + more);
    }

    private Segment segment(String id, long first, long last, double y, double h, List<String> texts, String tip,
                            String... classes) {
        Rectangle r = new Rectangle();
        r.setId(id);
        r.getStyleClass().add("segment");
        r.getStyleClass().addAll(classes);
        r.setManaged(false);
        // A Tooltip is a popup control: building one per segment on every step cost more than the bar.
        // The text is kept; the tooltip is made the first time the pointer (or a caller) asks for it.
        r.getProperties().put(TOOLTIP_KEY, tip);
        r.setOnMouseEntered(e -> tooltipOf(r));
        Label l = null;
        if (!texts.isEmpty()) {
            l = new Label(texts.get(0));
            l.getStyleClass().add("ioas-segment-label");
            l.getStyleClass().addAll(classes);
            l.setTextOverrun(OverrunStyle.ELLIPSIS);
            l.setManaged(false);
            l.setMouseTransparent(true);
            l.setMinWidth(0);
            l.setAlignment(Pos.CENTER_LEFT);
        }
        return new Segment(first, last, r, l, texts, y, h);
    }

    private void add(Segment s) {
        segments.add(s);
        track.getChildren().add(s.shape);
    }

    private void setLanes(int n) {
        apertureLanes = n;
        double h = laneY() + LANE_H + BAND_PAD + 2;
        track.setMinHeight(h);
        track.setPrefHeight(h);
        track.setMaxHeight(h);
    }

    private double laneY() {
        return apertureLanes * (APERTURE_H + APERTURE_GAP) + APERTURE_GAP + BAND_PAD;
    }

    /** Marks the IOVA a DMA probe used: green where it translated, red where it faulted. */
    public void markProbe(long iova, boolean fault) {
        probeIova = iova;
        probeFault = fault;
        probe.setId("ioas-probe-" + ioasId);
        probe.setManaged(false);
        probe.setMouseTransparent(true);
        place();
    }

    /** The IOVA the shown step's DMA probe marked on this bar, or null. */
    public Long probeIova() {
        return probeIova;
    }

    /** A new mapping fills in from its first IOVA to its last, as the kernel fills the domains. */
    public void fillIn(long first, long last) {
        for (Segment s : segments) {
            if (s.first == first && s.last == last && s.shape.getStyleClass().contains("area")) {
                Rectangle clip = new Rectangle();
                javafx.beans.property.DoubleProperty done = new javafx.beans.property.SimpleDoubleProperty(0);
                clip.xProperty().bind(s.shape.xProperty());
                clip.yProperty().bind(s.shape.yProperty());
                clip.heightProperty().bind(s.shape.heightProperty());
                clip.widthProperty().bind(s.shape.widthProperty().multiply(done));
                // The shape's coordinates are its parent's: the clip is in the shape's own, which are the same.
                s.shape.setClip(clip);
                javafx.animation.Timeline fill = new javafx.animation.Timeline(
                        new javafx.animation.KeyFrame(FILL, new javafx.animation.KeyValue(done, 1)));
                fill.setOnFinished(e -> s.shape.setClip(null));
                fill.play();
            }
        }
    }

    static final Duration FILL = Duration.millis(700);

    // ---- the window ---------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<IovaWindow> windowProperty() {
        return window;
    }

    public IovaWindow window() {
        return window.get();
    }

    public void setWindow(IovaWindow w) {
        window.set(w == null ? IovaWindow.FULL : w);
    }

    /** Shows [first, last] exactly (widened to one page if narrower). */
    public void zoomTo(long first, long last) {
        BigInteger f = IovaWindow.unsigned(Unsigned.min(first, last));
        BigInteger len = IovaText.length(Unsigned.min(first, last), Unsigned.max(first, last));
        BigInteger span = len.max(BigInteger.valueOf(IovaWindow.MIN_SPAN));
        setWindow(IovaWindow.of(f.subtract(span.subtract(len).shiftRight(1)), span));
    }

    /** Zooms by {@code factor} (above 1 zooms in) keeping the IOVA under track position {@code x} in place. */
    public void zoom(double factor, double x) {
        double w = track.getWidth();
        setWindow(window().zoom(factor, w > 0 ? x / w : 0.5));
    }

    /** Moves the window right by {@code dx} pixels' worth of IOVA (negative moves left). */
    public void pan(double dx) {
        double w = track.getWidth();
        if (w > 0) {
            setWindow(window().pan(dx / w));
        }
    }

    /** Back to the whole 2^64 IOVA space. */
    public void reset() {
        setWindow(IovaWindow.FULL);
    }

    /**
     * Frames every area and every device (or owner-less) reserved range, with a margin and rounded out to
     * round hex boundaries; the whole space when there are none. A domain's aperture complement is left
     * out: it runs to the end of the space.
     */
    public void fitToMappings() {
        setWindow(mappingsSpan == null ? IovaWindow.FULL
                : IovaWindow.around(mappingsSpan.lo(), mappingsSpan.last(), 0.03).roundedOut());
    }

    /** The span "Fit to mappings" frames, or null when there is nothing to frame. */
    public IovaWindow mappingsSpan() {
        return mappingsSpan;
    }

    /** The x of IOVA {@code v} on the track, in track coordinates. */
    public double xOf(long v) {
        return window().x(v, track.getWidth());
    }

    /** The track: the pane whose children are the segments; its width is the scale's width. */
    public Region track() {
        return track;
    }

    /** Every drawn segment, in drawing order (allowed, reserved, areas, apertures). */
    public List<Node> segments() {
        return segments.stream().map(s -> (Node) s.shape).toList();
    }

    /** The tooltip a segment was given. */
    public static Tooltip tooltipOf(Node segment) {
        Object t = segment.getProperties().get(TOOLTIP_KEY);
        if (t instanceof String text) {
            Tooltip tip = new Tooltip(text);
            tip.getStyleClass().add("ioas-tooltip");
            tip.setShowDelay(Duration.millis(150));
            tip.setShowDuration(Duration.seconds(30));
            Tooltip.install(segment, tip);
            segment.getProperties().put(TOOLTIP_KEY, tip);
            return tip;
        }
        return t instanceof Tooltip tip ? tip : null;
    }

    // ---- mouse --------------------------------------------------------------------------------------------

    private void installMouse() {
        track.addEventHandler(ScrollEvent.SCROLL, e -> {
            double d = e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX();
            if (d != 0) {
                zoom(Math.pow(ZOOM_STEP, d / 40.0), e.getX());
            }
            e.consume();
        });
        track.addEventHandler(ZoomEvent.ZOOM, e -> {
            zoom(e.getZoomFactor(), e.getX());
            e.consume();
        });
        track.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                dragX = e.getX();
                dragFrom = window();
                dragged = false;
            }
        });
        track.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (dragFrom != null && track.getWidth() > 0) {
                double dx = e.getX() - dragX;
                if (Math.abs(dx) >= 2 || dragged) {
                    dragged = true;
                    track.setCursor(Cursor.CLOSED_HAND);
                    setWindow(dragFrom.pan(-dx / track.getWidth()));
                }
            }
            updateCursor(e.getX());
        });
        track.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            dragFrom = null;
            track.setCursor(Cursor.OPEN_HAND);
        });
        track.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !dragged) {
                reset();
            }
        });
        track.addEventHandler(MouseEvent.MOUSE_MOVED, e -> updateCursor(e.getX()));
        track.addEventHandler(MouseEvent.MOUSE_EXITED, e -> cursorText.setText(""));
    }

    private void updateCursor(double x) {
        cursorText.setText("@ " + Unsigned.hex(window().valueAt(x, track.getWidth())));
    }

    // ---- drawing ------------------------------------------------------------------------------------------

    private void refreshView() {
        IovaWindow w = window();
        windowText.setText(w.isFull() ? "view: all 2⁶⁴ · wheel zooms, drag pans"
                : "view " + w + " · " + IovaText.size(w.span()));
        reset.setDisable(w.isFull());
        fit.setDisable(mappingsSpan == null);
        place();
        drawAxis();
    }

    /** Puts every segment where the window says, never narrower than MIN_SEGMENT_PX. */
    private void place() {
        double width = track.getWidth();
        IovaWindow w = window();
        double laneY = laneY();
        lane.setX(0);
        lane.setY(laneY);
        lane.setWidth(Math.max(0, width));
        lane.setHeight(LANE_H);
        List<Node> order = new ArrayList<>();
        order.add(lane);
        order.add(grid);
        List<Node> labels = new ArrayList<>();
        int thin = 0;
        for (Segment s : segments) {
            order.add(s.shape);
            boolean visible = width > 0 && w.intersects(s.first, s.last);
            s.shape.setVisible(visible);
            if (s.label != null) {
                s.label.setVisible(false);
            }
            if (!visible) {
                continue;
            }
            double x1 = Math.max(w.x(s.first, width), -BAND_PAD);
            double x2 = Math.min(w.endX(s.last, width), width + BAND_PAD);
            if (w.endX(s.last, width) - w.x(s.first, width) < 1 && (s.shape.getStyleClass().contains("area")
                    || s.shape.getStyleClass().contains("reserved"))) {
                thin++;
            }
            if (x2 - x1 < MIN_SEGMENT_PX) {
                double mid = Math.min(Math.max((x1 + x2) / 2, MIN_SEGMENT_PX / 2), width - MIN_SEGMENT_PX / 2);
                x1 = mid - MIN_SEGMENT_PX / 2;
                x2 = mid + MIN_SEGMENT_PX / 2;
            }
            s.shape.setX(x1);
            s.shape.setY(s.y);
            s.shape.setWidth(x2 - x1);
            s.shape.setHeight(s.h);
            if (s.label != null) {
                double lx = Math.max(x1, 0) + 3;
                double lw = Math.min(x2, width) - lx - 3;
                String text = fitting(s, lw);
                if (text != null) {
                    s.label.setText(text);
                    double lh = Math.min(s.h, LABEL_H);
                    s.label.resizeRelocate(lx, s.y + (s.h - lh) / 2, Math.min(lw, measure.getLayoutBounds().getWidth() + LABEL_PAD), lh);
                    s.label.setVisible(true);
                    labels.add(s.label);
                }
            }
        }
        if (probeIova != null && width > 0 && w.intersects(probeIova, probeIova)) {
            double x = Math.min(Math.max(w.x(probeIova, width), 1), width - 1);
            probe.setStartX(x);
            probe.setEndX(x);
            probe.setStartY(0);
            probe.setEndY(laneY + LANE_H + BAND_PAD);
            probe.getStyleClass().setAll("dma-probe-mark", probeFault ? "fault" : "ok");
            labels.add(probe);
        }
        squeezed.setText(thin == 0 ? "" : thin + (thin == 1 ? " range" : " ranges") + " under 1 px (drawn 2 px wide)");
        squeezed.setVisible(thin > 0);
        order.addAll(labels);
        for (Segment s : segments) {
            if (s.label != null && !labels.contains(s.label)) {
                order.add(s.label);
            }
        }
        if (!track.getChildren().equals(order)) {
            track.getChildren().setAll(order);
        }
    }

    /** The longest of the segment's texts that fits in {@code room} pixels, or null. */
    private String fitting(Segment s, double room) {
        if (room < 12) {
            return null;
        }
        measure.setFont(s.label.getFont());
        for (String t : s.texts) {
            measure.setText(t);
            if (measure.getLayoutBounds().getWidth() + LABEL_PAD <= room) {
                return t;
            }
        }
        return null;
    }

    /** Hex labels at both ends and at power-of-two ticks between, skipping any that would collide. */
    /** What the axis and grid were last drawn for: a step that keeps window, width and lanes keeps them too. */
    private List<Object> axisDrawnFor;

    private void drawAxis() {
        double width = axis.getWidth();
        IovaWindow w = window();
        List<Object> key = List.of(w, width, laneY());
        if (key.equals(axisDrawnFor)) {
            return;
        }
        axisDrawnFor = key;
        axis.getChildren().clear();
        grid.getChildren().clear();
        if (!(width > 0)) {
            return;
        }
        Line base = new Line(0, 0.5, width, 0.5);
        base.getStyleClass().add("ioas-axis-line");
        axis.getChildren().add(base);

        Text left = tickLabel(Unsigned.hex(w.lo()));
        Text right = tickLabel(Unsigned.hex(w.last()));
        double rw = right.getLayoutBounds().getWidth();
        left.setX(1);
        right.setX(width - rw - 1);
        double leftEnd = 1 + left.getLayoutBounds().getWidth();
        double rightStart = width - rw - 1;
        axis.getChildren().add(tick(0.5));
        axis.getChildren().add(tick(width - 0.5));

        int maxTicks = Math.max(1, (int) (width / 170));
        BigInteger span = w.span();
        BigInteger per = span.divide(BigInteger.valueOf(maxTicks));
        BigInteger step = per.signum() == 0 ? BigInteger.ONE : BigInteger.ONE.shiftLeft(per.bitLength() - 1);
        BigInteger lo = IovaWindow.unsigned(w.lo());
        BigInteger hiExcl = lo.add(span);
        BigInteger t = lo.add(step).subtract(BigInteger.ONE).divide(step).multiply(step);
        if (t.equals(lo)) {
            t = t.add(step);
        }
        double lastEnd = leftEnd;
        for (; t.compareTo(hiExcl) < 0 && t.compareTo(IovaWindow.TWO_64) < 0; t = t.add(step)) {
            long v = t.longValue();
            double x = w.x(v, width);
            Line gl = new Line(Math.rint(x) + 0.5, laneY(), Math.rint(x) + 0.5, laneY() + LANE_H);
            gl.getStyleClass().add("ioas-grid-line");
            grid.getChildren().add(gl);
            axis.getChildren().add(tick(Math.rint(x) + 0.5));
            Text l = tickLabel(Unsigned.hex(v));
            double lw = l.getLayoutBounds().getWidth();
            double lx = x - lw / 2;
            if (lx >= lastEnd + 14 && lx + lw <= rightStart - 14) {
                l.setX(lx);
                axis.getChildren().add(l);
                lastEnd = lx + lw;
            }
        }
        axis.getChildren().addAll(left, right);
    }

    private Line tick(double x) {
        Line l = new Line(x, 0, x, 5);
        l.getStyleClass().add("ioas-tick");
        return l;
    }

    private Text tickLabel(String s) {
        Text t = new Text(s);
        t.getStyleClass().add("ioas-tick-label");
        t.setTextOrigin(VPos.TOP);
        t.setY(7);
        axis.getChildren().add(t);
        t.applyCss();
        axis.getChildren().remove(t);
        return t;
    }

    /** The track lays nothing out by itself: segments are placed from the window whenever it resizes. */
    private final class Track extends Pane {
        @Override
        protected void layoutChildren() {
            place();
        }
    }
}
