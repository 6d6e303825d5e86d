package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.iopt.IovaRange;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** A written scenario reads back as the same scenario and runs the same, step by step. */
class ScenarioWriterTest {

    @TestFactory
    Stream<DynamicTest> everyScenarioFileSurvivesWriteAndReload() {
        return Stream.concat(ScenarioFiles.selftests().stream(), ScenarioFiles.demos().stream())
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> survivesWriteAndReload(file)));
    }

    static void survivesWriteAndReload(Path file) throws ScenarioException {
        Scenario original = ScenarioLoader.load(file);
        String written = ScenarioWriter.write(original);
        Scenario reloaded = ScenarioLoader.loadString(written, original.file());
        assertEquals(withoutPositions(original), withoutPositions(reloaded), written);
        assertSameRun(ScenarioRunner.run(original), ScenarioRunner.run(reloaded));
        assertEquals(written, ScenarioWriter.write(reloaded), "writing is stable");
    }

    static void assertSameRun(ScenarioRun a, ScenarioRun b) {
        assertEquals(a.outcomes().size(), b.outcomes().size());
        for (int i = 0; i < a.outcomes().size(); i++) {
            StepOutcome x = a.outcomes().get(i);
            StepOutcome y = b.outcomes().get(i);
            String where = "step " + i + " (line " + x.line() + ")";
            assertEquals(x.kind(), y.kind(), where);
            assertEquals(x.text(), y.text(), where);
            assertEquals(x.expected(), y.expected(), where);
            assertEquals(x.actual(), y.actual(), where);
            assertEquals(x.problems(), y.problems(), where);
        }
    }

    static Scenario withoutPositions(Scenario s) {
        return s.withSteps(s.steps().stream()
                .map(t -> new ScenarioStep(0, 0, t.op(), t.as(), t.expect(), t.say(), t.check())).toList());
    }

    @Test
    void aSessionBuiltInCodeIsWrittenAsAFileThatLoadsAndRuns() throws ScenarioException {
        Topology machine = new Topology(4096, List.of(Iommu.defaults("dmar0")), List.of(new GroupSpec(7, "dmar0", DomainType.IDENTITY,
                List.of(new PciDevice("0000:07:00.0", 7, "vfio-pci", List.of(), Set.of())))));
        Scenario session = new Scenario("what-if.yaml", "A what-if: \"quoted\", colon: and\nnewline", "", Profile.V6_6, machine, List.of(
                ScenarioStep.op(new OpSpec("bind", Map.of("device", new Arg.Word("0000:07:00.0"))), "dev", Expectation.OK, null),
                ScenarioStep.op(new OpSpec("ioas_alloc", Map.of()), "ioas", null, "caf\u00e9 \u2028 \u0007"),
                ScenarioStep.op(new OpSpec("ioas_map", ordered("ioas", new Arg.Obj(Ref.handle("ioas")), "length", Arg.Num.of(1 << 21),
                        "iova", Arg.Num.of(0x100000))), null, new Expectation.Outputs(null, Map.of("iova", Arg.Num.of(0x100000))), null),
                ScenarioStep.op(new OpSpec("attach", ordered("dev", new Arg.Obj(Ref.handle("dev")), "pt", new Arg.Obj(Ref.raw(0)))),
                        null, new Expectation.Fails(Errno.ENOENT), null),
                ScenarioStep.op(new OpSpec("ioas_allow_iovas", ordered("ioas", new Arg.Obj(Ref.handle("ioas")),
                        "ranges", new Arg.Ranges(List.of(new IovaRange(0, 0xfff))))), null, Expectation.ANY, null),
                ScenarioStep.check(new CheckSpec(Map.of(7, CheckSpec.DomainTarget.label("blocking")), List.of(), null,
                        Map.of(Ref.handle("dev"), Optional.empty()), null, Map.of(Ref.handle("ioas"), -1L), null, null, null), "yes"),
                ScenarioStep.check(new CheckSpec(null, null, null, null, null, null, null, null, null), null),
                ScenarioStep.caption("the end")));
        String written = ScenarioWriter.write(session);
        Scenario reloaded = ScenarioLoader.loadString(written, "what-if.yaml");
        assertEquals(withoutPositions(session), withoutPositions(reloaded), written);
        ScenarioRun run = ScenarioRunner.run(reloaded);
        assertEquals(1, run.failures().size(), () -> ScenarioFiles.report(run));
        assertEquals("users of ioas is 1, expected 18446744073709551615", run.failures().get(0).problems().get(0));
        assertTrue(written.contains("type: identity"), written);
    }

    private static Map<String, Arg> ordered(Object... keyValues) {
        Map<String, Arg> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], (Arg) keyValues[i + 1]);
        }
        return m;
    }
}
