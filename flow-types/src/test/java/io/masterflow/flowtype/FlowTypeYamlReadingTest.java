package io.masterflow.flowtype;

import io.masterflow.validation.PhaseValidator;
import io.masterflow.validation.RequiredKeysValidator;
import io.masterflow.validation.ValueTypesValidator;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.events.RetryPolicy;
import io.masterflow.events.ValidatorRef;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FlowTypeYamlReadingTest {

    private static final String FILE = "flow-types/sample.yml";

    private final FlowTypeLoader loader = new FlowTypeLoader(List.of(new RequiredKeysValidator(), new ValueTypesValidator(), new NoParams()));

    @Test
    void a_complete_definition_keeps_every_field() {
        FlowTypeDefinition definition = read("""
                type: sample
                version: 3
                description: A sample
                phases:
                  - name: data_import
                    required: true
                    timeout: PT30M
                    retry: { maxAttempts: 3, backoff: PT10S, multiplier: 2.0, maxBackoff: PT5M }
                    validators:
                      - required-keys: { keys: [source] }
                      - value-types: { rows: integer }
                    handler: asset-import
                  - name: review
                    required: false
                """);

        assertThat(definition.ref().type()).isEqualTo("sample");
        assertThat(definition.version()).isEqualTo(3);
        assertThat(definition.description()).isEqualTo("A sample");
        assertThat(definition.phases()).containsExactly(
                new PhaseDefinition(PhaseName.of("data_import"), true, Duration.ofMinutes(30),
                        new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5)),
                        List.of(new ValidatorRef("required-keys", Map.of("keys", List.of("source"))),
                                new ValidatorRef("value-types", Map.of("rows", "integer"))),
                        "asset-import"),
                new PhaseDefinition(PhaseName.of("review"), false, null, RetryPolicy.NONE, List.of(), PhaseDefinition.EXTERNAL));
    }

    @Test
    void a_phase_with_only_a_name_is_required_unlimited_tried_once_unchecked_and_external() {
        PhaseDefinition phase = read(definitionWithPhases("- name: scan")).phases().get(0);

        assertThat(phase).isEqualTo(new PhaseDefinition(PhaseName.of("scan"), true, null, RetryPolicy.NONE, List.of(), "external"));
    }

    @Test
    void a_validator_may_be_named_without_params() {
        PhaseDefinition phase = read(definitionWithPhases("""
                - name: scan
                  validators: [no-params]""")).phases().get(0);

        assertThat(phase.validators()).containsExactly(new ValidatorRef("no-params", Map.of()));
    }

    @Test
    void a_validator_named_without_params_still_has_its_params_checked() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  validators: [value-types]""")))
                .hasMessage(FILE + ": phases[0].validators[0] (value-types): params must map at least one key to a type,"
                        + " one of string, number, integer, boolean, object, array");
    }

    @Test
    void a_retry_with_only_max_attempts_waits_nothing_between_attempts() {
        RetryPolicy retry = read(definitionWithPhases("""
                - name: scan
                  retry: { maxAttempts: 2 }""")).phases().get(0).retry();

        assertThat(retry.maxAttempts()).isEqualTo(2);
        assertThat(retry.backoff()).isZero();
        assertThat(retry.multiplier()).isEqualTo(1.0);
    }

    @Test
    void a_missing_description_reads_as_empty() {
        assertThat(read(definitionWithPhases("- name: scan")).description()).isEmpty();
    }

    @Test
    void a_phase_with_zero_max_attempts_stops_loading_naming_the_file_and_field() {
        assertThat(failure(definitionWithPhases("""
                - name: a
                - name: b
                - name: c
                  retry: { maxAttempts: 0 }""")))
                .hasMessage(FILE + ": phases[2].retry.maxAttempts must be 1 or more: 0");
    }

    @Test
    void a_retry_without_max_attempts_stops_loading() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  retry: { backoff: PT10S }""")))
                .hasMessage(FILE + ": missing field 'phases[0].retry.maxAttempts'");
    }

    @Test
    void a_fractional_max_attempts_stops_loading() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  retry: { maxAttempts: 2.5 }""")))
                .hasMessage(FILE + ": phases[0].retry.maxAttempts must be a whole number, not 2.5");
    }

    @Test
    void a_multiplier_below_one_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  retry: { maxAttempts: 3, backoff: PT1S, multiplier: 0.5 }""")))
                .hasMessage(FILE + ": phases[0].retry.multiplier must be 1 or more: 0.5");
    }

    @Test
    void a_max_backoff_shorter_than_the_backoff_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  retry: { maxAttempts: 3, backoff: PT1M, maxBackoff: PT10S }""")))
                .hasMessage(FILE + ": phases[0].retry.maxBackoff must not be shorter than retry.backoff: PT10S");
    }

    @Test
    void a_negative_backoff_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  retry: { maxAttempts: 3, backoff: -PT1S }""")))
                .hasMessage(FILE + ": phases[0].retry.backoff must not be negative: PT-1S");
    }

    @Test
    void a_multiplier_given_as_text_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  retry: { maxAttempts: 3, multiplier: double }""")))
                .hasMessage(FILE + ": phases[0].retry.multiplier must be a number, not text 'double'");
    }

    @Test
    void a_missing_version_stops_loading_naming_the_file_and_field() {
        assertThat(failure("""
                type: sample
                phases:
                  - name: scan
                """)).hasMessage(FILE + ": missing field 'version'");
    }

    @Test
    void a_missing_type_stops_loading() {
        assertThat(failure("""
                version: 1
                phases:
                  - name: scan
                """)).hasMessage(FILE + ": missing field 'type'");
    }

    @Test
    void missing_phases_stop_loading() {
        assertThat(failure("""
                type: sample
                version: 1
                """)).hasMessage(FILE + ": missing field 'phases'");
    }

    @Test
    void an_empty_phase_list_stops_loading() {
        assertThat(failure("""
                type: sample
                version: 1
                phases: []
                """)).hasMessage(FILE + ": phases must list at least one phase");
    }

    @Test
    void phases_given_as_a_mapping_stop_loading() {
        assertThat(failure("""
                type: sample
                version: 1
                phases: { name: scan }
                """)).hasMessage(FILE + ": phases must be a list of phases, not a mapping");
    }

    @Test
    void a_phase_without_a_name_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                - required: false""")))
                .hasMessage(FILE + ": missing field 'phases[1].name'");
    }

    @Test
    void a_phase_that_is_not_a_mapping_stops_loading() {
        assertThat(failure(definitionWithPhases("- scan")))
                .hasMessage(FILE + ": phases[0] must be a mapping of fields, not text 'scan'");
    }

    @Test
    void a_version_of_zero_stops_loading() {
        assertThat(failure("""
                type: sample
                version: 0
                phases:
                  - name: scan
                """)).hasMessage(FILE + ": version must be 1 or more: 0");
    }

    @Test
    void a_version_given_as_text_stops_loading() {
        assertThat(failure("""
                type: sample
                version: "1"
                phases:
                  - name: scan
                """)).hasMessage(FILE + ": version must be a whole number, not text '1'");
    }

    @Test
    void a_type_name_with_capitals_stops_loading() {
        assertThat(failure("""
                type: Sample
                version: 1
                phases:
                  - name: scan
                """)).hasMessageStartingWith(FILE + ": type is not valid: flow type must be lower-case");
    }

    @Test
    void a_phase_name_with_capitals_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("- name: Data-Import")))
                .hasMessageStartingWith(FILE + ": phases[0].name is not valid: phase name must be lower-case")
                .hasMessageEndingWith(": Data-Import");
    }

    @Test
    void a_duplicate_phase_name_stops_loading_naming_both_phases() {
        assertThat(failure(definitionWithPhases("""
                - name: a
                - name: data_import
                - name: b
                - name: data_import""")))
                .hasMessage(FILE + ": phases[3].name duplicates phases[1].name: data_import");
    }

    @Test
    void an_unknown_top_level_field_stops_loading_naming_it() {
        assertThat(failure("""
                type: sample
                version: 1
                owner: finance
                phases:
                  - name: scan
                """)).hasMessage(FILE + ": unknown field 'owner'; known here: type, version, description, phases, retention");
    }

    @Test
    void a_retention_rule_is_read_and_its_absence_keeps_flows_for_ever() {
        assertThat(read("""
                type: sample
                version: 1
                retention: { days: 730 }
                phases:
                  - name: scan
                """).retentionDays()).isEqualTo(730);
        assertThat(read(definitionWithPhases("- name: scan")).retentionDays()).isNull();
    }

    @Test
    void a_retention_rule_that_is_not_a_positive_number_of_days_stops_loading_naming_the_field() {
        assertThat(failure("""
                type: sample
                version: 1
                retention: { days: two years }
                phases:
                  - name: scan
                """)).hasMessage(FILE + ": retention.days must be a whole number of days from 1 to 999999, not text 'two years'");
        assertThat(failure("""
                type: sample
                version: 1
                retention: { days: 30, after: completed }
                phases:
                  - name: scan
                """)).hasMessageContaining("unknown field 'retention.after'; known here: days");
    }

    @Test
    void personal_fields_of_the_input_and_the_output_are_kept_in_order_and_none_is_the_default() {
        FlowTypeDefinition definition = read(definitionWithPhases("""
                - name: intake
                  personal: [input.contactEmail, output.owner.email, input.people]
                - name: scan"""));

        assertThat(definition.phases().get(0).personal()).containsExactly("input.contactEmail", "output.owner.email", "input.people");
        assertThat(definition.phases().get(0).personalFieldsOf(PhaseDefinition.INPUT)).containsExactly("contactEmail", "people");
        assertThat(definition.phases().get(0).personalFieldsOf(PhaseDefinition.OUTPUT)).containsExactly("owner.email");
        assertThat(definition.phases().get(1).personal()).isEmpty();
    }

    @Test
    void a_personal_field_outside_the_input_and_output_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: intake
                  personal: [input.contactEmail, config.owner]""")))
                .hasMessage(FILE + ": phases[0].personal[1] must begin with 'input.' or 'output.' (a field of the phase's"
                        + " input or output), not 'config.owner'");
        assertThat(failure(definitionWithPhases("""
                - name: intake
                  personal: [contactEmail]""")))
                .hasMessage(FILE + ": phases[0].personal[0] must begin with 'input.' or 'output.' (a field of the phase's"
                        + " input or output), not 'contactEmail'");
    }

    @Test
    void a_personal_field_may_name_the_user_whose_key_seals_it_and_nothing_else_after_an_at_sign() {
        PhaseDefinition phase = read(definitionWithPhases("""
                - name: sign_off
                  personal: [output.approvedBy@user, input.contactEmail]""")).phases().get(0);
        assertThat(phase.personalFieldsOf(PhaseDefinition.OUTPUT)).containsExactly("approvedBy@user");

        assertThat(failure(definitionWithPhases("""
                - name: sign_off
                  personal: [output.approvedBy@account]""")))
                .hasMessage(FILE + ": phases[0].personal[0] may end in '@user' (the field names a user, whose key seals it)"
                        + " and in nothing else after '@': 'output.approvedBy@account'");
        assertThat(failure(definitionWithPhases("""
                - name: sign_off
                  personal: [output.@user]""")))
                .hasMessageContaining("must name a field after 'output.'");
    }

    @Test
    void a_personal_field_without_a_name_given_twice_or_not_in_a_list_stops_loading() {
        assertThat(failure(definitionWithPhases("""
                - name: intake
                  personal: [input]""")))
                .hasMessage(FILE + ": phases[0].personal[0] must name a field after 'input.', each key between dots non-blank: 'input'");
        assertThat(failure(definitionWithPhases("""
                - name: intake
                  personal: [output.owner..email]""")))
                .hasMessage(FILE + ": phases[0].personal[0] must name a field after 'output.', each key between dots non-blank:"
                        + " 'output.owner..email'");
        assertThat(failure(definitionWithPhases("""
                - name: intake
                  personal: [input.email, input.email]""")))
                .hasMessage(FILE + ": phases[0].personal[1] names 'input.email' a second time");
        assertThat(failure(definitionWithPhases("""
                - name: intake
                  personal: input.email""")))
                .hasMessage(FILE + ": phases[0].personal must be a list of fields such as [input.contactEmail, output.owner],"
                        + " not text 'input.email'");
    }

    @Test
    void unknown_phase_fields_stop_loading_naming_all_of_them() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  timout: PT1M
                  retries: 3""")))
                .hasMessage(FILE + ": unknown fields 'phases[0].timout', 'phases[0].retries';"
                        + " known here: name, required, timeout, retry, validators, handler, personal");
    }

    @Test
    void an_unknown_retry_field_stops_loading_naming_it() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  retry: { maxAttempts: 3, maxAttempt: 4 }""")))
                .hasMessage(FILE + ": unknown field 'phases[0].retry.maxAttempt'; known here: maxAttempts, backoff, multiplier, maxBackoff");
    }

    @Test
    void a_timeout_that_is_not_an_iso_duration_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  timeout: 30 minutes""")))
                .hasMessage(FILE + ": phases[0].timeout must be an ISO-8601 duration such as PT30S, PT10M or PT2H: 30 minutes");
    }

    @Test
    void a_timeout_given_as_a_number_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  timeout: 30""")))
                .hasMessage(FILE + ": phases[0].timeout must be text, not 30");
    }

    @Test
    void a_zero_timeout_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  timeout: PT0S""")))
                .hasMessage(FILE + ": phases[0].timeout must be positive: PT0S");
    }

    @Test
    void a_bad_backoff_text_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  retry: { maxAttempts: 3, backoff: 10s }""")))
                .hasMessage(FILE + ": phases[0].retry.backoff must be an ISO-8601 duration such as PT30S, PT10M or PT2H: 10s");
    }

    @Test
    void a_required_flag_that_is_not_a_boolean_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  required: sometimes""")))
                .hasMessage(FILE + ": phases[0].required must be true or false, not text 'sometimes'");
    }

    @Test
    void a_blank_handler_stops_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  handler: " \"""")))
                .hasMessage(FILE + ": phases[0].handler must name a handler bean or be 'external', not blank");
    }

    @Test
    void an_unknown_validator_stops_loading_naming_it_its_place_and_the_known_ones() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  validators:
                    - value-types: { rows: integer }
                    - foo""")))
                .hasMessage(FILE + ": unknown validator 'foo' in phases[0].validators[1]; known: no-params, required-keys, value-types");
    }

    @Test
    void bad_validator_params_stop_loading_naming_the_file_and_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                - name: load
                  validators:
                    - required-keys: { keys: [] }""")))
                .hasMessage(FILE + ": phases[1].validators[0] (required-keys): param 'keys' must be a non-empty list of key names, not: []");
    }

    @Test
    void an_unknown_validator_param_stops_loading_naming_it() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  validators:
                    - required-keys: { keys: [source], key: region }""")))
                .hasMessage(FILE + ": phases[0].validators[0] (required-keys): unknown param 'key'; known: keys");
    }

    @Test
    void validator_params_that_are_not_a_mapping_stop_loading_naming_the_field() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  validators:
                    - required-keys: [source]""")))
                .hasMessage(FILE + ": phases[0].validators[0].required-keys must be a mapping of params, not a list");
    }

    @Test
    void a_validator_param_without_a_value_stops_loading_naming_it() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  validators:
                    - required-keys: { keys: }""")))
                .hasMessage(FILE + ": phases[0].validators[0].required-keys.keys has no value");
    }

    @Test
    void a_validator_entry_naming_two_validators_stops_loading() {
        assertThat(failure(definitionWithPhases("""
                - name: scan
                  validators:
                    - { required-keys: { keys: [a] }, value-types: { a: string } }""")))
                .hasMessage(FILE + ": phases[0].validators[0] must be a validator name, or a mapping of one validator name"
                        + " to its params, not a mapping");
    }

    @Test
    void a_key_written_twice_stops_loading() {
        assertThat(failure("""
                type: sample
                version: 1
                version: 2
                phases:
                  - name: scan
                """)).hasMessageStartingWith(FILE + ": not valid YAML: Duplicate field 'version'");
    }

    @Test
    void yaml_that_does_not_parse_stops_loading_with_its_line() {
        assertThat(failure("""
                type: sample
                version: 1
                phases:
                  - name: [scan
                """)).hasMessageStartingWith(FILE + ": not valid YAML: ").hasMessageContaining("(line ");
    }

    @Test
    void two_definitions_in_one_file_stop_loading() {
        assertThat(failure(definitionWithPhases("- name: scan") + "---\n" + definitionWithPhases("- name: scan")))
                .hasMessage(FILE + ": the file holds more than one YAML document; put each definition in a file of its own");
    }

    @Test
    void an_empty_file_stops_loading() {
        assertThat(failure("# nothing yet\n")).hasMessage(FILE + ": the file holds no definition");
    }

    @Test
    void a_document_that_is_a_list_stops_loading() {
        assertThat(failure("- type: sample\n")).hasMessage(FILE + ": the document must be a mapping of fields, not a list");
    }

    @Test
    void the_exception_tells_which_file_is_broken() {
        assertThat(failure("version: 1\n").source()).isEqualTo(FILE);
    }

    private FlowTypeDefinition read(String yaml) {
        return loader.read(FILE, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private InvalidFlowTypeDefinition failure(String yaml) {
        InvalidFlowTypeDefinition failure = catchThrowableOfType(InvalidFlowTypeDefinition.class, () -> read(yaml));
        assertThat(failure).as("reading should have failed").isNotNull();
        return failure;
    }

    /** A validator that takes no params, as a plain name in a definition refers to. */
    private static final class NoParams implements PhaseValidator {

        @Override
        public String name() {
            return "no-params";
        }

        @Override
        public void checkParams(Map<String, Object> params) {
            if (!params.isEmpty()) {
                throw new IllegalArgumentException("takes no params");
            }
        }

        @Override
        public List<String> problems(Map<String, Object> data, Map<String, Object> params) {
            return List.of();
        }
    }

    private static String definitionWithPhases(String phases) {
        return "type: sample\nversion: 1\nphases:\n" + phases.indent(2);
    }
}
