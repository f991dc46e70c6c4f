package io.masterflow.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package map is the architecture: these rules keep it true. */
@AnalyzeClasses(packages = "io.masterflow.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule query_side_never_imports_the_command_side =
            noClasses().that().resideInAPackage("io.masterflow.query..")
                    .should().dependOnClassesThat().resideInAPackage("io.masterflow.command..");

    @ArchTest
    static final ArchRule read_models_know_nothing_of_the_web =
            noClasses().that().resideInAnyPackage("io.masterflow.query.flow", "io.masterflow.query.audit",
                            "io.masterflow.query.history", "io.masterflow.query.analytics", "io.masterflow.query.asset",
                            "io.masterflow.query.live", "io.masterflow.query.webhook")
                    .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..",
                            "io.masterflow.web..", "io.masterflow.query.web..", "io.masterflow.query.flow.web..",
                            "io.masterflow.query.audit.web..", "io.masterflow.query.history.web..",
                            "io.masterflow.query.analytics.web..", "io.masterflow.query.asset.web..",
                            "io.masterflow.query.live.web..", "io.masterflow.query.webhook.web..");

    /** Features meet only where one reuses another's model (history folds flows with the flow view), never in circles. */
    @ArchTest
    static final ArchRule features_depend_on_each_other_without_cycles =
            slices().matching("io.masterflow.query.(*)..").should().beFreeOfCycles();
}
