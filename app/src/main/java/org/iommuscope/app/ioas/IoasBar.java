package org.iommuscope.app.ioas;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.util.Duration;
import org.iommuscope.app.ioas.IoasSegments.Look;
import org.iommuscope.app.ioas.IoasSegments.Segment;

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
 *
 * <p>While the bar holds at most {@value #MAX_BOXES} ranges, or at most that many fall in the window, each is a
 * node as above (a long trace's IOAS gets nodes for the ranges in view only). With more in view, a node each
 * would cost more than a frame (50,000 areas took seconds of CSS and layout): the ranges are drawn as one path
 * per look (style classes and lane), a rectangle per run of pixel columns; only ranges wide enough for a label
 * get one; the pointer finds the range under it by two lookups in the area tree ({@link #rangeAt}) and shows its
 * tooltip. A long bar never holds a node, a range or a segment per area: it walks the areas in its window in the
 * state's own tree ({@link AreaRanges}), once per step shown or window moved.
 *
 * <p>The bar draws an {@link IoasModel} (what {@link IoasProjection} read from a state); its scale is an
 * {@link IoasAxis}, and the pointer's gestures are {@link IoasBarMouse}'s.
 */
public final class IoasBar extends VBox {
    /** Narrowest drawn segment, in pixels. */
    public static final double MIN_SEGMENT_PX = 2;
    /** The most ranges drawn as a node each; past it (in the window) they are merged into a path per look. */
    public static final int MAX_BOXES = 200;

    static final double LANE_H = 34;
    static final double APERTURE_H = 13;
    static final double APERTURE_GAP = 3;
    static final double BAND_PAD = 4;
    /** A segment label's height at most, and its horizontal padding (CSS gives 3 px each side) plus slack. */
    static final double LABEL_H = 18;
    static final double LABEL_PAD = 9;
    private static final String TOOLTIP_KEY = "ioas-bar-tooltip";

    private final int ioasId;
    private final Label title = new Label();
    private final Label windowText = new Label();
    private final Label cursorText = new Label();
    private final Label squeezed = new Label();
    private final Tooltip mergedTip = new Tooltip("Too many ranges in view for a box each: each pixel column is drawn in the colour"
            + " of the first area with a byte in it, and the pointer names that area. The wheel zooms in until each area is a box.");
    private final Button fit = new Button("Fit to mappings");
    private final Button reset = new Button("Full 2⁶⁴");
    private final Track track = new Track();
    private final Pane axis = new Pane();
    private final ObjectProperty<IovaWindow> window = new SimpleObjectProperty<>(this, "window", IovaWindow.FULL);
    /** A short bar's every range, in drawing order; a long bar's ranges other than its areas. */
    private final List<Segment> segments = new ArrayList<>();
    /** The ranges other than areas, in drawing order: the pointer looks at these, and at the areas' tree. */
    private final List<Segment> others = new ArrayList<>();
    /** The areas, read from the state's tree: a long bar walks those in its window, never all of them. */
    private AreaRanges areas = AreaRanges.none();
    /** At most {@value #MAX_BOXES} ranges in all: each is a node, in or out of view. */
    private boolean shortBar = true;
    /** A long bar's areas that have a box or a label now, by first IOVA (those in view, or labelled). */
    private java.util.Map<Long, Segment> areaSegments = new java.util.HashMap<>();
    /** The look of a long bar's areas, by their style classes (one per permission). */
    private final java.util.Map<List<String>, Look> areaLooks = new java.util.HashMap<>();
    /** What the track was last placed for: a layout pass with the same width, window and content places nothing again. */
    private double placedWidth = Double.NaN;
    private IovaWindow placedWindow;
    private boolean placedLabelsFresh = true;
    /** How many times the track was placed: a step shown places it once (tests read it). */
    private int placements;
    /** The labels the last placing tried, with the span each had: refitted once CSS has given fresh ones their font. */
    private final List<LabelSpot> labelSpots = new ArrayList<>();

    private record LabelSpot(Segment segment, double x1, double x2, boolean shown) {
    }
    /** The merged drawing when too many ranges are in view: one path per look, in drawing order. */
    private final java.util.Map<Look, javafx.scene.shape.Path> merged = new java.util.LinkedHashMap<>();
    private boolean mergedMode;
    private final Tooltip hoverTip = new Tooltip();
    private final Rectangle lane = new Rectangle();
    private final Pane grid = new Pane();
    private final IoasAxis scale = new IoasAxis(axis, grid);
    private final Text measure = new Text();
    private IovaWindow mappingsSpan;
    private int apertureLanes;

    /** Where the shown step's DMA probe hit this IOAS (null: none), and whether it faulted. */
    private Long probeIova;
    private boolean probeFault;
    private final javafx.scene.shape.Line probe = new javafx.scene.shape.Line();

    /** The dirty pages of the shown state, and the one shape that lights them (a rectangle per run of pixels). */
    private List<IoasModel.Span> dirty = List.of();
    private final javafx.scene.shape.Path dirtyShape = new javafx.scene.shape.Path();

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
        new IoasBarMouse(this, track, cursorText);
        window.addListener((o, a, b) -> refreshView());
        track.widthProperty().addListener((o, a, b) -> refreshView());
        axis.widthProperty().addListener((o, a, b) -> drawAxis());
        hoverTip.getStyleClass().add("ioas-tooltip");
        hoverTip.setId("ioas-bar-" + ioasId + "-hover");
        dirtyShape.setId("ioas-dirty-" + ioasId);
        dirtyShape.getStyleClass().add("dirty");
        dirtyShape.setManaged(false);
        dirtyShape.setMouseTransparent(true);
        setLanes(0);
        refreshView();
    }

    public int ioasId() {
        return ioasId;
    }

    // ---- content ------------------------------------------------------------------------------------------

    /** Redraws the bar from its IOAS as projected (an empty bar when the IOAS is gone). The window is kept. */
    public void show(IoasModel model) {
        probeIova = model.probe();
        probeFault = model.probeFault();
        if (probeIova != null) {
            probe.setId("ioas-probe-" + ioasId);
            probe.setManaged(false);
            probe.setMouseTransparent(true);
        }
        segments.clear();
        others.clear();
        areaSegments = new java.util.HashMap<>();
        areaLooks.clear();
        title.setText(model.title());
        dirty = model.dirty();
        mappingsSpan = model.mappingsSpan();
        setLanes(model.apertureLanes());
        areas = model.areas();
        // A short bar makes a node per range once; a long one keeps its areas in the state's tree and walks those in view.
        shortBar = model.ranges().size() + areas.size() <= MAX_BOXES;
        for (IoasModel.Range r : shortBar ? model.allRanges() : model.ranges()) {
            Segment s = segmentOf(r);
            segments.add(s);
            if (!s.isArea()) {
                others.add(s);
            }
        }
        if (shortBar) {
            segments.forEach(IoasBar::boxOf);
        }
        placedWidth = Double.NaN;
        refreshView();
    }

    /** A range with where its band puts it. */
    private Segment segmentOf(IoasModel.Range r) {
        double laneY = laneY();
        double y = switch (r.band()) {
            case ALLOWED -> laneY - BAND_PAD;
            case LANE -> laneY;
            case APERTURE -> APERTURE_GAP + r.aperture() * (APERTURE_H + APERTURE_GAP);
        };
        double h = switch (r.band()) {
            case ALLOWED -> LANE_H + 2 * BAND_PAD;
            case LANE -> LANE_H;
            case APERTURE -> APERTURE_H;
        };
        return new Segment(r, y, h);
    }

    /** A long bar's area as a segment, kept while it has a box or label (so panning keeps its nodes). */
    private Segment areaSegment(long first, long last, java.util.Map<Long, Segment> next) {
        Segment s = next.get(first);
        if (s == null) {
            s = areaSegments.get(first);
            if (s == null || s.last != last) {
                s = segmentOf(areas.startingAt(first));
            }
            next.put(first, s);
        }
        return s;
    }

    /** The segment's node (and label), made the first time it is drawn as a box. */
    private static Rectangle boxOf(Segment s) {
        if (s.shape != null) {
            return s.shape;
        }
        Rectangle r = new Rectangle();
        r.setId(s.range.id());
        r.getStyleClass().add("segment");
        r.getStyleClass().addAll(s.range.classes());
        r.setManaged(false);
        // A Tooltip is a popup control: building one per segment on every step cost more than the bar.
        // The text is kept; the tooltip is made the first time the pointer (or a caller) asks for it.
        r.getProperties().put(TOOLTIP_KEY, s.range.tip());
        r.setOnMouseEntered(e -> tooltipOf(r));
        s.shape = r;
        s.label = s.texts().isEmpty() ? null : labelOf(s);
        return r;
    }

    private static Label labelOf(Segment s) {
        Label l = new Label(s.texts().get(0));
        l.getStyleClass().add("ioas-segment-label");
        l.getStyleClass().addAll(s.range.classes());
        l.setTextOverrun(OverrunStyle.ELLIPSIS);
        l.setManaged(false);
        l.setMouseTransparent(true);
        l.setMinWidth(0);
        l.setAlignment(Pos.CENTER_LEFT);
        return l;
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

    /** The IOVA the shown step's DMA probe marked on this bar, or null. */
    public Long probeIova() {
        return probeIova;
    }

    /** A new mapping fills in from its first IOVA to its last, as the kernel fills the domains. */
    public void fillIn(long first, long last) {
        List<Segment> drawn = new ArrayList<>(segments);
        drawn.addAll(areaSegments.values());
        for (Segment s : drawn) {
            if (s.first == first && s.last == last && s.isArea() && s.shape != null) {
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
        setWindow(IovaWindow.exactly(first, last));
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

    /**
     * Every segment drawn as a node, in drawing order (allowed, reserved, areas, apertures): all of them on a bar
     * of at most {@value #MAX_BOXES} ranges, those in view on a longer one, none when too many are in view.
     */
    public List<Node> segments() {
        List<Node> out = new ArrayList<>();
        for (Segment s : segments) {
            if (s.shape != null) {
                out.add(s.shape);
            }
        }
        areaSegments.values().stream().filter(s -> s.shape != null).sorted((a, b) -> Long.compareUnsigned(a.first, b.first))
                .forEach(s -> out.add(s.shape));
        return out;
    }

    /** The nodes the track holds now: bounded by {@value #MAX_BOXES} boxes and labels, whatever the range count. */
    public int trackNodeCount() {
        return track.getChildren().size();
    }

    /** The areas drawn (tests read how many a drawing visited). */
    AreaRanges areas() {
        return areas;
    }

    /** How many times the track has been placed. */
    int placements() {
        return placements;
    }

    /** Whether too many ranges are in view for a node each, so they are drawn merged. */
    public boolean isMerged() {
        return mergedMode;
    }

    /**
     * The range drawn under track position (x, y), topmost first (apertures, areas, reserved ranges, allowed
     * ranges), or null: what the pointer's tooltip shows. The areas are found by two lookups in the area tree (merged,
     * the area whose colour the pixel column shows).
     */
    public IoasModel.Range rangeAt(double x, double y) {
        double width = track.getWidth();
        IovaWindow w = window();
        if (!(width > 0)) {
            return null;
        }
        for (int i = others.size() - 1; i >= 0; i--) {
            Segment s = others.get(i);
            if (s.range.band() == IoasModel.Band.APERTURE && IoasSegments.covers(s, w, width, x, y)) {
                return s.range;
            }
        }
        IoasModel.Range area = mergedMode ? IoasSegments.areaInColumn(areas, w, width, x, y, laneY(), LANE_H)
                : IoasSegments.areaAt(areas, w, width, x, y, laneY(), LANE_H);
        if (area != null) {
            return area;
        }
        for (int i = others.size() - 1; i >= 0; i--) {
            Segment s = others.get(i);
            if (s.range.band() != IoasModel.Band.APERTURE && IoasSegments.covers(s, w, width, x, y)) {
                return s.range;
            }
        }
        return null;
    }

    /** The pointer moved to (x, y) on the track: in the merged drawing, the tooltip of the range under it. */
    void hover(double x, double y, double screenX, double screenY) {
        IoasModel.Range r = mergedMode ? rangeAt(x, y) : null;
        if (r == null) {
            hoverTip.hide();
            return;
        }
        hoverTip.setText(r.tip());
        if (!hoverTip.isShowing()) {
            hoverTip.show(track, screenX + 12, screenY + 16);
        } else {
            hoverTip.setAnchorX(screenX + 12);
            hoverTip.setAnchorY(screenY + 16);
        }
    }

    /** The tooltip the merged drawing shows for the range under the pointer. */
    public Tooltip hoverTooltip() {
        return hoverTip;
    }

    void hoverEnded() {
        hoverTip.hide();
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

    /**
     * Puts every segment where the window says, never narrower than MIN_SEGMENT_PX. A long bar's areas are read from
     * the tree, those in the window only, once: counted until they are too many for a node each, then drawn merged.
     */
    private void place() {
        double width = track.getWidth();
        IovaWindow w = window();
        placedWidth = width;
        placedWindow = w;
        placedLabelsFresh = false;
        placements++;
        labelSpots.clear();
        double laneY = laneY();
        lane.setX(0);
        lane.setY(laneY);
        lane.setWidth(Math.max(0, width));
        lane.setHeight(LANE_H);
        List<Node> order = new ArrayList<>();
        order.add(lane);
        order.add(grid);
        List<Node> labels = new ArrayList<>();
        int[] thin = {0};
        int othersInView = 0;
        for (Segment s : segments) {
            if (width > 0 && w.intersects(s.first, s.last)) {
                othersInView++;
                if (isThin(s.first, s.last, s.range.classes(), w, width)) {
                    thin[0]++;
                }
            }
        }
        java.util.Map<Long, Segment> next = new java.util.HashMap<>();
        if (shortBar) {
            mergedMode = false;
            placeBoxes(w, width, true, segments, order, labels);
        } else {
            List<Segment> areasInView = new ArrayList<>();
            mergedMode = width > 0 && othersInView + countAreasInView(w, MAX_BOXES - othersInView) > MAX_BOXES;
            if (mergedMode) {
                placeMerged(w, width, order, labels, next);
            } else {
                if (width > 0) {
                    areas.walk(w.lo(), w.last(), (first, last, classes) -> {
                        areasInView.add(areaSegment(first, last, next));
                        if (isThin(first, last, classes, w, width)) {
                            thin[0]++;
                        }
                        return true;
                    });
                }
                List<Segment> inOrder = new ArrayList<>(segments.size() + areasInView.size());
                segments.stream().filter(s -> s.range.band() != IoasModel.Band.APERTURE).forEach(inOrder::add);
                inOrder.addAll(areasInView);
                segments.stream().filter(s -> s.range.band() == IoasModel.Band.APERTURE).forEach(inOrder::add);
                placeBoxes(w, width, false, inOrder, order, labels);
            }
            areaSegments = next;
        }
        if (!mergedMode) {
            merged.clear();
            hoverTip.hide();
        }
        if (!dirty.isEmpty() && width > 0) {
            drawDirty(w, width, laneY);
            labels.add(dirtyShape);
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
        String under = thin[0] == 0 ? "" : thin[0] + (thin[0] == 1 ? " range" : " ranges") + " under 1 px (drawn 2 px wide)";
        if (mergedMode) {
            // Counted in the tree (it keeps its subtrees' sizes), not area by area.
            String merged = String.format(java.util.Locale.ROOT, "%,d areas in view, merged per pixel column",
                    areas.countIn(w.lo(), w.last()));
            under = under.isEmpty() ? merged : merged + " · " + under;
        }
        squeezed.setText(under);
        squeezed.setVisible(!under.isEmpty());
        squeezed.setTooltip(mergedMode ? mergedTip : null);
        order.addAll(labels);
        for (Segment s : segments) {
            if (s.label != null && !s.label.isVisible()) {
                order.add(s.label);
            }
        }
        if (!track.getChildren().equals(order)) {
            track.getChildren().setAll(order);
        }
    }

    /** Whether a range in view is drawn narrower than a pixel (widened to MIN_SEGMENT_PX); allowed bands and apertures never count. */
    private static boolean isThin(long first, long last, List<String> classes, IovaWindow w, double width) {
        return w.endX(last, width) - w.x(first, width) < 1 && !classes.contains("allowed") && !classes.contains("aperture");
    }

    /** The areas in the window, counted up to {@code limit} + 1 (past the limit the bar draws them merged, however many). */
    private int countAreasInView(IovaWindow w, int limit) {
        int[] n = {0};
        areas.walk(w.lo(), w.last(), (first, last, classes) -> ++n[0] <= limit);
        return n[0];
    }

    /**
     * A node per range: every range of a short bar (those out of view hidden), or those in view of a long one
     * (the others drop theirs).
     */
    private void placeBoxes(IovaWindow w, double width, boolean allBoxes, List<Segment> drawn, List<Node> order, List<Node> labels) {
        for (Segment s : drawn) {
            boolean visible = width > 0 && w.intersects(s.first, s.last);
            if (!visible && !allBoxes) {
                s.shape = null;
                s.label = null;
                continue;
            }
            boolean fresh = s.shape == null;
            Rectangle box = boxOf(s);
            placedLabelsFresh |= fresh && s.label != null;
            order.add(box);
            box.setVisible(visible);
            if (s.label != null) {
                s.label.setVisible(false);
            }
            if (!visible) {
                continue;
            }
            double[] xs = IoasSegments.drawnX(s, w, width);
            box.setX(xs[0]);
            box.setY(s.y);
            box.setWidth(xs[1] - xs[0]);
            box.setHeight(s.h);
            placeLabel(s, xs[0], xs[1], width, labels);
        }
    }

    /**
     * Too many ranges in view for a node each: one path per look, a rectangle per run of pixel columns (ranges
     * that meet within a pixel joined), and labels only on ranges wide enough to hold one. The areas are walked
     * from the tree a pixel column at a time (each column in the colour of its first area), without a range or segment
     * each; one wide enough for a label gets both.
     */
    private void placeMerged(IovaWindow w, double width, List<Node> order, List<Node> labels, java.util.Map<Long, Segment> next) {
        java.util.Map<Look, PixelRuns> runs = new java.util.LinkedHashMap<>();
        int[] labelled = {0};
        for (Segment s : segments) {
            if (s.range.band() != IoasModel.Band.APERTURE) {
                mergeOther(s, w, width, runs, labels, labelled);
            }
        }
        double laneY = laneY();
        double[] xs = new double[2];
        // Each pixel column shows the first area with a byte in it; the walk jumps over a column's other areas.
        areas.walkColumns(new PixelColumns(w, width), (first, last, classes, fromColumn, toColumn) -> {
            Look look = areaLooks.computeIfAbsent(classes, c -> new Look(c, laneY, LANE_H));
            runs.computeIfAbsent(look, k -> new PixelRuns(laneY, laneY + LANE_H)).add(fromColumn, toColumn + 1);
            IoasSegments.drawnX(first, last, w, width, xs);
            if (xs[1] - xs[0] >= 12 + 6 && labelled[0] < MAX_BOXES) {
                Segment s = areaSegment(first, last, next);
                s.shape = null;
                labelWide(s, xs[0], xs[1], width, labels, labelled);
            }
        });
        for (Segment s : segments) {
            if (s.range.band() == IoasModel.Band.APERTURE) {
                mergeOther(s, w, width, runs, labels, labelled);
            }
        }
        java.util.Map<Look, javafx.scene.shape.Path> drawn = new java.util.LinkedHashMap<>();
        for (java.util.Map.Entry<Look, PixelRuns> e : runs.entrySet()) {
            List<String> classes = e.getKey().classes();
            javafx.scene.shape.Path path = merged.get(e.getKey());
            if (path == null) {
                path = new javafx.scene.shape.Path();
                path.getStyleClass().add("segment");
                path.getStyleClass().addAll(classes);
                path.getStyleClass().add("merged");
                path.setManaged(false);
                path.setMouseTransparent(true);
                if (classes.contains("area")) {
                    // A run of pixel columns is many areas: one outline per run would paint them the stroke's colour.
                    path.setStyle("-fx-stroke: null;");
                }
            }
            path.setId("merged-" + ioasId + "-" + drawn.size());
            path.getElements().setAll(e.getValue().elements());
            drawn.put(e.getKey(), path);
            order.add(path);
        }
        merged.clear();
        merged.putAll(drawn);
    }

    /** One range other than an area into the merged drawing (its look's path), with its label if it is wide enough. */
    private void mergeOther(Segment s, IovaWindow w, double width, java.util.Map<Look, PixelRuns> runs, List<Node> labels,
                            int[] labelled) {
        s.shape = null;
        if (!w.intersects(s.first, s.last)) {
            s.label = null;
            return;
        }
        double[] xs = IoasSegments.drawnX(s, w, width);
        runs.computeIfAbsent(s.look, k -> new PixelRuns(s.y, s.y + s.h)).add(xs[0], xs[1]);
        if (xs[1] - xs[0] >= 12 + 6 && labelled[0] < MAX_BOXES && !s.texts().isEmpty()) {
            labelWide(s, xs[0], xs[1], width, labels, labelled);
        } else {
            s.label = null;
        }
    }

    /** The label of a range in the merged drawing wide enough for one: made when first needed, counted when it shows. */
    private void labelWide(Segment s, double x1, double x2, double width, List<Node> labels, int[] labelled) {
        if (s.label == null) {
            s.label = labelOf(s);
            placedLabelsFresh = true;
        }
        if (placeLabel(s, x1, x2, width, labels)) {
            labelled[0]++;
        }
    }

    /** Puts the segment's label in [x1, x2] with the longest text that fits; false when none fits. */
    private boolean placeLabel(Segment s, double x1, double x2, double width, List<Node> labels) {
        boolean shown = fitLabel(s, x1, x2, width);
        if (s.label != null) {
            labelSpots.add(new LabelSpot(s, x1, x2, shown));
        }
        if (shown) {
            labels.add(s.label);
        }
        return shown;
    }

    /**
     * The layout pass after a placing that made labels: their font is known now, so each is fitted again where it was.
     * False when one that did not fit before fits now: the track's children change, and the bar is placed again.
     */
    private boolean refitLabels() {
        double width = track.getWidth();
        for (LabelSpot spot : labelSpots) {
            if (fitLabel(spot.segment(), spot.x1(), spot.x2(), width) && !spot.shown()) {
                return false;
            }
        }
        placedLabelsFresh = false;
        return true;
    }

    /** Sizes the segment's label to the longest text that fits in [x1, x2] and shows it; hides it when none fits. */
    private boolean fitLabel(Segment s, double x1, double x2, double width) {
        if (s.label == null) {
            return false;
        }
        double lx = Math.max(x1, 0) + 3;
        double lw = Math.min(x2, width) - lx - 3;
        String text = fitting(s, lw);
        if (text == null) {
            s.label.setVisible(false);
            return false;
        }
        s.label.setText(text);
        double lh = Math.min(s.h, LABEL_H);
        s.label.resizeRelocate(lx, s.y + (s.h - lh) / 2, Math.min(lw, measure.getLayoutBounds().getWidth() + LABEL_PAD), lh);
        s.label.setVisible(true);
        return true;
    }

    /** The merged paths drawn now (one per look), for tests. */
    public List<javafx.scene.shape.Path> mergedShapes() {
        return List.copyOf(merged.values());
    }

    /**
     * The dirty pages as one path: the runs in view, each at least one pixel wide, and runs that meet within a pixel
     * joined. However many pages are dirty, the bar draws at most one rectangle per pixel column, in one node.
     */
    private void drawDirty(IovaWindow w, double width, double laneY) {
        PixelRuns runs = new PixelRuns(laneY + 2, laneY + LANE_H - 2);
        for (IoasModel.Span d : dirty) {
            if (w.intersects(d.first(), d.last())) {
                runs.add(Math.max(w.x(d.first(), width), 0), Math.min(w.endX(d.last(), width), width));
            }
        }
        dirtyShape.getElements().setAll(runs.elements());
    }

    /** The shape lighting the dirty pages (its rectangles: one per run of pixel columns), for tests. */
    public javafx.scene.shape.Path dirtyShape() {
        return dirtyShape;
    }

    /** The longest of the segment's texts that fits in {@code room} pixels, or null. */
    private String fitting(Segment s, double room) {
        if (room < 12) {
            return null;
        }
        measure.setFont(s.label.getFont());
        for (String t : s.texts()) {
            measure.setText(t);
            if (measure.getLayoutBounds().getWidth() + LABEL_PAD <= room) {
                return t;
            }
        }
        return null;
    }

    private void drawAxis() {
        scale.draw(window(), laneY(), LANE_H);
    }

    /** The track lays nothing out by itself: segments are placed from the window whenever it resizes. */
    private final class Track extends Pane {
        @Override
        protected void layoutChildren() {
            // A step places the bar when it is shown; the layout pass after it places again only if the width or window
            // changed since, or labels were made then (their font is known only once CSS has styled them).
            if (getWidth() != placedWidth || !window().equals(placedWindow) || placedLabelsFresh && !refitLabels()) {
                place();
            }
        }
    }
}
