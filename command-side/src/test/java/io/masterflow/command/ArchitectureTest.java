package io.masterflow.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package map is the architecture: these rules keep it true. */
@AnalyzeClasses(packages = "io.masterflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule command_side_never_imports_the_query_side =
            noClasses().that().resideInAPackage("io.masterflow.command..")
                    .should().dependOnClassesThat().resideInAPackage("io.masterflow.query..");

    @ArchTest
    static final ArchRule the_event_contract_depends_on_nothing_of_ours =
            noClasses().that().resideInAPackage("io.masterflow.events..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.masterflow.command..", "io.masterflow.query..");

    @ArchTest
    static final ArchRule what_the_sides_share_depends_on_neither_side =
            noClasses().that().resideInAnyPackage("io.masterflow.web..", "io.masterflow.security..", "io.masterflow.axon..",
                            "io.masterflow.flowtype..", "io.masterflow.validation..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.masterflow.command..", "io.masterflow.query..");

    @ArchTest
    static final ArchRule the_domain_knows_nothing_of_the_web =
            noClasses().that().resideInAnyPackage("io.masterflow.command.flow", "io.masterflow.command.flowtype",
                            "io.masterflow.command.validation", "io.masterflow.flowtype..", "io.masterflow.validation..")
                    .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..",
                            "io.masterflow.command.flow.web..", "io.masterflow.command.flowtype.web..", "io.masterflow.command.web..", "io.masterflow.web..");

    @ArchTest
    static final ArchRule phase_execution_knows_nothing_of_the_web =
            noClasses().that().resideInAnyPackage("io.masterflow.command.task", "io.masterflow.command.asset",
                            "io.masterflow.command.approval")
                    .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "..web..");

    /** The flow decides, tasks carry its attempts out: the flow never knows how an attempt is run. */
    @ArchTest
    static final ArchRule the_flow_knows_nothing_of_tasks =
            noClasses().that().resideInAPackage("io.masterflow.command.flow")
                    .should().dependOnClassesThat().resideInAPackage("io.masterflow.command.task..");

    /** Every package of the command side, each on its own: dependencies run one way, never in circles. */
    @ArchTest
    static final ArchRule packages_depend_on_each_other_without_cycles =
            slices().matching("io.masterflow.command.(**)").should().beFreeOfCycles();

    /** Features with their web packages (flow with flow.web, ...), as the query side counts them: no circles either. */
    @ArchTest
    static final ArchRule features_depend_on_each_other_without_cycles =
            slices().matching("io.masterflow.command.(*)..").should().beFreeOfCycles();
}
