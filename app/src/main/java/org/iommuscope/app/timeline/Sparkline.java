package org.iommuscope.app.timeline;

import java.util.Locale;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;

/**
 * Above the tick bar of a long trace: how often steps map or unmap (bars, the share of a pixel column's steps)
 * and how much all IOASes hold mapped (a line, from 0 to the trace's most), one pixel column per group of
 * steps, with the current step marked, so a user can find where a long trace does what. Colours come from the
 * theme (hidden swatches the style sheet strokes, as the tick bar's).
 */
final class Sparkline extends Pane {
    static final double HEIGHT = 26;
    /** The tick bar's inset: column x of the sparkline is the step the tick bar has at x. */
    static final double INSET = 8;
    private final Canvas canvas = new Canvas();
    private final Line rate = swatch("spark-rate");
    private final Line fill = swatch("spark-fill");
    private final Line now = swatch("spark-current");
    /** The current step's mark, over the canvas: a jump moves it, and draws none of the series again. */
    private final Line mark = new Line(0, 0, 0, HEIGHT);
    private final TraceSeries series = new TraceSeries();
    private final Tooltip tip = new Tooltip();
    private int current;
    /** How many times the series was drawn (tests read it). */
    private int draws;

    Sparkline() {
        getStyleClass().add("sparkline");
        setId("timeline-sparkline");
        canvas.setId("timeline-sparkline-canvas");
        mark.setManaged(false);
        mark.setMouseTransparent(true);
        mark.strokeProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() -> colour(now, Color.web("#d13b1f")),
                now.strokeProperty()));
        // Butt ends: the mark stays inside the sparkline's height, as the canvas's stroke was.
        mark.setStrokeLineCap(javafx.scene.shape.StrokeLineCap.BUTT);
        mark.setStrokeWidth(1);
        getChildren().addAll(canvas, rate, fill, now, mark);
        canvas.widthProperty().bind(widthProperty());
        canvas.setHeight(HEIGHT);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        setMaxHeight(HEIGHT);
        canvas.widthProperty().addListener((o, a, b) -> draw());
        for (Line l : java.util.List.of(rate, fill)) {
            l.strokeProperty().addListener((o, a, b) -> draw());
        }
        Tooltip.install(this, tip);
        setOnMouseMoved(e -> tip.setText(describe(stepAt(e.getX()))));
    }

    TraceSeries series() {
        return series;
    }

    /** Counts the frames not counted yet and draws again. */
    void grow(java.util.List<Frame> frames) {
        series.addAll(frames);
        draw();
    }

    void setCurrent(int step) {
        current = step;
        placeMark();
    }

    /** The current step's mark where the tick bar has that step (hidden until there are two steps and room). */
    private void placeMark() {
        int n = series.size() - 1;
        double w = canvas.getWidth() - 2 * INSET;
        mark.setVisible(n > 0 && w > 1);
        if (mark.isVisible()) {
            double x = Math.round(INSET + w * Math.min(current, n) / n) + 0.5;
            mark.setStartX(x);
            mark.setEndX(x);
        }
    }

    int draws() {
        return draws;
    }

    /** The x of the current step's mark. */
    double markX() {
        return mark.getStartX();
    }

    /** The step under pixel column {@code x}. */
    int stepAt(double x) {
        int n = series.size() - 1;
        double w = canvas.getWidth() - 2 * INSET;
        if (n <= 0 || w <= 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(n, Math.round((x - INSET) / w * n)));
    }

    /** "step 41,200: IOAS fill 96.2 MiB (most 128.0 MiB); 1,024 of the 1,040 steps around it map or unmap". */
    String describe(int step) {
        if (series.size() == 0) {
            return "";
        }
        int n = series.size() - 1;
        double w = Math.max(1, canvas.getWidth() - 2 * INSET);
        int per = (int) Math.max(1, Math.ceil(n / w));
        int from = Math.max(0, step - per / 2);
        int to = Math.min(n, from + per - 1);
        return String.format(Locale.ROOT, "step %,d: IOAS fill %s (most %s); %,d of the %,d steps around it map or unmap", step,
                mib(series.fill(step)), mib(series.maxFill()), series.mapsOrUnmaps(from, to), to - from + 1);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** One pass over the pixel columns: each column's steps are counted once, never drawn one by one. */
    void draw() {
        draws++;
        placeMark();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        g.clearRect(0, 0, width, HEIGHT);
        int n = series.size() - 1;
        double w = width - 2 * INSET;
        if (n <= 0 || w <= 1) {
            return;
        }
        int columns = (int) Math.floor(w);
        double top = 2;
        double h = HEIGHT - 4;
        long most = Math.max(1, series.maxFill());
        double[] xs = new double[columns + 1];
        double[] ys = new double[columns + 1];
        g.setFill(colour(rate, Color.web("#9aa7b8")));
        for (int c = 0; c <= columns; c++) {
            int from = (int) Math.floor((double) c * n / (columns + 1));
            int to = Math.max(from, (int) Math.floor((double) (c + 1) * n / (columns + 1)) - 1);
            to = Math.min(n, to);
            double share = series.mapsOrUnmaps(from, to) / (double) (to - from + 1);
            double bar = share * h * 0.5;
            double x = INSET + c;
            if (bar > 0) {
                g.fillRect(x, top + h - bar, 1, bar);
            }
            xs[c] = x + 0.5;
            ys[c] = top + h - series.maxFill(from, to) / (double) most * h;
        }
        g.setStroke(colour(fill, Color.web("#1f6fd1")));
        g.setLineWidth(1.5);
        g.strokePolyline(xs, ys, columns + 1);
    }

    private static Color colour(Line swatch, Color fallback) {
        return swatch.getStroke() instanceof Color c ? c : fallback;
    }

    private static Line swatch(String styleClass) {
        Line l = new Line();
        l.getStyleClass().add(styleClass);
        l.setVisible(false);
        l.setManaged(false);
        return l;
    }
}
