package org.iommuscope.vm.compare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iommuscope.vm.VmException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Differences between a real kernel and the engine that are understood and explained, each with the kernel's
 * evidence: a step of a scenario whose kernel and engine outcomes are exactly those written here is reported
 * as a known difference instead of a disagreement. An entry matches one outcome pair only, so if either side
 * changes the disagreement shows again.
 *
 * <pre>
 * - scenario: unmap-rules.yaml     # the file's name
 *   step: 12                        # the step's number, from 1
 *   kernel: ENOENT                  # both outcomes as the report prints them
 *   engine: "ok {length: 0}"
 *   why: ...                        # the explanation
 *   evidence: ...                   # the kernel source (function, release) and the real run that show it
 * </pre>
 */
public final class KnownDifferences {
    /** The file this jar carries. */
    public static final String BUNDLED = "known-differences.yaml";

    public record Entry(String scenario, int step, String kernel, String engine, String why, String evidence) {
    }

    private final List<Entry> entries;
    private final String source;

    private KnownDifferences(List<Entry> entries, String source) {
        this.entries = List.copyOf(entries);
        this.source = source;
    }

    public static KnownDifferences none() {
        return new KnownDifferences(List.of(), "none");
    }

    public static KnownDifferences bundled() {
        try (InputStream in = KnownDifferences.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                return none();
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED);
        } catch (IOException | VmException e) {
            throw new IllegalStateException("the bundled " + BUNDLED + " does not load: " + e.getMessage(), e);
        }
    }

    public static KnownDifferences load(Path file) throws VmException {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new VmException("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static KnownDifferences parse(String text, String source) throws VmException {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setLabel(source).build()).loadFromString(text);
        } catch (RuntimeException e) {
            throw new VmException(source + ": not YAML: " + e.getMessage());
        }
        List<Entry> out = new ArrayList<>();
        if (doc == null) {
            return new KnownDifferences(out, source);
        }
        if (!(doc instanceof List<?> list)) {
            throw new VmException(source + ": a list of entries is expected");
        }
        int n = 0;
        for (Object o : list) {
            n++;
            if (!(o instanceof Map<?, ?> m)) {
                throw new VmException(source + ": entry " + n + " is not a mapping");
            }
            for (String key : List.of("scenario", "step", "kernel", "engine", "why", "evidence")) {
                if (m.get(key) == null || m.get(key).toString().isBlank()) {
                    throw new VmException(source + ": entry " + n + " has no '" + key + "'");
                }
            }
            for (Object key : m.keySet()) {
                if (!List.of("scenario", "step", "kernel", "engine", "why", "evidence").contains(String.valueOf(key))) {
                    throw new VmException(source + ": entry " + n + " has an unknown key '" + key + "'");
                }
            }
            if (!(m.get("step") instanceof Number step)) {
                throw new VmException(source + ": entry " + n + "'s step is not a number");
            }
            out.add(new Entry(m.get("scenario").toString(), step.intValue(), m.get("kernel").toString(), m.get("engine").toString(),
                    m.get("why").toString().strip(), m.get("evidence").toString().strip()));
        }
        return new KnownDifferences(out, source);
    }

    public List<Entry> entries() {
        return entries;
    }

    public String source() {
        return source;
    }

    /** The entry that explains this disagreement of scenario file {@code file}, if one does. */
    public Optional<Entry> explain(String file, StepComparison c) {
        String name = Path.of(file).getFileName().toString();
        return entries.stream().filter(e -> e.scenario().equals(name) && e.step() == c.step() && e.kernel().equals(c.kernel())
                && e.engine().equals(c.engine())).findFirst();
    }

    /** The entries for a scenario file. */
    public List<Entry> of(String file) {
        String name = Path.of(file).getFileName().toString();
        return entries.stream().filter(e -> e.scenario().equals(name)).toList();
    }
}
