package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every transcribed kernel selftest loads, and the engine meets every expectation in it. */
class SelftestScenariosTest {

    @TestFactory
    Stream<DynamicTest> everySelftestFileLoadsAndPasses() {
        return ScenarioFiles.selftests().stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> loadsAndPasses(file)));
    }

    static void loadsAndPasses(Path file) throws ScenarioException {
        ScenarioRun run = ScenarioRunner.run(ScenarioLoader.load(file));
        assertTrue(run.passed(), () -> ScenarioFiles.report(run));
    }
}
