package org.iommuscope.app.shell;

import java.nio.file.Path;
import java.util.Map;
import javafx.stage.Stage;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.present.PresenterMode;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.whatif.WhatIf;
import org.iommuscope.app.whatif.WhatIfView;
import org.iommuscope.app.window.Lifecycle;
import org.iommuscope.app.window.MainWindow;

/**
 * A scenario in the main window: its {@link MainWindow}, the what-if view-model and controls on it, and its
 * presenter mode. Activated when the shell shows it, deactivated when another replaces it: from then on it
 * acts on no key and nothing outside it refers to it.
 */
final class OpenScenario implements Lifecycle {
    private final Path file;
    private final MainWindow window;
    private final WhatIf whatIf;
    private final WhatIfView view;
    private final PresenterMode presenter;

    /**
     * @param file         the file it came from, or null (a recovered journal, groups sent from Explore)
     * @param shellActions what the shell's keys do while it is shown (open, quit, text size…)
     */
    OpenScenario(Path file, MainWindow window, WhatIf whatIf, Stage stage, Map<KeyAction, Runnable> shellActions) {
        this.file = file;
        this.window = window;
        this.whatIf = whatIf;
        this.view = WhatIfView.attach(whatIf, window);
        this.presenter = new PresenterMode(stage, window);
        window.addActions(presenter.actions());
        window.addActions(shellActions);
        window.stepper().speed().set(Preferences.speed());
        window.stepper().speed().addListener((o, a, b) -> Preferences.setSpeed(b.doubleValue()));
        String title = whatIf.session().base().title();
        window.setSource(file, title, whatIf.session().base().profile().key());
    }

    @Override
    public void activate() {
        window.activate();
        presenter.activate();
    }

    @Override
    public void deactivate() {
        presenter.deactivate();
        view.close();
        window.deactivate();
    }

    Path file() {
        return file;
    }

    MainWindow window() {
        return window;
    }

    WhatIf whatIf() {
        return whatIf;
    }

    WhatIfView view() {
        return view;
    }

    PresenterMode presenter() {
        return presenter;
    }

    String title() {
        return whatIf.session().base().title();
    }

    String profile() {
        return whatIf.session().base().profile().key();
    }
}
