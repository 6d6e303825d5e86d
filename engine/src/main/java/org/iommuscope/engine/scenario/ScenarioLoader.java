package org.iommuscope.engine.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads and validates a scenario file (SCENARIO-FORMAT.md). Validation is strict and complete: every problem
 * of a file is reported at once as {@code file:line:column: message}, with the nearest valid name for a
 * misspelt one. Hostile files (too large, too deep, alias bombs, too many steps) are refused the same way.
 */
public final class ScenarioLoader {
    /** The largest file accepted. */
    public static final int MAX_FILE_BYTES = 4 << 20;

    private static final List<String> TOP_KEYS = List.of("scenario", "description", "kernel", "topology", "steps");
    /** The profile keys, the default first: a near miss ("v6.16") that ties goes to the profile most files mean. */
    private static final List<String> PROFILES = java.util.stream.Stream.concat(java.util.stream.Stream.of(Profile.DEFAULT),
            Arrays.stream(Profile.values()).filter(p -> p != Profile.DEFAULT)).map(Profile::key).toList();

    private ScenarioLoader() {
    }

    /** Loads a file; its path as given names it in diagnostics. */
    public static Scenario load(Path file) throws ScenarioException {
        String name = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw refused(name, 1, 1, "the file is " + size + " bytes; the limit is " + MAX_FILE_BYTES + " (4 MiB)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw refused(name, 1, 1, "cannot read the file: " + e);
        }
        return loadString(decode(bytes, name), name);
    }

    /** Loads scenario text, naming it {@code fileName} in diagnostics (tests, the app's unsaved sessions). */
    public static Scenario loadString(String text, String fileName) throws ScenarioException {
        if (text.length() > MAX_FILE_BYTES) {
            throw refused(fileName, 1, 1, "the text is " + text.length() + " characters; the limit is " + MAX_FILE_BYTES + " (4 MiB)");
        }
        Optional<Node> root = YamlComposer.compose(text, fileName);
        if (root.isEmpty()) {
            throw refused(fileName, 1, 1, "the file is empty: a scenario needs 'scenario', 'topology' and 'steps'");
        }
        NodeReader r = new NodeReader(fileName);
        Scenario scenario;
        try {
            scenario = read(r, root.get());
        } catch (NodeReader.Stop stop) {
            throw new ScenarioException(r.diagnostics());
        }
        if (r.hasErrors() || scenario == null) {
            throw new ScenarioException(r.diagnostics());
        }
        return scenario;
    }

    private static Scenario read(NodeReader r, Node root) {
        Map<String, NodeReader.Entry> e = r.mapping(root, "the scenario file", TOP_KEYS);
        if (e == null) {
            return null;
        }
        r.require(e, root, "a scenario file", "scenario", "topology", "steps");
        String title = e.containsKey("scenario") ? r.text(e.get("scenario").value(), "scenario (the title)") : null;
        String description = e.containsKey("description") ? r.text(e.get("description").value(), "description") : "";
        Profile profile = Profile.DEFAULT;
        if (e.containsKey("kernel")) {
            String key = r.choice(e.get("kernel").value(), "kernel", PROFILES);
            profile = key == null ? profile : Profile.byKey(key);
        }
        Topology topology = e.containsKey("topology") ? new TopologyReader(r).read(e.get("topology").value()) : null;
        List<ScenarioStep> steps = e.containsKey("steps") ? new StepReader(r, topology).read(e.get("steps").value()) : List.of();
        if (title == null || topology == null) {
            return null;
        }
        return new Scenario(r.file(), title, description, profile, topology, steps);
    }

    /** Strict UTF-8: a stray byte is reported where it is rather than read as a replacement character. */
    private static String decode(byte[] bytes, String name) throws ScenarioException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw refused(name, line, at - lineStart + 1, String.format("not UTF-8 text: byte 0x%02x", bytes[at] & 0xff));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static ScenarioException refused(String file, int line, int column, String message) {
        return new ScenarioException(List.of(new Diagnostic(file, line, column, message)));
    }
}
