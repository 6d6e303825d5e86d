package org.iommuscope.app.ioas;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;

/**
 * Spans of pixel columns drawn as one path: each at least a pixel wide, and spans that meet within a pixel joined,
 * so however many ranges are added the path has at most one rectangle per pixel column. Spans come left to right.
 */
final class PixelRuns {
    private final double y0;
    private final double y1;
    private final List<PathElement> elements = new ArrayList<>();
    private double from = Double.NaN;
    private double to = Double.NaN;

    PixelRuns(double y0, double y1) {
        this.y0 = y0;
        this.y1 = y1;
    }

    /** A span from x1 to x2, widened to whole pixel columns. */
    void add(double x1, double x2) {
        double left = Math.floor(x1);
        double right = Math.max(Math.ceil(x2), left + 1);
        if (!Double.isNaN(to) && left <= to) {
            to = Math.max(to, right);
            return;
        }
        close();
        from = left;
        to = right;
    }

    private void close() {
        if (!Double.isNaN(from)) {
            elements.add(new MoveTo(from, y0));
            elements.add(new LineTo(to, y0));
            elements.add(new LineTo(to, y1));
            elements.add(new LineTo(from, y1));
            elements.add(new ClosePath());
            from = Double.NaN;
            to = Double.NaN;
        }
    }

    /** The rectangles, one per run. */
    List<PathElement> elements() {
        close();
        return elements;
    }
}
