package org.iommuscope.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point inward: the engine knows no UI toolkit, and the machine and the io_pagetable know no scenario files. */
@AnalyzeClasses(packages = "org.iommuscope.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule engineUsesNoUiToolkit = noClasses()
            .that().resideInAPackage("org.iommuscope.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.graphstream..")
            .because("the app draws the engine; the engine must run headless, in the CLI and in tests");

    @ArchTest
    static final ArchRule hardwareAndIoPagetableKnowNoScenarios = noClasses()
            .that().resideInAnyPackage("org.iommuscope.engine.hw..", "org.iommuscope.engine.iopt..")
            .should().dependOnClassesThat().resideInAPackage("org.iommuscope.engine.scenario..")
            .because("a scenario is resolved to ops before it reaches the kernel model");

    @ArchTest
    static final ArchRule hardwareKnowsNoIommufd = noClasses()
            .that().resideInAPackage("org.iommuscope.engine.hw..")
            .should().dependOnClassesThat().resideInAPackage("org.iommuscope.engine.iommufd..")
            .because("the iommu core and its drivers sit below iommufd, as drivers/iommu/iommu.c sits below drivers/iommu/iommufd/");
}
