package org.iommuscope.app.timeline;

import org.iommuscope.app.graph.NodeId;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.keys.KeyBindings;
import java.util.List;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;

/**
 * The bottom of the window: the op log (one row per step), a slider with one tick per step and taller
 * ticks at captioned steps, first/back/play/next/last, speed, and the status line. All follow the
 * model's index.
 */
public final class TimelineView extends VBox {
    private final StepperModel model;
    private final StepLog log = new StepLog();
    private final javafx.collections.ObservableList<Frame> source;
    private final FilteredList<Frame> rows;
    private final HBox statusRow;
    private Runnable drawTicks = () -> { };
    /** Frames where another what-if branch goes its own way (the last step both share). */
    private java.util.List<Integer> forks = java.util.List.of();
    private java.util.function.IntConsumer onCaptionEdit;
    private final Slider slider = new Slider();
    private final Label status = new Label();
    private final Label filterLabel = new Label();
    private boolean syncing;
    /** A step the user must not miss (side by side: where two profiles first part), or -1. */
    private int marked = -1;
    /** What a real kernel said of each step, by frame number; empty until File → Run on a kernel…. */
    private java.util.Map<Integer, KernelMark> kernelMarks = java.util.Map.of();
    private StepLog.Column kernelColumn;
    /** A long trace's shape over the ticks; shown from {@link #SPARKLINE_STEPS} steps. */
    private final Sparkline sparkline = new Sparkline();
    static final int SPARKLINE_STEPS = 1_000;
    /** The log's two filters: the selected object's, and the filter field's. */
    private NodeId touching;
    private LogFilter filter = LogFilter.NONE;
    private final javafx.scene.control.ChoiceBox<LogFilter.Kind> filterKind = new javafx.scene.control.ChoiceBox<>();
    private final javafx.scene.control.TextField filterText = new javafx.scene.control.TextField();
    private final Label filterCount = new Label();
    /** Digits of the last step's number (the number column's width). */
    private final javafx.beans.property.IntegerProperty digits = new javafx.beans.property.SimpleIntegerProperty(1);

