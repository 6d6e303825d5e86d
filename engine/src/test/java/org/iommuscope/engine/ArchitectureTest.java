package org.iommuscope.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.iommuscope.engine.iommufd.KernelRelease;
import org.iommuscope.engine.iommufd.Profile;

/**
 * Dependencies point inward: the engine knows no UI toolkit, and the machine and the io_pagetable know no scenario
 * files; and only the release table says what a kernel profile is.
 */
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

    @ArchTest
    static final ArchRule onlyTheReleaseTableNamesAProfile = noClasses()
            .that().resideInAPackage("org.iommuscope.engine..")
            .and().doNotBelongToAnyOf(KernelRelease.class, Profile.class)
            .should().accessField(Profile.class, "V2_PATCH")
            .orShould().accessField(Profile.class, "V6_6")
            .orShould().accessField(Profile.class, "V6_12")
            .orShould().accessField(Profile.class, "V6_15")
            .orShould().accessField(Profile.class, "V6_18")
            .orShould().accessField(Profile.class, "V6_19")
            .because("a rule that differs between kernels is asked of KernelRelease (release.has(Rule.X)), "
                    + "so every release-dependent rule is listed, with its commit, in one table");
}
