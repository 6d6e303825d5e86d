package org.iommuscope.app;

import javafx.stage.Stage;
import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.window.MainWindow;

/** {@link AppUnderTest} for tests of other packages. */
public final class AppHandle {
    private final AppUnderTest ui;

    private AppHandle(AppUnderTest ui) {
        this.ui = ui;
    }

    public static AppHandle start(Stage stage) {
        return new AppHandle(AppUnderTest.start(stage));
    }

    public IommuscopeApp app() {
        return ui.app();
    }

    public Stage stage() {
        return ui.stage();
    }

    public MainWindow window() throws Exception {
        return ui.window();
    }

    public void closeOtherWindows() {
        ui.closeOtherWindows();
    }
}