    public TimelineView(StepperModel model) {
        this.model = model;
        getStyleClass().add("timeline");
        source = FXCollections.observableArrayList(model.frames());
        rows = new FilteredList<>(source);
        buildLog();
        slider.setId("timeline-slider");
        slider.setMin(0);
        slider.setMax(Math.max(1, model.last()));
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.setBlockIncrement(1);
        slider.setFocusTraversable(false);
        slider.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                model.jump((int) Math.round(b.doubleValue()));
            }
        });
        Pane ticks = tickBar();
        StackPane scrub = new StackPane(ticks, slider);
        HBox.setHgrow(scrub, Priority.ALWAYS);
        // The sparkline sits over the slider's track, as wide as it; the buttons on either side keep their place.
        sparkline.setPrefWidth(0);
        VBox scrubAndSpark = new VBox(2, sparkline, scrub);
        HBox.setHgrow(scrubAndSpark, Priority.ALWAYS);
        sparkline.setMouseTransparent(false);
        sparkline.setOnMouseClicked(e -> model.jump(sparkline.stepAt(e.getX())));

        Button first = button("timeline-first", "⇤ First", "First step", KeyAction.FIRST, model::first);
        Button back = button("timeline-back", "◀ Back", "Back", KeyAction.BACK, model::back);
        ToggleButton play = new ToggleButton();
        play.setId("timeline-play");
        play.textProperty().bind(Bindings.when(model.playing()).then("❚❚ Pause").otherwise("▶ Play"));
        play.selectedProperty().bindBidirectional(model.playing());
        play.setTooltip(new Tooltip());
        play.getTooltip().textProperty().bind(KeyBindings.tooltip("Play / pause", KeyAction.PLAY));
        play.setFocusTraversable(false);
        Button next = button("timeline-next", "Next ▶", "Next", KeyAction.NEXT, model::next);
        Button last = button("timeline-last", "Last ⇥", "Last step", KeyAction.LAST, model::end);
        Button slower = button("timeline-slower", "−", "Slower", KeyAction.SLOWER, model::slower);
        Button faster = button("timeline-faster", "+", "Faster", KeyAction.FASTER, model::faster);
        Label speed = new Label();
        speed.setId("timeline-speed");
        speed.textProperty().bind(Bindings.format("%.2g×", model.speed()));
        HBox controls = new HBox(6, first, back, play, next, last, scrubAndSpark, slower, speed, faster);
        // At a large text zoom the slider gives way; the buttons keep their whole labels.
        for (javafx.scene.Node n : controls.getChildren()) {
            if (n instanceof javafx.scene.control.Labeled l) {
                l.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        controls.setAlignment(Pos.CENTER_LEFT);
        status.setId("status");
        status.getStyleClass().add("status");
        filterLabel.getStyleClass().add("filter-label");
        statusRow = new HBox(12, status, filterLabel);
        statusRow.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(controls, statusRow, filterRow(), log);
        setSpacing(6);
        setPadding(new Insets(6));
        VBox.setVgrow(log, Priority.ALWAYS);
        model.index().addListener((o, a, b) -> sync());
        model.revision().addListener((o, a, b) -> {
            source.setAll(model.frames());
            slider.setMax(Math.max(1, model.last()));
            drawTicks.run();
            growSparkline(true);
            sync();
        });
        // A long trace's next chunk: its rows join the log (the filter applies to them as they come).
        model.appended().addListener((o, a, b) -> {
            source.addAll(model.frames().subList(source.size(), model.frames().size()));
            slider.setMax(Math.max(1, model.last()));
            drawTicks.run();
            growSparkline(false);
            sync();
        });
        growSparkline(false);
        sync();
    }

    /** Marks the frames where another branch forks off (what-if sessions); an empty list removes the marks. */
    public void setForks(java.util.List<Integer> frames) {
        forks = java.util.List.copyOf(frames);
        drawTicks.run();
    }

    public java.util.List<Integer> forks() {
        return forks;
    }

    /** Room in the status row for a view's own controls (the what-if branch switcher). */
    public void addToStatusRow(javafx.scene.Node node) {
        statusRow.getChildren().add(node);
    }

    /** Double-click on a row, or "Caption…" in its menu, asks to edit that step's caption. */
    public void setOnCaptionEdit(java.util.function.IntConsumer handler) {
        onCaptionEdit = handler;
    }

    /** A button whose tooltip names its action's key as bound now ("Next (→)"), following a rebind. */
    private Button button(String id, String text, String tip, KeyAction key, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip());
        b.getTooltip().textProperty().bind(KeyBindings.tooltip(tip, key));
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void buildLog() {
        log.setId("op-log");
        log.setItems(rows);
        log.setFocusTraversable(false);
        StepLog.Column num = new StepLog.Column("#", f -> Integer.toString(f.number()));
        // Room for three digits, more for a long trace's step numbers ("100000").
        num.prefWidthProperty().bind(Bindings.createDoubleBinding(() -> status.getFont().getSize()
                * (3.4 + 0.65 * Math.max(0, digits.get() - 3)), status.fontProperty(), digits));
        StepLog.Column op = new StepLog.Column("op", f -> f.number() == 0 ? "(boot)" : f.opNamed());
        // Wide enough for an op whose handles say which object they are ("pt: hwpt_paging 6 · hwpt2").
        op.setPrefWidth(430);
        op.setMinWidthEm(14);
        StepLog.Column outcome = new StepLog.Column("outcome", Frame::outcome);
        outcome.prefWidthProperty().bind(status.fontProperty().map(f -> f.getSize() * 8.5));
        StepLog.Column caption = new StepLog.Column("caption", f -> f.caption() == null ? "" : f.caption());
        caption.setPrefWidth(640);
        caption.setMinWidthEm(10);
        log.getColumns().addAll(java.util.List.of(num, op, outcome, caption));
        log.setRowClasses(f -> {
            java.util.List<String> classes = new java.util.ArrayList<>(2);
            if (f.number() == marked) {
                classes.add("marked-step");
            }
            KernelMark k = kernelMarks.get(f.number());
            if (k != null && k.kind() == KernelMark.Kind.DISAGREE) {
                classes.add("kernel-disagree-step");
            }
            if (!f.passed()) {
                classes.add("failed-step");
            } else if (!"ok".equals(f.outcome()) && !f.outcome().isEmpty() && f.number() > 0) {
                classes.add("errno-step");
            }
            if (f.captioned()) {
                classes.add("captioned-step");
            }
            return classes;
        });
        log.setOnRowClicked((f, e) -> {
            model.jump(f.number());
            if (e.getClickCount() == 2 && onCaptionEdit != null && f.number() > 0) {
                onCaptionEdit.accept(f.number());
            }
        });
        javafx.scene.control.MenuItem editCaption = new javafx.scene.control.MenuItem("Caption…");
        javafx.scene.control.ContextMenu rowMenu = new javafx.scene.control.ContextMenu(editCaption);
        int[] menuStep = {-1};
        editCaption.setOnAction(e -> {
            if (onCaptionEdit != null && menuStep[0] >= 0) {
                onCaptionEdit.accept(menuStep[0]);
            }
        });
        log.setRowMenu(f -> {
            menuStep[0] = f.number();
            return rowMenu;
        });
    }

    /**
     * One tick per step, taller (and blue) at captioned steps. Drawn on one Canvas: a timeline of 10,000
     * steps as 10,000 Line nodes would cost a CSS and layout pass on every step.
     */
    private Pane tickBar() {
        Canvas canvas = new Canvas();
        canvas.setId("timeline-ticks");
        // The canvas draws in the theme's colours: each is read from a hidden line the style sheet strokes.
        javafx.scene.shape.Line plain = swatch("tick");
        javafx.scene.shape.Line captioned = swatch("tick-captioned");
        javafx.scene.shape.Line flag = swatch("tick-marked");
        javafx.scene.shape.Line fork = swatch("tick-fork");
        javafx.scene.shape.Line disagree = swatch("tick-kernel-disagree");
        Pane ticks = new Pane(canvas, plain, captioned, flag, fork, disagree);
        ticks.setMouseTransparent(true);
        ticks.getStyleClass().add("tick-bar");
        canvas.widthProperty().bind(ticks.widthProperty());
        canvas.setHeight(18);
        drawTicks = () -> {
            GraphicsContext g = canvas.getGraphicsContext2D();
            g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
            double inset = 8;
            double w = canvas.getWidth() - 2 * inset;
            int n = model.last();
            List<Frame> frames = model.frames();
            if (n > w) {
                // More steps than pixels: the plain ticks merge into one band, drawn once; a column with a
                // captioned step gets its tall tick once, however many steps share it.
                g.setFill(plain.getStroke());
                g.fillRect(Math.round(inset), 6, Math.round(w) + 1, 4);
                g.setStroke(captioned.getStroke());
                g.setLineWidth(2);
                double lastX = -1;
                for (int i = 0; i <= n; i++) {
                    if (frames.get(i).captioned()) {
                        double x = Math.round(inset + w * i / n) + 0.5;
                        if (x != lastX) {
                            g.strokeLine(x, 0, x, 16);
                            lastX = x;
                        }
                    }
                }
            } else {
                for (int i = 0; i <= n; i++) {
                    double x = Math.round(inset + (n == 0 ? 0 : w * i / n)) + 0.5;
                    boolean tall = frames.get(i).captioned();
                    g.setStroke((tall ? captioned : plain).getStroke());
                    g.setLineWidth(tall ? 2 : 1);
                    g.strokeLine(x, tall ? 0 : 6, x, tall ? 16 : 10);
                }
            }
            if (marked >= 0 && n > 0) {
                double x = inset + w * marked / n;
                g.setFill(flag.getStroke());
                g.fillPolygon(new double[] {x - 6, x + 6, x}, new double[] {0, 0, 9}, 3);
                g.setStroke(flag.getStroke());
                g.setLineWidth(2);
                g.strokeLine(x, 0, x, 18);
            }
            // A step where a real kernel answered otherwise: a block under its tick.
            g.setFill(disagree.getStroke());
            for (java.util.Map.Entry<Integer, KernelMark> e : kernelMarks.entrySet()) {
                if (e.getValue().kind() == KernelMark.Kind.DISAGREE && e.getKey() <= n) {
                    double x = Math.round(inset + (n == 0 ? 0 : w * e.getKey() / n)) + 0.5;
                    g.fillRect(x - 4, 11, 8, 7);
                }
            }
            // A fork: a wedge above the step where another branch leaves this one.
            g.setFill(fork.getStroke());
            for (int k : forks) {
                if (k <= n) {
                    double x = Math.round(inset + (n == 0 ? 0 : w * k / n)) + 0.5;
                    g.fillPolygon(new double[] {x - 6, x + 6, x}, new double[] {0, 0, 9}, 3);
                    g.fillRect(x - 1, 0, 2, 18);
                }
            }
        };
        canvas.widthProperty().addListener((o, a, b) -> drawTicks.run());
        // A theme switch restyles the swatches: draw again in the new colours.
        for (javafx.scene.shape.Line l : List.of(plain, captioned, flag, fork, disagree)) {
            l.strokeProperty().addListener((o, a, b) -> drawTicks.run());
        }
        ticks.setMinHeight(18);
        return ticks;
    }

    /** A line never shown, stroked by the style sheet: where the tick bar reads a colour of the theme. */
    private static javafx.scene.shape.Line swatch(String styleClass) {
        javafx.scene.shape.Line l = new javafx.scene.shape.Line();
        l.getStyleClass().add(styleClass);
        l.setVisible(false);
        l.setManaged(false);
        return l;
    }

    private void sync() {
        syncing = true;
        try {
            digits.set(Integer.toString(model.last()).length());
            int i = model.index().get();
            slider.setValue(i);
            if (sparkline.isVisible()) {
                sparkline.setCurrent(i);
            }
            // The log's rows are the frames in order, filtered: the step's row (or -1) by binary search.
            int row = rows.getViewIndex(i);
            if (row >= 0) {
                log.select(row);
                log.scrollTo(Math.max(0, row - 3));
            } else {
                log.clearSelection();
            }
            status.setText(model.status());
        } finally {
            syncing = false;
        }
    }

    /** Filter the log to steps that touched an object (null shows every step). */
    public void filterTo(NodeId node) {
        touching = node;
        applyFilters();
        filterLabel.setText(node == null ? "" : "log: steps touching " + node.css());
    }

    /**
     * Filters the log by op, outcome or object as the filter field does (what the field shows follows); the
     * selected object's filter, if any, applies too.
     */
    public void filterLog(LogFilter f) {
        filter = f;
        if (filterKind.getValue() != f.kind()) {
            filterKind.setValue(f.kind());
        }
        if (!filterText.getText().equals(f.text())) {
            filterText.setText(f.text());
        }
        applyFilters();
    }

    public LogFilter logFilter() {
        return filter;
    }

    private void applyFilters() {
        Predicate<Frame> byObject = touching == null ? null : f -> f.touches(touching);
        Predicate<Frame> byField = null;
        boolean unknown = false;
        if (!filter.isEmpty()) {
            byField = filter.predicate(model.current().graph());
            if (byField == null && model.last() > 0) {
                byField = filter.predicate(model.frames().get(model.last()).graph());
            }
            unknown = byField == null;
        }
        Predicate<Frame> p;
        if (unknown) {
            p = f -> false;
        } else if (byObject != null && byField != null) {
            p = byObject.and(byField);
        } else {
            p = byObject != null ? byObject : byField;
        }
        rows.setPredicate(p);
        filterCount.setText(filter.isEmpty() ? "" : unknown ? "no object " + filter.text()
                : String.format(java.util.Locale.ROOT, "%,d of %,d steps", rows.size(), source.size()));
        sync();
    }

    /** The row over the log: what to filter by, and the text. */
    private HBox filterRow() {
        filterKind.getItems().setAll(LogFilter.Kind.values());
        filterKind.setValue(LogFilter.Kind.OP);
        filterKind.setId("log-filter-kind");
        filterKind.setFocusTraversable(false);
        filterText.setId("log-filter");
        filterText.setPromptText("filter the log: ioas_map · EINVAL · ioas1");
        filterText.setPrefColumnCount(22);
        filterCount.setId("log-filter-count");
        filterCount.getStyleClass().add("filter-label");
        Runnable apply = () -> {
            filter = new LogFilter(filterKind.getValue(), filterText.getText());
            applyFilters();
        };
        filterKind.valueProperty().addListener((o, a, b) -> apply.run());
        filterText.textProperty().addListener((o, a, b) -> apply.run());
        // Escape in the field clears it and gives the keys back to stepping.
        filterText.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                filterText.clear();
                requestFocus();
                e.consume();
            }
        });
        Label by = new Label("filter log by");
        HBox row = new HBox(6, by, filterKind, filterText, filterCount);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Counts the new frames into the sparkline; shown from {@link #SPARKLINE_STEPS} steps. */
    private void growSparkline(boolean restart) {
        if (restart) {
            sparkline.series().reset();
        }
        boolean show = model.last() >= SPARKLINE_STEPS;
        sparkline.setVisible(show);
        sparkline.setManaged(show);
        if (show) {
            sparkline.grow(model.frames());
        }
    }

    /** The sparkline over the ticks (shown for a long trace). */
    public javafx.scene.layout.Region sparkline() {
        return sparkline;
    }

    /** The sparkline's tooltip text for a step. */
    public String sparklineText(int step) {
        return sparkline.describe(step);
    }

    /** Marks one step on the tick bar (a red flag) and in the log; -1 clears the mark. */
    public void markStep(int step, String why) {
        marked = step;
        drawTicks.run();
        log.refresh();
        filterLabel.setText(step < 0 ? "" : why);
    }

    public int markedStep() {
        return marked;
    }

    /**
     * Shows what a real kernel said of each step: a "kernel" column in the log, disagreeing rows marked, and a
     * block under each disagreeing step's tick. An empty map takes them away.
     */
    public void setKernelMarks(java.util.Map<Integer, KernelMark> marks) {
        kernelMarks = java.util.Map.copyOf(marks);
        if (kernelColumn == null && !marks.isEmpty()) {
            kernelColumn = new StepLog.Column("kernel", f -> {
                KernelMark k = kernelMarks.get(f.number());
                return k == null ? "" : k.text();
            }, f -> {
                KernelMark k = kernelMarks.get(f.number());
                return k != null && k.text().startsWith("DISAGREE") ? "kernel-disagree-cell" : null;
            });
            kernelColumn.setId("log-kernel");
            kernelColumn.setPrefWidth(360);
            kernelColumn.setMinWidthEm(12);
            log.getColumns().add(3, kernelColumn);
        } else if (kernelColumn != null && marks.isEmpty()) {
            log.getColumns().remove(kernelColumn);
            kernelColumn = null;
        }
        drawTicks.run();
        log.refresh();
    }

    public java.util.Map<Integer, KernelMark> kernelMarks() {
        return kernelMarks;
    }

    public StepLog log() {
        return log;
    }

    public Label status() {
        return status;
    }
}
