package org.iommuscope.app.appearance;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;
import org.iommuscope.app.settings.Preferences;

/**
 * The theme and text zoom of every window of the app, read from and saved to the preferences. A scene
 * is tracked once; a new root (another scenario opened) gets the zoom too.
 */
public final class Appearance {
    private final List<Scene> scenes = new ArrayList<>();
    private final ReadOnlyObjectWrapper<Theme> theme = new ReadOnlyObjectWrapper<>(Theme.byKey(Preferences.theme()));
    private final ReadOnlyIntegerWrapper zoom = new ReadOnlyIntegerWrapper(UiZoom.clamp(Preferences.uiZoom()));

    public void track(Scene scene) {
        scenes.add(scene);
        theme.get().applyTo(scene);
        UiZoom.applyTo(scene.getRoot(), zoom.get());
        scene.rootProperty().addListener((o, was, now) -> UiZoom.applyTo(now, zoom.get()));
    }

    /** Stops following a scene whose window closed. */
    public void untrack(Scene scene) {
        scenes.remove(scene);
    }

    public ReadOnlyObjectProperty<Theme> themeProperty() {
        return theme.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    public void setTheme(Theme t) {
        theme.set(t);
        Preferences.setTheme(t.key());
        scenes.forEach(t::applyTo);
    }

    public void setZoom(int percent) {
        zoom.set(UiZoom.clamp(percent));
        Preferences.setUiZoom(zoom.get());
        scenes.forEach(s -> UiZoom.applyTo(s.getRoot(), zoom.get()));
    }

    public void larger() {
        setZoom(UiZoom.larger(zoom.get()));
    }

    public void smaller() {
        setZoom(UiZoom.smaller(zoom.get()));
    }
}
