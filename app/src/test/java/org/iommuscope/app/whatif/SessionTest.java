package org.iommuscope.app.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.app.cli.CliRun;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.StepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTest {
    /** seed-thread.yaml: frame 10 is after "attach idev2 → hwpt1": the whole group is on hwpt1. */
    static final int BOTH_ON_HWPT1 = 10;

    static Session seed(Journal journal) throws Exception {
        return new Session(ScenarioLoader.load(Path.of("scenarios", "seed-thread.yaml")), journal);
    }

    static OpSpec op(String name, Object... kv) {
        Map<String, Arg> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], (Arg) kv[i + 1]);
        }
        return new OpSpec(name, args);
    }

    private static int check(Path file) {
        return CliRun.of("check", file.toString()).code();
    }

    @Test
    void anOpAtTheLastStepAppendsItWithTheOutcomeItHadAsItsExpectation() throws Exception {
        Session s = seed(null);
        int steps = s.tree().branch().steps().size();
        s.view(steps);
        StepOutcome o = s.apply(op("ioas_alloc"));
        assertEquals(1, s.tree().branches().size(), "no fork at the end");
        assertEquals(steps + 1, s.tree().branch().steps().size());
        assertEquals("ioas7", s.tree().branch().steps().get(steps).as(), "the new IOAS gets a handle named after its ID");
        assertNull(s.tree().branch().steps().get(steps).expect(), "ok is the default expectation");
        assertTrue(o.passed());
        assertEquals(steps + 1, s.position());
    }

    @Test
    void aRefusedOpIsRecordedWithItsErrnoAndChangesNothing() throws Exception {
        Session s = seed(null);
        s.view(BOTH_ON_HWPT1);
        var before = s.runner().state();
        StepOutcome o = s.apply(op("destroy", "id", s.ref(3)));
        assertEquals("EBUSY", o.engineStep().result().outcome(), "hwpt1 holds ioas1");
        assertFalse(o.engineStep().result().reason().isBlank(), "the engine says why");
        assertEquals(before.objects(), o.after().objects(), "a refused destroy leaves every object as it was");
        assertEquals("EBUSY", s.tree().branch().steps().get(BOTH_ON_HWPT1).expect().yaml());
        assertEquals("destroy: {id: ioas1}", s.tree().branch().steps().get(BOTH_ON_HWPT1).op().text(null),
                "the object is named by its handle");
    }

    @Test
    void anOpWhileViewingAnEarlierStepForksABranchAndKeepsTheOldFuture() throws Exception {
        Session s = seed(null);
        int mainSteps = s.tree().branch().steps().size();
        s.view(BOTH_ON_HWPT1);
        s.apply(op("detach", "dev", s.ref(2)));
        assertEquals(2, s.tree().branches().size());
        assertEquals(1, s.tree().current());
        assertEquals(BOTH_ON_HWPT1 + 1, s.tree().branch().steps().size(), "the new branch ends with the clicked step");
        assertEquals(mainSteps, s.tree().branches().get(0).steps().size(), "the old future is kept");
        assertEquals(List.of(BOTH_ON_HWPT1), s.forks(), "one fork marker, at the last shared step");
        assertTrue(s.describe(1).contains("from step 11: detach: {dev: idev2}"), s.describe(1));
        s.switchTo(0);
        assertEquals(mainSteps, s.run().outcomes().size(), "switching back shows the old future");
        assertEquals(BOTH_ON_HWPT1 + 1, s.position(), "at the first step where the branches differ");
        assertEquals(List.of(BOTH_ON_HWPT1), s.forks());
    }

    @Test
    void aCaptionOnASharedStepIsSharedAndMovesNoFork() throws Exception {
        Session s = seed(null);
        s.view(BOTH_ON_HWPT1);
        s.apply(op("detach", "dev", s.ref(2)));
        s.caption(5, "the first IOAS");
        assertEquals(List.of(BOTH_ON_HWPT1), s.forks());
        assertEquals("the first IOAS", s.tree().branches().get(0).steps().get(4).say());
        s.caption(BOTH_ON_HWPT1 + 1, "only here");
        assertEquals(List.of(BOTH_ON_HWPT1), s.forks());
        assertNull(s.tree().branches().get(0).steps().get(BOTH_ON_HWPT1).say(), "main's step 11 is another step: untouched");
        assertEquals("only here", s.tree().branch().steps().get(BOTH_ON_HWPT1).say());
    }

    @Test
    void undoAndRedoTakeBackAndRestoreAClickedStep() throws Exception {
        Session s = seed(null);
        s.view(BOTH_ON_HWPT1);
        s.apply(op("detach", "dev", s.ref(2)));
        s.apply(op("detach", "dev", s.ref(1)));
        assertEquals(BOTH_ON_HWPT1 + 2, s.tree().branch().steps().size());
        s.undo();
        assertEquals(BOTH_ON_HWPT1 + 1, s.tree().branch().steps().size());
        assertEquals(BOTH_ON_HWPT1 + 1, s.position());
        s.undo();
        assertEquals(1, s.tree().branches().size(), "undoing the forking step removes the branch");
        assertFalse(s.canUndo());
        s.redo();
        s.redo();
        assertEquals(BOTH_ON_HWPT1 + 2, s.tree().branch().steps().size());
        assertFalse(s.canRedo());
    }

    @Test
    void aProbeAnswersWithoutCommitting() throws Exception {
        Session s = seed(null);
        s.view(BOTH_ON_HWPT1);
        Result r = s.probe(op("destroy", "id", s.ref(3)));
        assertEquals(Errno.EBUSY, r.errno());
        assertEquals(BOTH_ON_HWPT1, s.position());
        assertFalse(s.canUndo(), "nothing was recorded");
        assertEquals(6, s.runner().state().objects().size(), "the probe changed nothing");
    }

    @Test
    void theSavedBranchPassesCheckWithCaptionsOutcomesAndTheAddedGroup(@TempDir Path dir) throws Exception {
        Session s = seed(null);
        s.view(BOTH_ON_HWPT1);
        s.apply(op("detach", "dev", s.ref(2)));
        s.apply(op("destroy", "id", s.ref(3)));
        s.caption(BOTH_ON_HWPT1 + 1, "What if idev2 detaches first?");
        s.addGroup(s.nextGroupId(), "0000:09:00.0");
        s.apply(op("bind", "device", new Arg.Word("0000:09:00.0")));
        Path saved = dir.resolve("what-if.yaml");
        s.save(saved);
        assertEquals(0, check(saved), Files.readString(saved));
        Scenario back = ScenarioLoader.load(saved);
        assertTrue(back.topology().device("0000:09:00.0").isPresent(), "the added device is in the saved machine");
        assertEquals(27, back.topology().group(27).orElseThrow().id());
        String text = Files.readString(saved);
        assertTrue(text.contains("  - detach: {dev: idev2}\n    say: \"What if idev2 detaches first?\""), text);
        assertTrue(text.contains("  - destroy: {id: ioas1}\n    expect: EBUSY"), text);
        assertTrue(text.contains("  - bind: {device: \"0000:09:00.0\", as: idev7}"), text);
        assertTrue(ScenarioRunner.run(back).passed());
    }

    @Test
    void aDeviceAddedToAGroupIsJournaledAndUndoneLikeAnyEdit(@TempDir Path dir) throws Exception {
        Journal j = Journal.create(dir);
        Session s = seed(j);
        assertEquals(List.of(), s.addDevice(26, "0000:06:0d.2", "vfio-pci", true), "an unbound vfio-pci sibling changes no outcome");
        Session back = Journal.resume(j.file(), null);
        var added = back.tree().topology().device("0000:06:0d.2").orElseThrow();
        assertEquals(26, added.groupId(), "recovered in its group");
        assertEquals(s.tree().topology().device("0000:06:0d.0").orElseThrow().reserved(), added.reserved(), "with its siblings' MSI window");
        s.undo();
        assertTrue(s.tree().topology().device("0000:06:0d.2").isEmpty(), "undo removes it");
        s.redo();
        assertTrue(s.tree().topology().device("0000:06:0d.2").isPresent(), "redo restores it");
        s.close();
    }

    @Test
    void aKernelDriverSiblingReRecordsTheBindsItRefusesInEveryBranchAndListsThem() throws Exception {
        Session s = seed(null);
        s.view(BOTH_ON_HWPT1);
        s.apply(op("detach", "dev", s.ref(2)));
        assertEquals(2, s.tree().branches().size(), "a fork at step " + BOTH_ON_HWPT1);
        var asWritten = s.tree().branch().steps().get(1).expect();
        List<String> changed = s.addDevice(26, "0000:06:0d.2", "i801_smbus", false);
        assertTrue(changed.contains("step 2: bind: {device: \"0000:06:0d.0\", as: idev1} — ok → EPERM"), String.join("\n", changed));
        assertTrue(changed.contains("main, step 2: bind: {device: \"0000:06:0d.0\", as: idev1} — ok → EPERM"),
                "the other branch is listed by name: " + String.join("\n", changed));
        for (Session.Branch b : s.tree().branches()) {
            assertEquals(new org.iommuscope.engine.scenario.Expectation.Fails(Errno.EPERM), b.steps().get(1).expect(), b.name());
        }
        assertTrue(s.run().outcomes().get(1).passed(), "the new outcome is what the step now expects");
        s.undo();
        assertEquals(asWritten, s.tree().branch().steps().get(1).expect(), "undo gives the old expectation back");
    }

    @Test
    void replayingTheLargestBundledScenarioTakesMilliseconds() throws Exception {
        Path biggest = null;
        long size = -1;
        try (var files = Files.list(Path.of("scenarios"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Scenario sc = ScenarioLoader.load(p);
                if (sc.steps().size() > size) {
                    size = sc.steps().size();
                    biggest = p;
                }
            }
        }
        Session s = new Session(ScenarioLoader.load(biggest), null);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            s.view(0);
            assertEquals(0, s.runner().state().step(), "the runner is at boot");
            long t0 = System.nanoTime();
            s.view((int) size);
            assertEquals(s.run().finalState().step(), s.runner().state().step(), "the runner replayed every step");
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("replay of %s (%d steps): %.2f ms%n", biggest.getFileName(), size, best / 1e6);
        assertTrue(best < 200_000_000L, "replay took " + best / 1e6 + " ms");
    }
}
