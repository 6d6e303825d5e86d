package org.iommuscope.app.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iommuscope.app.LongTraces;
import org.iommuscope.app.dialog.ScriptedDialogs;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.Ref;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A what-if step in the middle of a long trace keeps the frames of the steps before it (the same objects) and runs
 * only what comes after: the fork, its undo (the old future run on from the fork again) and the redo.
 */
class WhatIfOnLongTraceTest {
    private static final int MAPS = 3_000;
    private static final int SETUP = 6;

    /** The setup, then {@value #MAPS} maps of consecutive 4 KiB pages: over 256 KiB, so the app streams it. */
    private static Path trace(Path dir) throws java.io.IOException {
        Path file = dir.resolve("trace.yaml");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(LongTraces.header("A trace to fork"));
            for (int i = 0; i < MAPS; i++) {
                w.write("  - ioas_map: {ioas: ioas1, iova: 0x" + Long.toHexString(0x100000000L + i * 0x1000L) + ", length: 4K, user_va: 0x"
                        + Long.toHexString(0x7f0000000000L + i * 0x1000L) + "}\n");
            }
        }
        return file;
    }

    @Test
    void aForkInTheMiddleOfATraceKeepsTheFramesBeforeIt(@TempDir Path dir) throws Exception {
        Path file = trace(dir);
        WhatIf w = WhatIf.open(new Session(ScenarioLoader.load(file), null), new ScriptedDialogs());
        List<Frame> before = w.scenario().stepper().frames();
        int fork = SETUP + 1_500;
        w.scenario().stepper().jump(fork);

        w.run(SessionTest.op("ioas_map", "ioas", new Arg.Obj(Ref.handle("ioas1")), "iova", Arg.Num.of(0x700000000000L),
                "length", Arg.Num.of(0x1000), "user_va", Arg.Num.of(0x7e0000000000L)));
        List<Frame> forked = w.scenario().stepper().frames();
        assertEquals(fork + 2, forked.size(), "a new branch: the shared steps and the new one");
        assertTrue(w.message().get().startsWith("branch 2 forked at step " + fork), w.message().get());
        for (int i = 0; i <= fork; i++) {
            assertSame(before.get(i), forked.get(i), "frame " + i + " is kept");
        }
        Frame mapped = forked.get(fork + 1);
        assertEquals("ok", mapped.outcome());
        assertTrue(mapped.op().startsWith("ioas_map: {ioas: ioas1, iova: 0x700000000000"), mapped.op());
        // The map's IOAS holds the 1,500 areas mapped before the fork and the new one (iopt_map_pages() added it).
        assertEquals(1_501, ((Ioas) mapped.state().object(3)).iopt().areas().size());

        w.undo();
        List<Frame> undone = w.scenario().stepper().frames();
        assertEquals(SETUP + MAPS + 1, undone.size(), "the old future is back");
        for (int i = 0; i < undone.size(); i++) {
            assertSame(before.get(i), undone.get(i), "frame " + i + " is the one first shown: nothing ran again");
        }
        Frame last = undone.get(SETUP + MAPS);
        assertEquals(before.get(SETUP + MAPS).opNamed(), last.opNamed());
        assertEquals(MAPS, ((Ioas) last.state().object(3)).iopt().areas().size(), "every map of the trace, run on from the fork");

        w.redo();
        assertEquals(fork + 2, w.scenario().stepper().frames().size());
        assertSame(before.get(fork), w.scenario().stepper().frames().get(fork));
        assertSame(mapped, w.scenario().stepper().frames().get(fork + 1), "the redone step's frame, as it was shown");
    }

    /**
     * On a trace opened as the app streams it, a click at a step goes on from the runner the run kept at the
     * checkpoint before it: at a checkpoint, the session's runner holds the checkpoint's own state (a replay from
     * boot would have made another), and the step's outcome is the kernel's.
     */
    @Test
    void aClickGoesOnFromTheRunnerKeptAtTheCheckpointBeforeIt(@TempDir Path dir) throws Exception {
        Path file = trace(dir);
        List<Frame> frames = new java.util.ArrayList<>();
        org.iommuscope.engine.scenario.Scenario[] whole = new org.iommuscope.engine.scenario.Scenario[1];
        org.iommuscope.app.timeline.StreamedFrames.run(file, new org.iommuscope.app.timeline.StreamedFrames.Sink() {
            @Override
            public boolean first(org.iommuscope.app.timeline.ScenarioFrames.Loaded loaded, org.iommuscope.app.timeline.StreamedFrames.Chunk chunk) {
                return more(chunk);
            }

            @Override
            public boolean more(org.iommuscope.app.timeline.StreamedFrames.Chunk chunk) {
                frames.addAll(chunk.frames());
                whole[0] = chunk.last() ? chunk.scenario() : null;
                return true;
            }
        });
        Session session = new Session(whole[0], null);
        WhatIf w = new WhatIf(session, new org.iommuscope.app.window.ScenarioViewModel(frames), new ScriptedDialogs());
        int checkpoint = 6 * 256;
        w.scenario().stepper().jump(checkpoint);
        assertSame(frames.get(checkpoint).state(), session.runner().state(), "the runner kept at step " + checkpoint);
        w.run(SessionTest.op("ioas_unmap", "ioas", new Arg.Obj(Ref.handle("ioas1")), "iova", Arg.Num.of(0x100000000L),
                "length", Arg.Num.of(0x1000)));
        Frame unmapped = w.scenario().stepper().frames().get(checkpoint + 1);
        assertEquals("ok", unmapped.outcome());
        // iopt_unmap_iova_range(): the first page's area goes; the 1,529 mapped before the checkpoint, less one, stay.
        assertEquals(checkpoint - SETUP - 1, ((Ioas) unmapped.state().object(3)).iopt().areas().size());
        for (int i = 0; i <= checkpoint; i++) {
            assertSame(frames.get(i), w.scenario().stepper().frames().get(i));
        }

        // Back to the trace's own branch: the frames up to the fork stay, the trace's steps after it run again.
        w.switchTo(0);
        List<Frame> back = w.scenario().stepper().frames();
        assertEquals(frames.size(), back.size());
        for (int i = 0; i <= checkpoint; i++) {
            assertSame(frames.get(i), back.get(i));
        }
        assertEquals(frames.get(frames.size() - 1).opNamed(), back.get(back.size() - 1).opNamed());
        assertEquals(MAPS, ((Ioas) back.get(back.size() - 1).state().object(3)).iopt().areas().size());
    }
}
