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
 * <p>The bar draws an {@link IoasModel} (what {@link IoasProjection} read from a state); its scale is an
 * {@link IoasAxis}, and the pointer's gestures are {@link IoasBarMouse}'s.
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

    /** One drawn range: its node, its in-lane label (or null) with its texts longest first, and where it sits vertically. */
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
        for (Segment s : segments) {
            track.getChildren().removeAll(s.shape);
            if (s.label != null) {
                track.getChildren().remove(s.label);
            }
        }
        segments.clear();
        title.setText(model.title());
        dirty = model.dirty();
        mappingsSpan = model.mappingsSpan();
        setLanes(model.apertureLanes());
        double laneY = laneY();
        for (IoasModel.Range r : model.ranges()) {
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
            add(segment(r.id(), r.first(), r.last(), y, h, r.texts(), r.tip(), r.classes().toArray(String[]::new)));
        }
        refreshView();
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

    /**
     * The dirty pages as one path: the runs in view, each at least one pixel wide, and runs that meet within a pixel
     * joined. However many pages are dirty, the bar draws at most one rectangle per pixel column, in one node.
     */
    private void drawDirty(IovaWindow w, double width, double laneY) {
        List<javafx.scene.shape.PathElement> els = new ArrayList<>();
        double y0 = laneY + 2;
        double y1 = laneY + LANE_H - 2;
        double from = Double.NaN;
        double to = Double.NaN;
        for (IoasModel.Span d : dirty) {
            if (!w.intersects(d.first(), d.last())) {
                continue;
            }
            double x1 = Math.floor(Math.max(w.x(d.first(), width), 0));
            double x2 = Math.ceil(Math.min(w.endX(d.last(), width), width));
            x2 = Math.max(x2, x1 + 1);
            if (!Double.isNaN(to) && x1 <= to) {
                to = Math.max(to, x2);
                continue;
            }
            if (!Double.isNaN(from)) {
                rect(els, from, to, y0, y1);
            }
            from = x1;
            to = x2;
        }
        if (!Double.isNaN(from)) {
            rect(els, from, to, y0, y1);
        }
        dirtyShape.getElements().setAll(els);
    }

    private static void rect(List<javafx.scene.shape.PathElement> els, double x1, double x2, double y0, double y1) {
        els.add(new javafx.scene.shape.MoveTo(x1, y0));
        els.add(new javafx.scene.shape.LineTo(x2, y0));
        els.add(new javafx.scene.shape.LineTo(x2, y1));
        els.add(new javafx.scene.shape.LineTo(x1, y1));
        els.add(new javafx.scene.shape.ClosePath());
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
        for (String t : s.texts) {
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
            place();
        }
    }
}
