package org.iommuscope.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The scenario files shipped in `scenarios/` (tests run from the repository root). */
public final class BundledScenarios {
    private BundledScenarios() {
    }

    /** Every bundled scenario file, sorted by name. */
    public static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("scenarios"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
