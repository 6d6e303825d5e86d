package org.iommuscope.app.ioas;

import java.math.BigInteger;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

/**
 * An IOAS bar's scale: hex labels at both ends of the window and at power-of-two ticks between (skipping any
 * that would collide), and the matching grid lines across the mapping lane. Redrawn only when the window, the
 * width or the lanes change: a step that keeps them keeps the axis.
 */
final class IoasAxis {
    private final Pane axis;
    private final Pane grid;
    /** What the axis and grid were last drawn for. */
    private List<Object> drawnFor;

    IoasAxis(Pane axis, Pane grid) {
        this.axis = axis;
        this.grid = grid;
    }

    void draw(IovaWindow w, double laneY, double laneH) {
        double width = axis.getWidth();
        List<Object> key = List.of(w, width, laneY);
        if (key.equals(drawnFor)) {
            return;
        }
        drawnFor = key;
        axis.getChildren().clear();
        grid.getChildren().clear();
        if (!(width > 0)) {
            return;
        }
        Line base = new Line(0, 0.5, width, 0.5);
        base.getStyleClass().add("ioas-axis-line");
        axis.getChildren().add(base);

        Text left = tickLabel(IovaText.hex(w.lo()));
        Text right = tickLabel(IovaText.hex(w.last()));
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
            Line gl = new Line(Math.rint(x) + 0.5, laneY, Math.rint(x) + 0.5, laneY + laneH);
            gl.getStyleClass().add("ioas-grid-line");
            grid.getChildren().add(gl);
            axis.getChildren().add(tick(Math.rint(x) + 0.5));
            Text l = tickLabel(IovaText.hex(v));
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

    private static Line tick(double x) {
        Line l = new Line(x, 0, x, 5);
        l.getStyleClass().add("ioas-tick");
        return l;
    }

    /** A tick label, styled (so that its width is known) before it is placed. */
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
}
