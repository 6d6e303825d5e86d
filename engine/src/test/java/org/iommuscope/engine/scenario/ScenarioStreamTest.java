package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read as a stream gives the steps a whole read gives, stops handing them out at its first problem, and
 * still reports every problem at its file:line:column.
 */
class ScenarioStreamTest {
    /** Every file is streamed, however small. */
    private static final ReadLimits STREAM_ALL = ReadLimits.defaults().withStreamAboveBytes(0);
    private static final String HEAD = "scenario: s\nkernel: v6.6\ntopology:\n  groups: [{id: 1, devices: [{name: d}]}]\n";

    private static List<ScenarioStep> all(ScenarioStream s) {
        List<ScenarioStep> out = new ArrayList<>();
        for (ScenarioStep step; (step = s.next()) != null; ) {
            out.add(step);
        }
        return out;
    }

    private static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void everyBundledScenarioStreamsIntoTheStepsAWholeReadGives() throws Exception {
        List<Path> files = new ArrayList<>(ScenarioFiles.demos());
        files.addAll(ScenarioFiles.selftests());
        for (Path f : files) {
            Scenario whole = ScenarioLoader.load(f);
            try (ScenarioStream s = ScenarioStream.open(f, STREAM_ALL)) {
                assertTrue(s.streamed(), f.toString());
                List<ScenarioStep> steps = all(s);
                assertEquals(whole.steps(), steps, f.toString());
                assertEquals(List.of(), s.problems());
                assertEquals(whole.withSteps(List.of()), s.header().withSteps(List.of()), f.toString());
            }
        }
    }

    @Test
    void readingAheadOnAnotherThreadGivesTheSameSteps(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder(HEAD).append("steps:\n  - ioas_alloc: {as: ioas1}\n");
        for (int i = 0; i < 5_000; i++) {
            sb.append("  - ioas_map: {ioas: ioas1, iova: 0x").append(Long.toHexString(0x100000000L + i * 0x1000L)).append(", length: 4K}\n");
        }
        Path f = write(dir, sb.toString());
        List<ScenarioStep> inline;
        try (ScenarioStream s = ScenarioStream.open(f, STREAM_ALL)) {
            inline = all(s);
        }
        try (ScenarioStream s = ScenarioStream.open(f, STREAM_ALL).readAhead()) {
            assertEquals(inline, all(s));
            assertEquals(List.of(), s.problems());
        }
        assertEquals(5_001, inline.size());
    }

    @Test
    void aProblemStopsTheStepsThereAndEveryProblemIsStillReportedWhereItIs(@TempDir Path dir) throws Exception {
        Path f = write(dir, HEAD + "steps:\n  - ioas_alloc: {as: ioas1}\n  - ioas_aloc: {as: ioas2}\n  - ioas_alloc: {as: ioas3}\n"
                + "  - destroy: {id: nosuch}\n");
        for (boolean ahead : new boolean[] {false, true}) {
            try (ScenarioStream s = ahead ? ScenarioStream.open(f, STREAM_ALL).readAhead() : ScenarioStream.open(f, STREAM_ALL)) {
                assertEquals(1, all(s).size(), "the step before the first problem only");
                List<String> problems = s.problems().stream().map(Diagnostic::toString).toList();
                assertEquals(List.of(f + ":7:5: unknown op 'ioas_aloc' (did you mean 'ioas_alloc'?)",
                        f + ":9:19: undefined handle 'nosuch' (a handle is bound by an earlier step's 'as')"), problems);
            }
        }
    }

