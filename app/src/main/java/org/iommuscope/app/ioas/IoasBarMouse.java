package org.iommuscope.app.ioas;

import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.Region;

/**
 * What the pointer does to an IOAS bar: the wheel (or a pinch) zooms around the cursor, dragging pans, a double
 * click shows all 2^64 again, and the IOVA under the pointer is shown as it moves (with, when the bar draws its ranges
 * merged, the tooltip of the range under it).
 */
final class IoasBarMouse {
    private static final double ZOOM_STEP = 1.25;

    private final IoasBar bar;
    private final Region track;
    private final Label cursorText;
    private double dragX;
    private IovaWindow dragFrom;
    private boolean dragged;

    IoasBarMouse(IoasBar bar, Region track, Label cursorText) {
        this.bar = bar;
        this.track = track;
        this.cursorText = cursorText;
        track.setCursor(Cursor.OPEN_HAND);
        track.addEventHandler(ScrollEvent.SCROLL, e -> {
            double d = e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX();
            if (d != 0) {
                bar.zoom(Math.pow(ZOOM_STEP, d / 40.0), e.getX());
            }
            e.consume();
        });
        track.addEventHandler(ZoomEvent.ZOOM, e -> {
            bar.zoom(e.getZoomFactor(), e.getX());
            e.consume();
        });
        track.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                dragX = e.getX();
                dragFrom = bar.window();
                dragged = false;
            }
        });
        track.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (dragFrom != null && track.getWidth() > 0) {
                double dx = e.getX() - dragX;
                if (Math.abs(dx) >= 2 || dragged) {
                    dragged = true;
                    track.setCursor(Cursor.CLOSED_HAND);
                    bar.setWindow(dragFrom.pan(-dx / track.getWidth()));
                }
            }
            showCursor(e.getX());
        });
        track.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            dragFrom = null;
            track.setCursor(Cursor.OPEN_HAND);
        });
        track.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !dragged) {
                bar.reset();
            }
        });
        track.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            showCursor(e.getX());
            bar.hover(e.getX(), e.getY(), e.getScreenX(), e.getScreenY());
        });
        track.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            cursorText.setText("");
            bar.hoverEnded();
        });
    }

    private void showCursor(double x) {
        cursorText.setText("@ " + IovaText.hex(bar.window().valueAt(x, track.getWidth())));
    }
}
