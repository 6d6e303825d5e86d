package org.iommuscope.app.cli;

import java.util.Optional;

/**
 * Why the window could not open, in words and with what to do, for the two failures a new user meets: no
 * GTK 3 (JavaFX's Linux toolkit) installed, and no display at all (an SSH session). The messages matched are
 * JavaFX's own, as it throws them from Application.launch.
 */
final class DisplayProblem {
    private DisplayProblem() {
    }

    /** The explanation for a launch failure, or empty when it is none of these. */
    static Optional<String> explain(Throwable launchFailure) {
        for (Throwable t = launchFailure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Unable to load glass GTK library")) {
                return Optional.of("the app needs GTK 3, and its library (libgtk-3.so.0) is not installed.\n"
                        + "  Debian, Ubuntu: sudo apt install libgtk-3-0\n"
                        + "  Fedora, RHEL:   sudo dnf install gtk3\n"
                        + "  Arch:           sudo pacman -S gtk3\n"
                        + "`check`, `compare`, `show`, `render`, `import` and `export` need neither GTK nor a display.");
            }
            if (m.contains("Unable to open DISPLAY")) {
                return Optional.of("the app needs a display, and there is none (DISPLAY is not set or cannot be opened).\n"
                        + "  Over SSH: ssh -X, or run it under Xvfb: xvfb-run ./iommuscope\n"
                        + "`check`, `compare`, `show`, `render`, `import` and `export` need no display.");
            }
        }
        return Optional.empty();
    }
}
