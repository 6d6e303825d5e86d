package org.iommuscope.engine.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The scenario files the tests run: the transcribed kernel selftests and the project's demo scenarios. */
final class ScenarioFiles {
    static final Path SELFTEST = Path.of("src/test/resources/selftest");
    static final Path DEMOS = Path.of("../scenarios");

    private ScenarioFiles() {
    }

    static List<Path> selftests() {
        return yamlIn(SELFTEST);
    }

    /** The demo scenarios, when this checkout has them. */
    static List<Path> demos() {
        return Files.isDirectory(DEMOS) ? yamlIn(DEMOS) : List.of();
    }

    private static List<Path> yamlIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each failing step as the CLI prints it. */
    static String report(ScenarioRun run) {
        StringBuilder sb = new StringBuilder();
        for (StepOutcome o : run.failures()) {
            sb.append(run.scenario().file()).append(':').append(o.line()).append(": ").append(o.text())
                    .append("\n    expected: ").append(o.expected())
                    .append("\n    actual:   ").append(o.actual());
            for (String p : o.problems()) {
                sb.append("\n    - ").append(p);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
