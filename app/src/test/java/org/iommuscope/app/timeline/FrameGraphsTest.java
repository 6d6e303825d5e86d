package org.iommuscope.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.GraphProjection;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.StepOutcome;
import org.junit.jupiter.api.Test;

/** A long trace's frames keep their states, not their pictures: those are projected when drawn and cached a few at a time. */
class FrameGraphsTest {

    private static List<Frame> seedFrames(FrameGraphs graphs) throws Exception {
        ScenarioRun run = ScenarioRunner.run(ScenarioLoader.load(Path.of("scenarios", "seed-thread.yaml")));
        List<Frame> frames = new ArrayList<>();
        for (StepOutcome o : run.outcomes()) {
            frames.add(Frame.projectedOnDemand(o.index() + 1, o.text(), o.text(), "ok", "", true, "", List.of(), o.after(),
                    Map.of(), o.line(), graphs));
        }
        return frames;
    }

    @Test
    void aPictureIsTheStatesProjectionAndIsKeptWhileRecentlyUsed() throws Exception {
        FrameGraphs graphs = new FrameGraphs(4);
        List<Frame> frames = seedFrames(graphs);
        Frame f = frames.get(8);
        GraphModel g = f.graph();
        assertEquals(GraphProjection.of(f.state()).nodes().keySet(), g.nodes().keySet());
        assertEquals(GraphProjection.of(f.state()).edges().keySet(), g.edges().keySet());
        assertSame(g, f.graph(), "asked again, the same picture");
        assertTrue(f.projectedOnDemand());
    }

    @Test
    void aFrameDoesNotRetainItsPictureOnceTheCacheHasMovedOn() throws Exception {
        FrameGraphs graphs = new FrameGraphs(4);
        List<Frame> frames = seedFrames(graphs);
        WeakReference<GraphModel> first = new WeakReference<>(frames.get(0).graph());
        for (Frame f : frames.subList(1, frames.size())) {
            f.graph();
            assertTrue(graphs.size() <= 4, "at most the cache's capacity is kept: " + graphs.size());
        }
        for (int i = 0; i < 50 && first.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(first.get(), "frame 0's picture was dropped although frame 0 is still held");
        assertTrue(frames.get(0).graph() != null, "and is projected again when asked for");
    }

    @Test
    void aFrameGivenItsPictureKeepsIt() throws Exception {
        List<Frame> frames = ScenarioFrames.frames(ScenarioRunner.run(ScenarioLoader.load(Path.of("scenarios", "seed-thread.yaml"))));
        assertTrue(frames.stream().noneMatch(Frame::projectedOnDemand), "a short scenario's frames are as before");
    }
}
