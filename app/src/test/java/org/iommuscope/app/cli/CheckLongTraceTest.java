package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.scenario.ReadLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `check` on traces: the summary, the full invariant check on demand, the size limit, and a file read as a stream. */
class CheckLongTraceTest {
    private static final String HEAD = """
            scenario: trace
            kernel: v6.15
            topology:
              groups:
                - id: 11
                  devices: [{name: "0000:3b:00.0", reserved: [{start: 0xfee00000, last: 0xfeefffff, type: msi}]}]
            steps:
              - bind: {device: "0000:3b:00.0", as: idev1}
              - ioas_alloc: {as: ioas1}
              - attach: {dev: idev1, pt: ioas1}
            """;

    /** {@code maps} 4 KiB maps, then every other one unmapped. */
    private static Path trace(Path dir, int maps) throws IOException {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i < maps; i++) {
            sb.append("  - ioas_map: {ioas: ioas1, iova: 0x").append(Long.toHexString(0x100000000L + i * 0x1000L)).append(", length: 4K}\n");
        }
        for (int i = 0; i < maps; i += 2) {
            sb.append("  - ioas_unmap: {ioas: ioas1, iova: 0x").append(Long.toHexString(0x100000000L + i * 0x1000L)).append(", length: 4K}\n");
        }
        Path f = dir.resolve("trace.yaml");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void aLongTracePassesAndGetsItsSummaryUnasked(@TempDir Path dir) throws IOException {
        Path f = trace(dir, 8_000);
        CliRun r = CliRun.of("check", f.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains(f + ": 12003 steps in "), r.out());
        assertTrue(r.out().matches("(?s).*\\n    ioas_map +8000 steps +0 failed .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n    ioas_unmap +4000 steps +0 failed .*"), r.out());
        assertTrue(r.out().strip().endsWith("1 passed, 0 failed"), r.out());
        CliRun short_ = CliRun.of("check", "scenarios/seed-thread.yaml");
        assertFalse(short_.out().contains(" steps in "), "a short file gets no summary unasked: " + short_.out());
    }

    @Test
    void theSummaryCountsEachOpOfTheFile() {
        CliRun r = CliRun.of("check", "--summary", "scenarios/seed-thread.yaml");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().matches("(?s).*\\n    bind +2 steps +0 failed .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n    check +\\d+ steps +0 failed .*"), r.out());
    }

    @Test
    void withPorcelainTheSummaryIsOneObjectBeforeTheCountsAndAgreesWithTheSteps() throws IOException {
        CliRun r = CliRun.of("check", "--porcelain", "--summary", "scenarios/seed-thread.yaml");
        assertEquals(0, r.code(), r.out());
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            lines.add(m.readTree(line));
        }
        assertEquals(1, lines.get(lines.size() - 1).path("passed").asInt(), "the last object is still the counts");
        JsonNode summary = lines.get(lines.size() - 2).path("summary");
        long binds = lines.stream().filter(n -> "bind".equals(n.path("op").asText())).count();
        assertEquals(binds, summary.path("ops").path("bind").path("steps").asLong());
        assertEquals(lines.size() - 2, summary.path("steps").asInt(), "one object per step before it");
    }

    @Test
    void theFullInvariantCheckPassesTheBundledScenariosAsTheIncrementalOneDoes() {
        CliRun r = CliRun.of("check", "--full-invariants", "scenarios/seed-thread.yaml", "scenarios/unmap-rules.yaml",
                "scenarios/seed-thread-v2.yaml");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().strip().endsWith("3 passed, 0 failed"), r.out());
    }

    @Test
    void aFileOverTheSizeSetIsRefusedWithBothSizes() {
        CliRun r = CliRun.of("check", "--max-file-size", "1K", "scenarios/seed-thread.yaml");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("scenarios/seed-thread.yaml:1:1: the file is "), r.out());
        assertTrue(r.out().contains("; the largest scenario file read is 1024 bytes (1 KiB)"), r.out());
        CliRun bad = CliRun.of("check", "--max-file-size", "3G", "scenarios/seed-thread.yaml");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("at most 2147483646 bytes"), bad.err());
    }

    @Test
    void aStreamedFileRunsUpToItsFirstProblemThenReportsEveryProblem(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, HEAD + "  - ioas_map: {ioas: ioas1, iova: 0x1000, length: 4K}\n    expect: EINVAL\n"
                + "  - ioas_aloc: {as: ioas2}\n  - ioas_alloc: {as: ioas3}\n");
        System.setProperty(ReadLimits.STREAM_ABOVE_PROPERTY, "0");
        CliRun r;
        try {
            r = CliRun.of("check", f.toString());
        } finally {
            System.clearProperty(ReadLimits.STREAM_ABOVE_PROPERTY);
        }
        assertEquals(2, r.code(), r.out());
        String out = r.out();
        int failure = out.indexOf(f + ":11: ioas_map");
        int problem = out.indexOf(f + ":13:5: unknown op 'ioas_aloc'");
        assertTrue(failure >= 0 && problem > failure, "the map ran and failed, then the file's problem: " + out);
        assertTrue(out.strip().endsWith("0 passed, 1 failed"), out);
        CliRun whole = CliRun.of("check", f.toString());
        assertFalse(whole.out().contains(":11: ioas_map"), "read whole, nothing runs: " + whole.out());
    }
}
