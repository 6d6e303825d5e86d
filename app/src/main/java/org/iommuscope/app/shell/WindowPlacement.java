package org.iommuscope.app.shell;

import org.iommuscope.app.settings.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Puts the main window back where it was: position, size and maximised state are saved on close and
 * restored on start, clamped so that a window last seen on a screen that is gone opens on one that is there.
 */
public final class WindowPlacement {
    private WindowPlacement() {
    }

    static void restore(Stage stage) {
        Preferences.WindowGeometry g = Preferences.windowGeometry();
        if (g == null) {
            return;
        }
        Rectangle2D r = clamp(g, Screen.getScreens().stream().map(Screen::getVisualBounds).toList());
        stage.setX(r.getMinX());
        stage.setY(r.getMinY());
        stage.setWidth(r.getWidth());
        stage.setHeight(r.getHeight());
        stage.setMaximized(g.maximized());
    }

    static void save(Stage stage) {
        // A maximised or fullscreen window's own bounds are the screen's: keep the last normal size instead.
        Preferences.WindowGeometry old = Preferences.windowGeometry();
        if ((stage.isMaximized() || stage.isFullScreen()) && old != null) {
            Preferences.setWindowGeometry(new Preferences.WindowGeometry(old.x(), old.y(), old.width(), old.height(), stage.isMaximized()));
        } else {
            Preferences.setWindowGeometry(new Preferences.WindowGeometry(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                    stage.isMaximized()));
        }
    }

    /** The saved bounds moved (and shrunk if need be) into the screen they overlap most, or the first screen. */
    public static Rectangle2D clamp(Preferences.WindowGeometry g, java.util.List<Rectangle2D> screens) {
        Rectangle2D want = new Rectangle2D(g.x(), g.y(), Math.max(200, g.width()), Math.max(150, g.height()));
        Rectangle2D best = screens.get(0);
        double bestArea = -1;
        for (Rectangle2D s : screens) {
            double w = Math.min(want.getMaxX(), s.getMaxX()) - Math.max(want.getMinX(), s.getMinX());
            double h = Math.min(want.getMaxY(), s.getMaxY()) - Math.max(want.getMinY(), s.getMinY());
            double area = w > 0 && h > 0 ? w * h : 0;
            if (area > bestArea) {
                bestArea = area;
                best = s;
            }
        }
        double w = Math.min(want.getWidth(), best.getWidth());
        double h = Math.min(want.getHeight(), best.getHeight());
        double x = Math.max(best.getMinX(), Math.min(want.getMinX(), best.getMaxX() - w));
        double y = Math.max(best.getMinY(), Math.min(want.getMinY(), best.getMaxY() - h));
        return new Rectangle2D(x, y, w, h);
    }
}
