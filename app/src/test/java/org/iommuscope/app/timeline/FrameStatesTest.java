package org.iommuscope.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.iommuscope.engine.Invariants;
import org.iommuscope.engine.State;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.StepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long trace's frames keep a state only every {@link FrameStates#DEFAULT_INTERVAL} steps and derive the others
 * by running the ops again: a derived state is the one the run produced, whatever order the steps are asked in,
 * and the states not kept are not held.
 */
class FrameStatesTest {
    private static final int STEPS = 3_000;
    /** Every 500th step (from 100) a replace of idev1's hwpt, then a DMA of idev2 to the last page mapped. */
    private static final int REPLACE_EVERY = 500;
    @TempDir
    Path dir;

    /**
     * Two groups on one IOAS and a second hwpt; 4 KiB maps, then unmaps of every other page; every 500th step a
     * replace and a DMA after it; captions, checks, ops the kernel refuses (ENOENT) and an op naming a handle
     * whose op failed (not run) here and there: every way a step leaves or changes the state.
     */
    private Path trace() throws Exception {
        return trace(dir);
    }

    /** The trace above, written in {@code dir}. */
    static Path trace(Path dir) throws Exception {
        Path file = dir.resolve("trace.yaml");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(org.iommuscope.app.LongTraces.header("A trace whose states are derived"));
            int maps = 0;
            int unmaps = 0;
            boolean onHwpt2 = false;
            long last = 0x100000000L;
            for (int i = 6; i < STEPS; i++) {
                if (i % REPLACE_EVERY == 100) {
                    onHwpt2 = !onHwpt2;
                    w.write("  - replace: {dev: idev1, pt: " + (onHwpt2 ? "hwpt2" : "hwpt1") + "}\n");
                } else if (i % REPLACE_EVERY == 101) {
                    w.write("  - dma: {dev: idev2, iova: 0x" + Long.toHexString(last) + "}\n");
                } else if (i % 300 == 7) {
                    w.write("  - say: \"step " + i + "\"\n");
                } else if (i % 700 == 8) {
                    w.write("  - check:\n      exists: [ioas1, hwpt2]\n");
                } else if (i % 100 == 50) {
                    w.write("  - ioas_unmap: {ioas: ioas1, iova: 0x800000000000, length: 4K}\n    expect: ENOENT\n");
                } else if (i == 1233) {
                    w.write("  - hwpt_alloc: {dev: idev1, pt: 4242, as: hwpt9}\n    expect: ENOENT\n");
                } else if (i == 1234) {
                    w.write("  - replace: {dev: idev1, pt: hwpt9}\n");
                } else if (i < STEPS * 2 / 3) {
                    last = 0x100000000L + maps * 0x1000L;
                    w.write("  - ioas_map: {ioas: ioas1, iova: 0x" + Long.toHexString(last) + ", length: 4K, user_va: 0x"
                            + Long.toHexString(0x7f0000000000L + maps * 0x1000L) + "}\n");
                    maps++;
                } else {
                    last = 0x100000000L + 2L * unmaps * 0x1000L;
                    w.write("  - ioas_unmap: {ioas: ioas1, iova: 0x" + Long.toHexString(last) + ", length: 4K}\n");
                    unmaps++;
                }
            }
        }
        return file;
    }

    /** The frames of a streamed run of the file, as the app gets them. */
    static List<Frame> streamed(Path file) throws Exception {
        List<Frame> frames = new ArrayList<>();
        StreamedFrames.run(file, new StreamedFrames.Sink() {
            @Override
            public boolean first(ScenarioFrames.Loaded loaded, StreamedFrames.Chunk chunk) {
                frames.addAll(chunk.frames());
                return true;
            }

            @Override
            public boolean more(StreamedFrames.Chunk chunk) {
                frames.addAll(chunk.frames());
                return true;
            }
        });
        return frames;
    }

    @Test
    void aDerivedStateIsTheStateTheFullRunProducedInWhateverOrderItIsAskedFor() throws Exception {
        Path file = trace();
        ScenarioRun run = ScenarioRunner.run(ScenarioLoader.load(file));
        List<StepOutcome> outcomes = run.outcomes();
        List<Frame> frames = streamed(file);
        assertEquals(STEPS + 1, frames.size());
        assertEquals(Set.of("replace", "dma", "say", "check", "ioas_map", "ioas_unmap", "bind", "ioas_alloc", "attach", "hwpt_alloc"),
                Set.copyOf(outcomes.stream().map(StepOutcome::kind).toList()), "the trace has every kind of step it means to have");
        assertTrue(outcomes.stream().anyMatch(o -> o.kind().equals("dma") && o.engineStep() != null
                && o.engineStep().result().ok()), "a DMA that translates");
        assertTrue(outcomes.stream().anyMatch(o -> o.actual().equals("not run")), "an op that did not run");
        assertTrue(outcomes.stream().anyMatch(o -> o.engineStep() != null && o.engineStep().result().outcome().equals("ENOENT")),
                "an op the kernel refused");

        // The comparison sees a difference where there is one: a map's state is not the state before it.
        assertNotNull(difference(outcomes.get(10).after(), outcomes.get(11).after()));

        // Asked from the end backwards (the last few are the run's own, then each is derived), at random, then
        // around every replace and its DMA.
        Set<Integer> order = new LinkedHashSet<>();
        for (int n = STEPS; n >= 0; n -= 5) {
            order.add(n);
        }
        Random r = new Random(15);
        for (int k = 0; k < 300; k++) {
            order.add(r.nextInt(STEPS + 1));
        }
        for (int n = 100; n < STEPS; n += REPLACE_EVERY) {
            for (int d = -2; d <= 3; d++) {
                order.add(n + d);
            }
        }
        for (int n : order) {
            State expected = n == 0 ? run.initial() : outcomes.get(n - 1).after();
            State derived = frames.get(n).state();
            String diff = difference(expected, derived);
            assertNull(diff, "step " + n + " (" + frames.get(n).op() + "): " + diff);
            if (n % 97 == 0) {
                assertEquals(List.of(), Invariants.check(derived).violations(), "step " + n);
            }
        }
    }

    @Test
    void aLongRunsFramesHoldAStateOnlyEveryIntervalSteps() throws Exception {
        List<Frame> frames = streamed(trace());
        int interval = FrameStates.DEFAULT_INTERVAL;
        int checkpoints = STEPS / interval + 1;
        assertEquals(checkpoints, frames.stream().filter(Frame::keepsState).count());
        assertTrue(frames.get(interval).keepsState());
        assertFalse(frames.get(interval + 1).keepsState());

        List<WeakReference<State>> states = new ArrayList<>();
        for (Frame f : frames) {
            states.add(new WeakReference<>(f.state()));
        }
        for (int i = 0; i < 50 && alive(states) > checkpoints + FrameStates.DEFAULT_CAPACITY; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(alive(states) <= checkpoints + FrameStates.DEFAULT_CAPACITY, "states held after GC: " + alive(states)
                + " of " + states.size() + "; at most " + checkpoints + " checkpoints and " + FrameStates.DEFAULT_CAPACITY + " recent");
        assertEquals(STEPS, frames.get(STEPS - 1).state().step() + 1, "and each is derived again when asked for");
    }

    @Test
    void steppingOneStepCostsOneOpAndAJumpAtMostAnInterval() throws Exception {
        List<Frame> frames = streamed(trace());
        FrameStates states = frames.get(1).states();
        int interval = states.interval();
        int n = 1_000 + interval / 2;
        long before = states.rerun();
        frames.get(n).state();
        assertEquals(n % interval, states.rerun() - before, "a jump runs the ops from the checkpoint before it");
        before = states.rerun();
        frames.get(n + 1).state();
        assertEquals(1, states.rerun() - before, "the next step: one op");
        before = states.rerun();
        frames.get(n - 1).state();
        frames.get(n - 2).state();
        assertEquals(0, states.rerun() - before, "the steps before it were derived on the way");
        before = states.rerun();
        frames.get(STEPS - 5).state();
        assertEquals(0, states.rerun() - before, "the run's last steps are at hand");
    }

    /** The states still held by anyone (a caption's or a check's frame shares the state before it: counted once). */
    private static int alive(List<WeakReference<State>> refs) {
        Set<State> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        refs.forEach(w -> {
            State s = w.get();
            if (s != null) {
                held.add(s);
            }
        });
        return held.size();
    }

    /**
     * Where two values differ in content, or null: records and collections compared part by part, a class without
     * its own {@code equals} (the engine's page tables and pinned memory) field by field.
     */
    static String difference(Object a, Object b) throws IllegalAccessException {
        if (a == b) {
            return null;
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return a + " ≠ " + b;
        }
        if (a instanceof Map<?, ?> ma) {
            Map<?, ?> mb = (Map<?, ?>) b;
            if (ma.size() != mb.size()) {
                return "size " + ma.size() + " ≠ " + mb.size();
            }
            // The engine's maps are sorted: their entries come in the same order.
            Iterator<? extends Map.Entry<?, ?>> ib = mb.entrySet().iterator();
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                Map.Entry<?, ?> f = ib.next();
                String d = difference(e.getKey(), f.getKey());
                d = d != null ? d : difference(e.getValue(), f.getValue());
                if (d != null) {
                    return e.getKey() + ": " + d;
                }
            }
            return null;
        }
        if (a instanceof Collection<?> ca) {
            Collection<?> cb = (Collection<?>) b;
            if (ca.size() != cb.size()) {
                return "size " + ca.size() + " ≠ " + cb.size();
            }
            Iterator<?> ib = cb.iterator();
            int i = 0;
            for (Object x : ca) {
                String d = difference(x, ib.next());
                if (d != null) {
                    return "[" + i + "] " + d;
                }
                i++;
            }
            return null;
        }
        if (a.getClass().isRecord()) {
            for (RecordComponent c : COMPONENTS.get(a.getClass())) {
                try {
                    String d = difference(c.getAccessor().invoke(a), c.getAccessor().invoke(b));
                    if (d != null) {
                        return c.getName() + "." + d;
                    }
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        }
        if (OWN_EQUALS.get(a.getClass())) {
            return a.equals(b) ? null : a + " ≠ " + b;
        }
        for (Field f : FIELDS.get(a.getClass())) {
            String d = difference(f.get(a), f.get(b));
            if (d != null) {
                return f.getName() + "." + d;
            }
        }
        return null;
    }

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> c) {
            RecordComponent[] cs = c.getRecordComponents();
            for (RecordComponent rc : cs) {
                rc.getAccessor().setAccessible(true);
            }
            return cs;
        }
    };

    private static final ClassValue<Boolean> OWN_EQUALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            try {
                return c.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> c) {
            List<Field> fs = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    fs.add(f);
                }
            }
            return fs;
        }
    };
}
