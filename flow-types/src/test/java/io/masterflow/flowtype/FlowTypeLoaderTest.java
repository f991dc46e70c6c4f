package io.masterflow.flowtype;

import io.masterflow.validation.RequiredKeysValidator;
import io.masterflow.validation.ValueTypesValidator;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.events.RetryPolicy;
import io.masterflow.events.ValidatorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowTypeLoaderTest {

    private final FlowTypeLoader loader = new FlowTypeLoader(List.of(new RequiredKeysValidator(), new ValueTypesValidator()));

    @Test
    void the_eight_built_in_types_load_with_their_phases_in_design_order() {
        FlowTypeRegistry registry = loader.load(null);

        assertThat(registry.latestOfEachType()).extracting(FlowTypeDefinition::type).containsExactly(
                "assessment", "decommission", "discovery", "execution", "finops", "modernize", "observability", "planning");
        assertThat(phaseNames(registry, "discovery")).containsExactly("data_import", "attribute_mapping", "data_cleansing",
                "inventory", "dependency_analysis", "tech_debt_analysis");
        assertThat(phaseNames(registry, "assessment")).containsExactly("readiness_assessment", "complexity_analysis",
                "risk_assessment", "recommendation_generation");
        assertThat(phaseNames(registry, "planning")).containsExactly("wave_planning", "timeline_optimization", "resource_allocation");
        assertThat(phaseNames(registry, "execution")).containsExactly("pre_migration_validation", "migration_execution",
                "post_migration_validation");
        assertThat(phaseNames(registry, "modernize")).containsExactly("modernization_assessment", "architecture_design",
                "implementation_planning");
        assertThat(phaseNames(registry, "finops")).containsExactly("cost_analysis", "budget_planning", "optimization_recommendations");
        assertThat(phaseNames(registry, "observability")).containsExactly("monitoring_setup", "alerting_configuration",
                "dashboard_creation");
        assertThat(phaseNames(registry, "decommission")).containsExactly("decommission_planning", "data_archival", "system_shutdown");
    }

    @Test
    void every_built_in_type_starts_at_version_one_with_a_description_and_a_timeout_on_every_phase() {
        FlowTypeRegistry registry = loader.load(null);

        assertThat(registry.latestOfEachType()).allSatisfy(definition -> {
            assertThat(registry.find(definition.type(), 1)).isPresent();
            assertThat(definition.description()).isNotBlank();
            assertThat(definition.phases()).allSatisfy(phase -> assertThat(phase.timeout()).isPositive());
        });
    }

    @Test
    void discovery_data_import_needs_a_source_is_retried_and_is_done_by_a_worker() {
        PhaseDefinition dataImport = loader.load(null).find("discovery", 1).orElseThrow()
                .phase(PhaseName.of("data_import")).orElseThrow();

        assertThat(dataImport.required()).isTrue();
        assertThat(dataImport.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(dataImport.retry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5)));
        assertThat(dataImport.validators()).containsExactly(new ValidatorRef("required-keys", Map.of("keys", List.of("source"))));
        assertThat(dataImport.handler()).isEqualTo(PhaseDefinition.EXTERNAL);
    }

    @Test
    void only_the_phases_a_flow_can_do_without_are_optional() {
        List<String> optional = loader.load(null).latestOfEachType().stream()
                .flatMap(definition -> definition.phases().stream()
                        .filter(phase -> !phase.required())
                        .map(phase -> definition.type() + "." + phase.name()))
                .toList();

        assertThat(optional).containsExactlyInAnyOrder("discovery.tech_debt_analysis", "observability.dashboard_creation");
    }

    @Test
    void phases_that_must_not_repeat_by_themselves_get_a_single_attempt() {
        FlowTypeRegistry registry = loader.load(null);

        assertThat(registry.find("execution", 1).orElseThrow().phase(PhaseName.of("migration_execution")).orElseThrow().retry())
                .extracting(RetryPolicy::maxAttempts).isEqualTo(1);
        assertThat(registry.find("decommission", 1).orElseThrow().phase(PhaseName.of("system_shutdown")).orElseThrow().retry())
                .extracting(RetryPolicy::maxAttempts).isEqualTo(1);
    }

    @Test
    void an_external_folder_adds_a_new_type_and_a_later_version_of_discovery() throws URISyntaxException {
        FlowTypeRegistry registry = loader.load(fixture("external"));

        assertThat(registry.latest("discovery")).get().extracting(FlowTypeDefinition::version).isEqualTo(3);
        assertThat(registry.find("discovery", 1)).get().satisfies(v1 ->
                assertThat(v1.phases()).extracting(phase -> phase.name().value()).contains("tech_debt_analysis"));
        assertThat(registry.find("discovery", 3)).get().satisfies(v3 -> {
            assertThat(v3.phases()).extracting(phase -> phase.name().value())
                    .containsExactly("data_import", "licence_review", "inventory");
            assertThat(v3.phases().get(0).validators()).extracting(ValidatorRef::name).containsExactly("required-keys", "value-types");
        });
        assertThat(registry.versions("discovery")).extracting(FlowTypeDefinition::version).containsExactly(1, 2, 3);
        assertThat(registry.latest("security-review")).get().satisfies(review -> {
            assertThat(review.phases().get(0).handler()).isEqualTo("threat-model-generator");
            assertThat(review.phases().get(1).timeout()).isEqualTo(Duration.ofHours(8));
        });
        assertThat(registry.latestOfEachType()).hasSize(9);
    }

    @Test
    void a_type_version_defined_in_two_files_stops_loading_naming_both_files() throws URISyntaxException {
        Path folder = fixture("duplicate");

        assertThatThrownBy(() -> loader.load(folder))
                .isInstanceOf(InvalidFlowTypeDefinition.class)
                .hasMessage(folder.resolve("discovery-again.yml") + ": flow type 'discovery' version 1 is already defined in flow-types/discovery.yml");
    }

    @Test
    void a_broken_file_in_the_external_folder_stops_loading_naming_its_path_and_the_field() throws URISyntaxException {
        Path folder = fixture("broken-external");

        assertThatThrownBy(() -> loader.load(folder))
                .isInstanceOf(InvalidFlowTypeDefinition.class)
                .hasMessage(folder.resolve("finance.yml") + ": phases[2].retry.maxAttempts must be 1 or more: 0");
    }

    @Test
    void a_broken_file_on_the_classpath_is_named_by_its_path_in_the_classpath() {
        FlowTypeLoader brokenLoader = new FlowTypeLoader(List.of(new RequiredKeysValidator()), "classpath*:flow-types-test/broken-classpath/*.yml");

        assertThatThrownBy(() -> brokenLoader.load(null))
                .isInstanceOf(InvalidFlowTypeDefinition.class)
                .hasMessage("flow-types-test/broken-classpath/inventory.yml: missing field 'version'");
    }

    @Test
    void a_named_external_folder_that_does_not_exist_stops_loading_naming_it(@TempDir Path temp) {
        Path missing = temp.resolve("no-such-folder");

        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOf(InvalidFlowTypeDefinition.class)
                .hasMessageStartingWith(missing + ": the external flow-type folder (masterflow.flow-types.external-dir) does not exist");
    }

    @Test
    void an_empty_external_folder_adds_nothing(@TempDir Path temp) {
        assertThat(loader.load(temp).latestOfEachType()).hasSize(8);
    }

    @Test
    void finding_no_definition_at_all_stops_loading() {
        FlowTypeLoader emptyLoader = new FlowTypeLoader(List.of(), "classpath*:flow-types-test/nothing-here/*.yml");

        assertThatThrownBy(() -> emptyLoader.load(null))
                .isInstanceOf(InvalidFlowTypeDefinition.class)
                .hasMessage("classpath*:flow-types-test/nothing-here/*.yml: no flow-type definitions found");
    }

    @Test
    void two_validators_with_one_name_are_refused() {
        assertThatThrownBy(() -> new FlowTypeLoader(List.of(new RequiredKeysValidator(), new RequiredKeysValidator())))
                .hasMessageContaining("two validators are named 'required-keys'");
    }

    private static List<String> phaseNames(FlowTypeRegistry registry, String type) {
        return registry.latest(type).orElseThrow().phases().stream().map(phase -> phase.name().value()).toList();
    }

    private static Path fixture(String folder) throws URISyntaxException {
        return Path.of(FlowTypeLoaderTest.class.getResource("/flow-types-test/" + folder).toURI());
    }
}
