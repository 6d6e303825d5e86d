package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.State;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iopt.Area;
import org.junit.jupiter.api.Test;

/** The statistics of a run agree with its outcomes and states, step by step. */
class TraceStatisticsTest {

    /** What every IOAS of a state holds mapped: the sum of its areas' lengths. */
    private static long areaBytes(State s) {
        long bytes = 0;
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Ioas ioas) {
                for (Area a : ioas.iopt().areas().values()) {
                    bytes += a.length();
                }
            }
        }
        return bytes;
    }

    @Test
    void theSeriesFollowEachStepsOpAndWhatTheIoasesHoldAfterIt() throws Exception {
        List<Path> files = new ArrayList<>(ScenarioFiles.demos());
        files.addAll(ScenarioFiles.selftests());
        for (Path f : files) {
            ScenarioRun run = ScenarioRunner.run(ScenarioLoader.load(f));
            TraceStatistics stats = TraceStatistics.withSeries();
            Map<String, Long> steps = new HashMap<>();
            long failed = 0;
            for (StepOutcome o : run.outcomes()) {
                stats.add(o, 1_000);
                steps.merge(o.kind(), 1L, Long::sum);
                failed += o.passed() ? 0 : 1;
            }
            byte[] ops = stats.opSeries();
            long[] bytes = stats.areaBytesSeries();
            assertEquals(run.outcomes().size(), ops.length, f.toString());
            for (int i = 0; i < ops.length; i++) {
                StepOutcome o = run.outcomes().get(i);
                String expected = o.step().isOp() ? o.kind() : null;
                assertEquals(expected, ops[i] < 0 ? null : OpSignature.names().get(ops[i]), f + " step " + (i + 1));
                assertEquals(areaBytes(o.after()), bytes[i], f + " step " + (i + 1));
            }
            for (TraceStatistics.OpTotals t : stats.byOp()) {
                assertEquals(steps.get(t.op()), t.steps(), f + " " + t.op());
                assertEquals(t.steps() * 1_000, t.nanos(), f + " " + t.op());
            }
            assertEquals(failed, stats.failed());
            assertEquals(0, TraceStatistics.totals().opSeries().length);
        }
    }
}
