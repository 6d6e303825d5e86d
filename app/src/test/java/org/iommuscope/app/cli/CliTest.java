package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iommuscope.app.BundledScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static List<String> bundled() throws IOException {
        return BundledScenarios.files().stream().map(Path::toString).toList();
    }

    @Test
    void checkOfTheBundledLibraryPassesAndClosesWithTheCounts() throws IOException {
        List<String> files = bundled();
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(files);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().strip().endsWith(files.size() + " passed, 0 failed"), r.out());
    }

    @Test
    void aFailedExpectationNamesFileAndLineAndExitsOne(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("wrong.yaml");
        Files.writeString(f, """
                scenario: wrong errno
                topology:
                  groups:
                    - id: 1
                      devices: [{name: "0000:00:01.0"}]
                steps:
                  - bind: {device: "0000:00:01.0", as: idev1}
                  - bind: {device: "0000:00:01.0"}
                    expect: EPERM
                """);
        CliRun r = CliRun.of("check", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains(f + ":8: bind"), r.out());
        assertTrue(r.out().contains("EINVAL"), "a second bind is EINVAL in the kernel: " + r.out());
        assertTrue(r.out().strip().endsWith("0 passed, 1 failed"));
    }

    @Test
    void anInvalidFileExitsTwoWithPositionedErrors(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("typo.yaml");
        Files.writeString(f, "scenario: typo\ntopology: {}\nsteps:\n  - ioas_aloc: {as: a}\n");
        CliRun r = CliRun.of("check", f.toString(), "scenarios/seed-thread.yaml");
        assertEquals(2, r.code());
        assertTrue(r.out().contains(f + ":4:5: unknown op 'ioas_aloc' (did you mean 'ioas_alloc'?)"), r.out());
        assertTrue(r.out().strip().endsWith("1 passed, 1 failed"));
    }

    @Test
    void porcelainPrintsOneJsonObjectPerStep() throws IOException {
        CliRun r = CliRun.of("check", "--porcelain", "scenarios/seed-thread.yaml");
        assertEquals(0, r.code());
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            lines.add(m.readTree(line));
        }
        JsonNode bind = lines.stream().filter(n -> "bind".equals(n.path("op").asText())).findFirst().orElseThrow();
        assertEquals(1, bind.path("outputs").path("id").asInt());
        assertTrue(bind.path("events").isArray() && bind.path("events").size() > 0);
        JsonNode fault = lines.stream().filter(n -> "fault".equals(n.path("outcome").asText())).findFirst().orElseThrow();
        assertTrue(fault.path("passed").asBoolean(), "the seed expects the DMA to fault");
        JsonNode summary = lines.get(lines.size() - 1);
        assertEquals(1, summary.path("passed").asInt());
        assertEquals(0, summary.path("failed").asInt());
    }

    @Test
    void profileOverrideRunsTheFileUnderAnotherKernel() {
        CliRun own = CliRun.of("check", "scenarios/seed-thread-v2.yaml");
        assertEquals(0, own.code(), own.out());
        CliRun other = CliRun.of("check", "--profile", "v6.15", "scenarios/seed-thread-v2.yaml");
        assertEquals(1, other.code(), "v2's own kernel-side divergence does not happen under v6.15");
        CliRun bad = CliRun.of("check", "--profile", "v9", "scenarios/seed-thread.yaml");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown profile 'v9'"), bad.err());
    }

    @Test
    void compareReportsTheFirstStepWhereTheModelsPart() {
        CliRun r = CliRun.of("compare", "scenarios/seed-thread-v2.yaml", "--profiles", "v2-patch,v6.15");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("first difference: step 12"), r.out());
        assertTrue(r.out().contains("hwpt_paging 5 users: 2 | 1"), r.out());
        CliRun same = CliRun.of("compare", "scenarios/seed-thread.yaml", "--profiles", "v6.6,v6.15");
        assertEquals(0, same.code(), same.out());
        assertTrue(same.out().contains("no difference"));
    }

    @Test
    void compareShowsTheGbpaAttachQemusAcceleratedSmmuNeedsV619For() {
        CliRun r = CliRun.of("compare", "scenarios/qemu-smmuv3-accel.yaml", "--profiles", "v6.18,v6.19");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("first difference: step 14 (line 65): attach: {dev: devid, pt: bypass_hwpt}"), r.out());
        assertTrue(r.out().contains("result: ENOENT | ok {pt_id=6}"), r.out());
        CliRun tomb = CliRun.of("compare", "scenarios/viommu-object-diagram.yaml", "--profiles", "v6.15,v6.18");
        assertTrue(tomb.out().contains("tombstoned: — | [5]"), tomb.out());
        assertTrue(tomb.out().contains("viommu 4 vdevices: {8: idev 2} | {}"), tomb.out());
    }

    @Test
    void porcelainCheckWritesBothAddressesOfANestedDma() throws IOException {
        CliRun r = CliRun.of("check", "--porcelain", "scenarios/viommu-object-diagram.yaml");
        assertEquals(0, r.code(), r.out());
        ObjectMapper json = new ObjectMapper();
        JsonNode dma = null;
        for (String line : r.out().strip().split("\n")) {
            JsonNode n = json.readTree(line);
            if (n.path("text").asText().equals("dma: {dev: dev, iova: 0x1002000}")) {
                dma = n;
            }
        }
        assertTrue(dma != null, r.out());
        assertEquals(0x40002000L, dma.path("outputs").path("gpa").asLong(), "stage 1: guest IOVA 0x1002000 → guest PA");
        assertEquals(0x100002000L, dma.path("outputs").path("pa").asLong(), "stage 2: guest PA → the VMM's page");
        CliRun show = CliRun.of("show", "scenarios/viommu-object-diagram.yaml", "--step", "42");
        assertTrue(show.out().contains("tombstoned IDs [5]"), show.out());
        CliRun mid = CliRun.of("show", "scenarios/viommu-object-diagram.yaml", "--step", "21");
        assertTrue(mid.out().contains("viommu 4  users 4  parent hwpt 3, iommu smmu0, vdevices [0x8 → idev 2]"), mid.out());
        assertTrue(mid.out().contains("stage 1 [0x1000000, 0x100ffff] → guest PA 0x40000000 rw"), mid.out());
    }

    @Test
    void showPrintsTheStateAfterAStepWithTheDivergenceExplained() {
        CliRun r = CliRun.of("show", "scenarios/seed-thread.yaml", "--step", "13");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("group 26 [0000:06:0d.0, 0000:06:0d.1] on hwpt 6"), r.out());
        assertTrue(r.out().contains("idev 2  users 3  0000:06:0d.1, recorded hwpt 5  DIVERGED"), r.out());
        assertTrue(r.out().contains("idev 2 records hwpt 5, but group 26 is on hwpt 6's domain since step 12, when idev 1 replaced to hwpt 6"),
                r.out());
        assertEquals(2, CliRun.of("show", "scenarios/seed-thread.yaml", "--step", "999").code());
    }

    @Test
    void checkRunsInAJvmWithNoDisplayAndNoJavaFxOnItsClassPath() throws Exception {
        CliRun r = CliRun.inChildJvmWithoutJavaFx("check", "scenarios/seed-thread.yaml");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 passed, 0 failed"), r.out());
    }
}
