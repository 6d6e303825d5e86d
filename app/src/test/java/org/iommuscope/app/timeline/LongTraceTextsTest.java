package org.iommuscope.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long trace's frames keep no text of their own: the log's op, its op with the objects' names, the status line's
 * summary are made when a row asks, from the step the file wrote, and read exactly as the frames of the same file
 * loaded whole (which hold their texts); the log's filter keeps the same rows.
 */
class LongTraceTextsTest {
    @TempDir
    Path dir;

    @Test
    void everyStepReadsAsTheWholeLoadsFrameReadsWithoutHoldingItsText() throws Exception {
        Path file = FrameStatesTest.trace(dir);
        List<Frame> eager = ScenarioFrames.frames(ScenarioRunner.run(ScenarioLoader.load(file)));
        List<Frame> streamed = FrameStatesTest.streamed(file);
        assertEquals(eager.size(), streamed.size());
        int named = 0;
        for (int n = 0; n < eager.size(); n++) {
            Frame e = eager.get(n);
            Frame s = streamed.get(n);
            String at = "step " + n + " (" + e.op() + ")";
            FrameAssertions.assertReadsAlike(e, s, at);
            assertEquals(StepChanges.of(e), StepChanges.of(s), at);
            named += e.opNamed().equals(e.op()) ? 0 : 1;
            if (n > 0) {
                assertTrue(s.textsOnDemand(), at);
                // Made when asked, not held: each call makes the text again.
                assertNotSame(s.op(), s.op(), at);
                assertNotSame(s.opNamed(), s.opNamed(), at);
                assertFalse(holds(s, e.op()) || holds(s, e.opNamed()), at + ": the frame holds its text");
            }
        }
        assertTrue(named > 2_000, "steps whose op names a live object: " + named);
        assertTrue(streamed.stream().anyMatch(f -> !f.passed()), "a step that failed");
        assertTrue(streamed.stream().anyMatch(f -> !f.reason().isEmpty() && f.passed()), "a step with the kernel's reason");
        assertTrue(streamed.stream().anyMatch(f -> f.captioned()), "a caption");
    }

    /** The outcomes are the engine's own words, one string each, whatever the number of steps that had it. */
    @Test
    void theOutcomesAreSharedNotCopiedPerStep() throws Exception {
        List<Frame> streamed = FrameStatesTest.streamed(FrameStatesTest.trace(dir));
        Map<String, String> first = new java.util.HashMap<>();
        for (Frame f : streamed) {
            assertSame(first.computeIfAbsent(f.outcome(), k -> f.outcome()), f.outcome(), "step " + f.number());
            if (f.reason().isEmpty()) {
                assertSame("", f.reason(), "step " + f.number());
            }
        }
        Set<Object> namesHeld = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Field names = Frame.class.getDeclaredField("opNamed");
        names.setAccessible(true);
        for (Frame f : streamed) {
            if (names.get(f) instanceof HandleNames.Names n) {
                namesHeld.add(n);
            }
        }
        assertTrue(namesHeld.size() < 20, "the objects' names the trace's steps hold: " + namesHeld.size() + " values");
    }

    @Test
    void theLogsFilterKeepsTheSameRows() throws Exception {
        Path file = FrameStatesTest.trace(dir);
        List<Frame> eager = ScenarioFrames.frames(ScenarioRunner.run(ScenarioLoader.load(file)));
        List<Frame> streamed = FrameStatesTest.streamed(file);
        GraphModel last = eager.get(eager.size() - 1).graph();
        List<LogFilter> filters = List.of(new LogFilter(LogFilter.Kind.OP, "ioas_unmap"), new LogFilter(LogFilter.Kind.OP, "REPL"),
                new LogFilter(LogFilter.Kind.OP, "ioas_unmap: {ioas: ioas1, iova: 0x8000"), new LogFilter(LogFilter.Kind.OP, "say"),
                new LogFilter(LogFilter.Kind.OP, "check: "),
                new LogFilter(LogFilter.Kind.OUTCOME, "ENOENT"), new LogFilter(LogFilter.Kind.OUTCOME, "failed"),
                new LogFilter(LogFilter.Kind.OBJECT, "hwpt2"), new LogFilter(LogFilter.Kind.OBJECT, "idev-2"));
        for (LogFilter filter : filters) {
            Predicate<Frame> pe = filter.predicate(last);
            Predicate<Frame> ps = filter.predicate(streamed.get(streamed.size() - 1).graph());
            assertNotNull(pe, filter.describe());
            List<Integer> kept = new ArrayList<>();
            for (int n = 0; n < eager.size(); n++) {
                assertEquals(pe.test(eager.get(n)), ps.test(streamed.get(n)), filter.describe() + " at step " + n);
                if (pe.test(eager.get(n))) {
                    kept.add(n);
                }
            }
            assertFalse(kept.isEmpty(), filter.describe() + " keeps some rows");
            assertTrue(kept.size() < eager.size() - 1, filter.describe() + " leaves some out");
        }
    }

    /** Whether a field of the frame holds {@code text} (an equal string). */
    private static boolean holds(Frame f, String text) throws IllegalAccessException {
        for (Field field : Frame.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            if (text.equals(field.get(f))) {
                return true;
            }
        }
        return false;
    }
}
