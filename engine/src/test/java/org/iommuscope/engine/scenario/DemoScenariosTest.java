package org.iommuscope.engine.scenario;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every demo scenario of the project loads, and the engine meets every expectation in it. */
class DemoScenariosTest {

    @TestFactory
    Stream<DynamicTest> everyDemoScenarioLoadsAndPasses() {
        return ScenarioFiles.demos().stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> SelftestScenariosTest.loadsAndPasses(file)));
    }
}
