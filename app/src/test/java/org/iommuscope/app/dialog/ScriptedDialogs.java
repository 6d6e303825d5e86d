package org.iommuscope.app.dialog;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dialog service for view-model tests: it answers from a script (a question with no scripted answer left
 * fails the test: the code asked something it should not have) and remembers what it was asked and told.
 */
public final class ScriptedDialogs implements DialogService {
    public final Deque<Optional<Path>> files = new ArrayDeque<>();
    public final Deque<Optional<String>> texts = new ArrayDeque<>();
    public final Deque<Optional<Map<String, String>>> forms = new ArrayDeque<>();
    public final List<String> told = new ArrayList<>();

    private static <T> T answer(Deque<T> script, String question) {
        if (script.isEmpty()) {
            throw new AssertionError("asked, with no answer scripted: " + question);
        }
        return script.pop();
    }

    /** Cancel: the tests that use this service never discard work. */
    @Override
    public SaveChoice askToSave(String what, String before) {
        told.add("ask " + what);
        return SaveChoice.CANCEL;
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String initialName, FileKind kind) {
        told.add("save as " + initialName + " (" + kind + ")");
        return answer(files, "a file to save " + initialName);
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, FileKind kind) {
        return answer(files, "a file to open: " + title);
    }

    @Override
    public Optional<Path> chooseDirectory(String title, Path initial) {
        return answer(files, "a directory: " + title);
    }

    @Override
    public Optional<String> askText(String title, String header, String initial) {
        told.add(header);
        return answer(texts, "a text: " + header);
    }

    @Override
    public Optional<Map<String, String>> askForm(String title, String header, List<FormField> fields) {
        told.add(header + " " + fields.stream().map(FormField::key).toList());
        return answer(forms, "a form: " + header);
    }

    @Override
    public void showError(String title, String header, String text) {
        told.add("error " + header);
    }

    @Override
    public void showErrorDetails(String title, String header, String details) {
        told.add("error " + header);
    }

    @Override
    public void showWarning(String title, String header, String details) {
        told.add("warning " + header);
    }

    @Override
    public void notifyProblem(String title, String text) {
        told.add("notify " + title);
    }
}
