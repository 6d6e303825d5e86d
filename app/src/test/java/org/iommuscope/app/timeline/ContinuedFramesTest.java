package org.iommuscope.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iommuscope.app.BundledScenarios;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A what-if change keeps the frames of the steps before its fork and runs only the steps after it: what those
 * frames show must be what a run of the whole branch shows, step for step (texts, outcome, events, state, picture).
 */
class ContinuedFramesTest {

    static Stream<Path> bundled() throws Exception {
        return BundledScenarios.files().stream();
    }

    /** Every bundled scenario continued from its start, its first step, its middle and its last step. */
    @ParameterizedTest
    @MethodSource("bundled")
    void aRunContinuedFromAnyStepShowsWhatTheWholeRunShows(Path file) throws Exception {
        ScenarioFrames.Loaded loaded = ScenarioFrames.load(file);
        List<Frame> whole = loaded.frames();
        int steps = whole.size() - 1;
        for (int fork : new int[] {0, Math.min(1, steps), steps / 2, steps}) {
            List<Frame> continued = ScenarioFrames.continueFrom(whole, fork, loaded.scenario());
            assertSameFrames(whole, whole, continued, fork, file.getFileName() + " from step " + fork);
            // From a runner already there (a copy of one that went on: what a what-if click leaves), nothing replayed.
            ScenarioRunner there = new ScenarioRunner(loaded.scenario(), null);
            for (int i = 0; i < fork; i++) {
                there.step(loaded.scenario().steps().get(i));
            }
            ScenarioRunner copy = there.copy();
            if (fork < steps) {
                there.step(loaded.scenario().steps().get(fork));
            }
            assertSameFrames(whole, whole, ScenarioFrames.continueFrom(whole, fork, loaded.scenario(), copy), fork,
                    file.getFileName() + " from a runner at step " + fork);
            // From a runner some steps before the fork (a long run keeps one every 256 steps): only those between replayed.
            ScenarioRunner before = new ScenarioRunner(loaded.scenario(), null);
            for (int i = 0; i < fork / 2; i++) {
                before.step(loaded.scenario().steps().get(i));
            }
            assertSameFrames(whole, whole, ScenarioFrames.continueFrom(whole, fork, loaded.scenario(), before), fork,
                    file.getFileName() + " from a runner at step " + fork / 2 + ", forked at " + fork);
        }
    }

    /** A branch whose steps after the fork are not the shown ones: the step at the fork dropped. */
    @ParameterizedTest
    @MethodSource("bundled")
    void aBranchThatDiffersAfterTheForkShowsWhatItsOwnRunShows(Path file) throws Exception {
        ScenarioFrames.Loaded loaded = ScenarioFrames.load(file);
        Scenario s = loaded.scenario();
        if (s.steps().size() < 2) {
            return;
        }
        int fork = s.steps().size() / 2;
        List<ScenarioStep> dropped = new ArrayList<>(s.steps());
        dropped.remove(fork);
        Scenario branch = new Scenario(s.file(), s.title(), s.description(), s.profile(), s.topology(), dropped);
        List<Frame> expected = ScenarioFrames.frames(ScenarioRunner.run(branch));
        List<Frame> continued = ScenarioFrames.continueFrom(loaded.frames(), fork, branch);
        assertSameFrames(loaded.frames(), expected, continued, fork, file.getFileName() + " without step " + (fork + 1));
    }

    /**
     * A long trace (maps, unmaps, replaces, DMA, refusals, an op not run, checks, captions) forked past several of the
     * states kept every 256 steps, at a step that is not a multiple of 256: the frames after the fork keep a state
     * every 256 steps from the fork and derive the others, and each is the state the whole run had.
     */
    @Test
    void aLongTraceContinuedDerivesEachStateItDoesNotKeep(@TempDir Path dir) throws Exception {
        ScenarioFrames.Loaded loaded = ScenarioFrames.load(FrameStatesTest.trace(dir));
        int fork = 1_230;
        List<Frame> continued = ScenarioFrames.continueFrom(loaded.frames(), fork, loaded.scenario());
        assertSameFrames(loaded.frames(), loaded.frames(), continued, fork, "trace from step " + fork);
        assertTrue(continued.get(fork + 1).projectedOnDemand(), "pictures of the new frames are made when drawn");
        long kept = continued.subList(fork + 1, continued.size()).stream().filter(Frame::keepsState).count();
        assertTrue(kept <= (3_000 - fork) / 256 + 1, "states kept after the fork: " + kept);
        assertFalse(continued.get(fork + 1).keepsState());
    }

    /**
     * Frames 0 to {@code fork} of {@code actual} are those of {@code shown}; each after shows what the same frame of
     * {@code expected} (a run of the whole branch) shows. States are compared by content: the engine's page tables
     * and pinned memory have no equals of their own.
     */
    private static void assertSameFrames(List<Frame> shown, List<Frame> expected, List<Frame> actual, int fork, String what)
            throws IllegalAccessException {
        assertEquals(expected.size(), actual.size(), what + ": frames");
        for (int i = 0; i < expected.size(); i++) {
            Frame e = expected.get(i);
            Frame a = actual.get(i);
            if (i <= fork) {
                assertSame(shown.get(i), a, what + ": frame " + i + " is the one shown");
                continue;
            }
            String at = what + ": frame " + i;
            FrameAssertions.assertReadsAlike(e, a, at);
            assertNull(FrameStatesTest.difference(e.state(), a.state()), at);
            assertEquals(e.graph(), a.graph(), at);
        }
    }

    /**
     * A long run keeps where its runner was at each checkpoint: the runner a frame offers is at the checkpoint at or
     * before it, with the checkpoint's own state (not a replayed one) and the run's handles then; stepped on to the
     * frame, it is where a runner replaying every step from boot would be.
     */
    @Test
    void aLongRunKeepsItsRunnerAtEachCheckpoint(@TempDir Path dir) throws Exception {
        Path file = FrameStatesTest.trace(dir);
        List<Frame> frames = FrameStatesTest.streamed(file);
        Scenario scenario = org.iommuscope.engine.scenario.ScenarioLoader.load(file);
        for (int n : new int[] {0, 255, 256, 1_000, 1_234, 2_999}) {
            ScenarioRunner r = frames.get(n).runnerBefore();
            int at = n - n % FrameStates.DEFAULT_INTERVAL;
            assertEquals(at, r.stepsRun(), "step " + n);
            assertSame(frames.get(at).state(), r.state(), "the checkpoint's state, step " + n);
            for (int i = at; i < n; i++) {
                r.step(scenario.steps().get(i));
            }
            ScenarioRunner fromBoot = new ScenarioRunner(scenario, null);
            for (int i = 0; i < n; i++) {
                fromBoot.step(scenario.steps().get(i));
            }
            assertEquals(fromBoot.liveHandles(), r.liveHandles(), "step " + n);
            assertNull(FrameStatesTest.difference(fromBoot.state(), r.state()), "step " + n);
        }
        assertTrue(frames.get(1_000).runnerBefore() != frames.get(1_000).runnerBefore(), "each caller gets a runner of its own");
    }
}
