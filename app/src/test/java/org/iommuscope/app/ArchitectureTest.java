package org.iommuscope.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The app's layers, as JabRef's architecture tests keep theirs: narrow rules that pass, none switched off.
 * Packages depend on each other one way; views draw what view-models and projections give them and never
 * read the engine; only the command line prints.
 */
@AnalyzeClasses(packages = "org.iommuscope.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule everyClassIsInAFeaturePackage = noClasses()
            .should().resideInAPackage("org.iommuscope.app")
            .because("a newcomer finds a class by its feature's package (shell, window, graph, timeline…), not at the root");

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("org.iommuscope.app.(*)..")
            .should().beFreeOfCycles()
            .because("a package can be read, tested and replaced without the ones that use it");

    @ArchTest
    static final ArchRule viewsDoNotReadTheEngine = noClasses()
            .that().areAssignableTo(javafx.scene.Node.class).or().haveSimpleNameEndingWith("View")
            .should().dependOnClassesThat().resideInAPackage("org.iommuscope.engine..")
            .because("views draw view-models and projections (GraphProjection, IoasProjection, ObjectFields…), "
                    + "the one place that reads the engine's state");

    @ArchTest
    static final ArchRule onlyTheCommandLinePrints = noClasses()
            .that().resideOutsideOfPackage("org.iommuscope.app.cli..")
            .should(ACCESS_STANDARD_STREAMS)
            .because("the app logs through SLF4J; the command line alone writes to stdout and stderr");
}
