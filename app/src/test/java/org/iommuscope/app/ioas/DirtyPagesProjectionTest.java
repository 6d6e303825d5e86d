package org.iommuscope.app.ioas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iommuscope.app.ioas.IoasModel.Span;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.junit.jupiter.api.Test;

/** The IOAS bar's dirty pages, as the live-migration scenario's own `check: dirty` and `get_dirty_bitmap` lines expect them. */
class DirtyPagesProjectionTest {

    private static IoasModel ioas2(Frame f) {
        return IoasProjection.of(f.state(), 2);
    }

    @Test
    void dirtyRunsAreLitThenGoneAfterAReadThatClears() throws Exception {
        List<Frame> f = ScenarioFrames.load(Path.of("scenarios", "live-migration-dirty-tracking.yaml")).frames();
        // Step 10: a write with tracking off dirties nothing (step 11 checks `dirty: {hwpt: []}`).
        assertTrue(ioas2(f.get(10)).dirty().isEmpty());
        // Step 17 checks `dirty: {hwpt: [[0x200000, 0x3fffff], [0x3fe00000, 0x3fffffff]]}`.
        assertEquals(List.of(new Span(0x200000, 0x3fffff), new Span(0x3fe00000L, 0x3fffffffL)), ioas2(f.get(17)).dirty());
        // Step 18's get_dirty_bitmap (no NO_CLEAR) reads and clears them; step 19 checks `dirty: {hwpt: []}`.
        assertTrue(ioas2(f.get(18)).dirty().isEmpty());
        // Step 21: two more writes, read by step 22 as [[0x200000, 0x3fffff], [0x800000, 0x9fffff]].
        assertEquals(List.of(new Span(0x200000, 0x3fffff), new Span(0x800000, 0x9fffff)), ioas2(f.get(21)).dirty());
    }
}
