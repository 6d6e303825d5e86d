package org.iommuscope.engine.scenario;

/** One problem of a scenario file, at a 1-based line and column: prints as {@code file:line:column: message}. */
public record Diagnostic(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
