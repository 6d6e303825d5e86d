package org.iommuscope.app.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @Test
    void aSessionKilledMidClickLeavesAnIntactJournalWithEveryAcknowledgedStep(@TempDir Path dir) throws Exception {
        String cp = System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, JournalChild.class.getName(), dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        int acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < 40 && (line = out.readLine()) != null) {
                if (line.startsWith("recorded ")) {
                    acknowledged = Integer.parseInt(line.substring("recorded ".length()));
                }
            }
            // Killed while it keeps clicking and rewriting the journal: no clean exit, no chance to tidy up.
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(40, acknowledged, "the child recorded steps before the kill");
        List<Path> orphans = Journal.orphans(dir);
        assertEquals(1, orphans.size(), "the dead process's journal is offered for recovery");
        // A kill during a write may leave the temporary file behind; it is never taken for the journal.
        assertTrue(orphans.get(0).getFileName().toString().endsWith(".journal"));
        Journal.Recovered r = Journal.read(orphans.get(0));
        List<ScenarioStep> steps = r.tree().branch().steps();
        int seedSteps = org.iommuscope.engine.scenario.ScenarioLoader.load(Path.of("scenarios", "seed-thread.yaml")).steps().size();
        int clicked = steps.size() - seedSteps;
        assertTrue(clicked >= acknowledged, "every acknowledged step is in the journal: " + clicked + " < " + acknowledged);
        for (int i = seedSteps; i < steps.size(); i++) {
            assertEquals((i - seedSteps) % 2 == 0 ? "ioas_alloc" : "destroy", steps.get(i).op().name());
        }
        assertEquals(steps.size(), r.tree().position(), "the viewed step is kept");
        Session resumed = Journal.resume(orphans.get(0), Journal.create(dir));
        assertTrue(ScenarioRunner.run(resumed.current()).passed(), "the recovered steps replay with the outcomes they had");
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "resuming takes the journal over and sweeps what the kill left: " + dir);
        }
        resumed.close();
    }

    @Test
    void aDamagedJournalIsRefusedWithAReasonNotHalfRead(@TempDir Path dir) throws Exception {
        Journal j = Journal.create(dir);
        Session s = SessionTest.seed(j);
        s.apply(SessionTest.op("ioas_alloc"));
        String text = Files.readString(j.file());
        Files.writeString(j.file(), text.replaceFirst("# current: [0-9]+", "# current: x"));
        assertThrows(java.io.IOException.class, () -> Journal.read(j.file()));
        Files.writeString(j.file(), text.substring(0, text.indexOf("steps:")));
        assertThrows(org.iommuscope.engine.scenario.ScenarioException.class, () -> Journal.read(j.file()),
                "a journal cut short is refused, not recovered without its steps");
    }

    @Test
    void aLiveSessionsJournalIsNotAnOrphanAndACleanCloseDeletesIt(@TempDir Path dir) throws Exception {
        Journal j = Journal.create(dir);
        Session s = SessionTest.seed(j);
        s.view(SessionTest.BOTH_ON_HWPT1);
        s.apply(SessionTest.op("detach", "dev", s.ref(2)));
        assertTrue(Files.exists(j.file()));
        assertTrue(Journal.orphans(dir).isEmpty(), "this process is alive");
        Journal.Recovered r = Journal.read(j.file());
        assertEquals(2, r.tree().branches().size(), "both branches are journaled");
        assertEquals(1, r.tree().current());
        Session back = new Session(r.base(), r.tree(), null);
        assertEquals(List.of(SessionTest.BOTH_ON_HWPT1), back.forks(), "the fork survives the round trip");
        s.close();
        assertTrue(Files.notExists(j.file()));
    }

    /**
     * A long trace's session is megabytes of journal: each change is written on the journal's own thread (the click
     * does not wait for it), the file then holds the last tree, and closing the session deletes it after any write.
     */
    @Test
    void aLongSessionsJournalIsWrittenOnItsOwnThread(@TempDir Path dir) throws Exception {
        int maps = Journal.WRITE_AT_ONCE_STEPS + 1_000;
        Path trace = dir.resolve("trace.yaml");
        StringBuilder b = new StringBuilder(org.iommuscope.app.LongTraces.header("A long session"));
        for (int i = 0; i < maps; i++) {
            b.append("  - ioas_map: {ioas: ioas1, iova: 0x").append(Long.toHexString(0x100000000L + i * 0x1000L))
                    .append(", length: 4K, user_va: 0x").append(Long.toHexString(0x7f0000000000L + i * 0x1000L)).append("}\n");
        }
        Files.writeString(trace, b);
        Journal journal = Journal.create(dir.resolve("journal"));
        Files.createDirectories(journal.file().getParent());
        Session s = new Session(org.iommuscope.engine.scenario.ScenarioLoader.load(trace), journal);
        s.view(maps + 6);
        s.apply(SessionTest.op("ioas_alloc"));
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("what-if journal ")),
                "the journal's writer thread");
        journal.flush();
        Journal.Recovered r = Journal.read(journal.file());
        assertEquals(maps + 7, r.tree().branch().steps().size());
        assertEquals("ioas_alloc", r.tree().branch().steps().get(maps + 6).op().name());
        s.close();
        assertFalse(Files.exists(journal.file()), "closed: the journal is gone");
    }
}