    @Test
    void aFileReadWholeThrowsItsProblemsBeforeAnyStep(@TempDir Path dir) throws Exception {
        Path f = write(dir, HEAD + "steps:\n  - ioas_alloc: {as: ioas1}\n  - ioas_aloc: {as: ioas2}\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioStream.open(f, ReadLimits.defaults()));
        assertEquals(f + ":7:5: unknown op 'ioas_aloc' (did you mean 'ioas_alloc'?)", e.diagnostics().get(0).toString());
    }

    @Test
    void aKernelAfterTheStepsOfAStreamedFileIsNamedWithWhatToDo(@TempDir Path dir) throws Exception {
        Path f = write(dir, "scenario: s\ntopology:\n  groups: [{id: 1, devices: [{name: d}]}]\nsteps:\n  - ioas_alloc: {as: ioas1}\nkernel: v6.6\n");
        try (ScenarioStream s = ScenarioStream.open(f, STREAM_ALL)) {
            all(s);
            Diagnostic d = s.problems().get(0);
            assertEquals(6, d.line());
            assertTrue(d.message().startsWith("'kernel' must come before 'steps' in a file this large, which is read as a stream"), d.message());
        }
        assertEquals(Profile.V6_6, ScenarioLoader.load(f).profile(), "read whole, the order is free");
    }

    @Test
    void aTopologyAfterTheStepsHoldsTheStepsUntilItComes(@TempDir Path dir) throws Exception {
        Path f = write(dir, "scenario: s\nsteps:\n  - bind: {device: d, as: idev1}\n  - bind: {device: e}\n"
                + "topology:\n  groups: [{id: 1, devices: [{name: d}]}]\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioStream.open(f, STREAM_ALL),
                "device e is not in the topology: the held steps are checked against it, before any is handed out");
        assertEquals(f + ":4:20: no device 'e' in the topology (did you mean 'd'?)", e.diagnostics().get(0).toString());
    }

    @Test
    void aByteThatIsNotUtf8DeepInAStreamedFileIsReportedWhereItIs(@TempDir Path dir) throws Exception {
        // far past the reader's first 64 KiB chunk
        String body = HEAD + "steps:\n" + "  - say: x\n".repeat(20_000);
        byte[] head = body.getBytes(StandardCharsets.UTF_8);
        byte[] tail = "  - say: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, all);
        try (ScenarioStream s = ScenarioStream.open(f, STREAM_ALL)) {
            // the decoder reads a little ahead of the parser: the steps stop somewhat before the bad line, never after
            List<ScenarioStep> steps = all(s);
            assertTrue(steps.size() > 19_000 && steps.get(steps.size() - 1).line() < 20_006, steps.size() + " steps");
            assertEquals(f + ":20006:13: not UTF-8 text: byte 0xe9", s.problems().get(0).toString());
        }
    }

    @Test
    void aControlCharacterDeepInAStreamedFileIsReportedWhereItIs(@TempDir Path dir) throws Exception {
        Path f = write(dir, HEAD + "steps:\n" + "  - say: x\n".repeat(20_000) + "  - say: a\u0001b\n");
        try (ScenarioStream s = ScenarioStream.open(f, STREAM_ALL)) {
            all(s);
            Diagnostic d = s.problems().get(0);
            assertEquals(20_006, d.line(), d.toString());
            assertEquals(11, d.column(), d.toString());
        }
    }

    @Test
    void aStreamedFileThatIsTooDeepOrAliasedTooOftenIsRefusedWhereItGoesWrong(@TempDir Path dir) throws Exception {
        Path deep = write(dir, HEAD + "steps:\n  - say: x\n  - say: " + "[".repeat(100) + "]".repeat(100) + "\n");
        try (ScenarioStream s = ScenarioStream.open(deep, STREAM_ALL)) {
            assertEquals(1, all(s).size());
            assertTrue(s.problems().get(0).message().startsWith("nesting deeper than 64 levels"), s.problems().toString());
            assertEquals(7, s.problems().get(0).line());
        }
        StringBuilder sb = new StringBuilder(HEAD).append("steps:\n  - &s {ioas_allow_iovas: {ioas: 1, ranges: [");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i == 0 ? "" : ",").append("[1,2]");
        }
        sb.append("]}}\n").append("  - *s\n".repeat(45));
        try (ScenarioStream s = ScenarioStream.open(write(dir, sb.toString()), STREAM_ALL)) {
            all(s);
            assertTrue(s.problems().get(s.problems().size() - 1).message().contains("expands to more than"), s.problems().toString());
        }
    }

    @Test
    void aLongStreamedTraceIsNotRefusedForItsLength(@TempDir Path dir) throws Exception {
        Path f = write(dir, HEAD + "steps:\n" + "  - say: x\n".repeat(120_000));
        try (ScenarioStream s = ScenarioStream.open(f, STREAM_ALL)) {
            long n = 0;
            while (s.next() != null) {
                n++;
            }
            assertEquals(120_000, n);
            assertFalse(s.problems().iterator().hasNext());
        }
    }
}
