package org.iommuscope.app.dialog;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every question the app asks and every problem it reports, behind one interface, as JabRef's DialogService
 * has it: a view-model asks here and is tested with a scripted answer, no window needed. {@link FxDialogs} is
 * the real one.
 */
public interface DialogService {

    /** "Save changes to … before …?": Save, Don't save or Cancel. */
    SaveChoice askToSave(String what, String before);

    /** A file to write, or empty when the user cancelled. */
    Optional<Path> chooseFileToSave(String title, String initialName, FileKind kind);

    /** A file to read, or empty when the user cancelled. */
    Optional<Path> chooseFileToOpen(String title, FileKind kind);

    /** The same, starting at {@code initial} (a file offered for choosing again) when it still exists. */
    default Optional<Path> chooseFileToOpen(String title, FileKind kind, Path initial) {
        return chooseFileToOpen(title, kind);
    }

    /** A directory to read, or empty when the user cancelled. */
    Optional<Path> chooseDirectory(String title, Path initial);

    /** One line of text, starting from {@code initial}; empty when cancelled. */
    Optional<String> askText(String title, String header, String initial);

    /** The values typed into a small form, by field key; empty when cancelled. */
    Optional<Map<String, String>> askForm(String title, String header, List<FormField> fields);

    /** An error in a sentence (a file that cannot be saved or imported). */
    void showError(String title, String header, String text);

    /** An error with a list to read (a malformed scenario's file:line:column messages, one a line). */
    void showErrorDetails(String title, String header, String details);

    /** A warning with a list to read (what an import skipped or guessed). */
    void showWarning(String title, String header, String details);

    /** A short notice that goes away by itself (a refused op): the status row says it too. */
    void notifyProblem(String title, String text);

    /** The kinds of file the app reads and writes, for the choosers' filters. */
    enum FileKind {
        SCENARIO("Scenarios", "*.yaml", "*.yml"),
        CAPTURE("sysfs captures", "*.tar", "*.tar.gz", "*.tgz"),
        KERNEL("Kernel images (bzImage)", "*"),
        PNG("PNG", "*.png"),
        SVG("SVG", "*.svg"),
        HTML("HTML", "*.html");

        private final String label;
        private final List<String> patterns;

        FileKind(String label, String... patterns) {
            this.label = label;
            this.patterns = List.of(patterns);
        }

        public String label() {
            return label;
        }

        public List<String> patterns() {
            return patterns;
        }
    }
}
