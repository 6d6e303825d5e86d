package org.iommuscope.app;

import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.window.MainWindow;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.util.WaitForAsyncUtils;

/** The application started on a test's stage as a user starts it: the seed scenario loads in the background. */
record AppUnderTest(IommuscopeApp app, Stage stage) {
    /** Starts the app on {@code stage}; call from a TestFX {@code @Start} method (the FX thread). */
    static AppUnderTest start(Stage stage) {
        IommuscopeApp app = new IommuscopeApp();
        app.start(stage);
        return new AppUnderTest(app, stage);
    }

    /** The main window, once a scenario has loaded into the stage. */
    MainWindow window() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> stage.getScene().getRoot() instanceof MainWindow);
        return (MainWindow) stage.getScene().getRoot();
    }

    /** Closes Explore and hides every other window a test opened, so that the next test starts with the stage alone. */
    void closeOtherWindows() {
        if (app.explore() != null) {
            app.explore().close();
        }
        for (Window w : new ArrayList<>(Window.getWindows())) {
            if (w != stage) {
                w.hide();
            }
        }
    }
}
