package io.masterflow.validation;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredKeysValidatorTest {

    private final RequiredKeysValidator validator = new RequiredKeysValidator();
    private final Map<String, Object> sourceAndRegion = Map.of("keys", List.of("source", "region"));

    @Test
    void it_is_referred_to_as_required_keys() {
        assertThat(validator.name()).isEqualTo("required-keys");
    }

    @Test
    void data_holding_every_key_passes() {
        assertThat(validator.problems(Map.of("source", "cmdb", "region", "eu", "extra", 1), sourceAndRegion)).isEmpty();
    }

    @Test
    void each_missing_key_is_a_problem_of_its_own() {
        assertThat(validator.problems(Map.of("other", 1), sourceAndRegion))
                .containsExactly("required key 'source' is missing", "required key 'region' is missing");
    }

    @Test
    void a_key_present_with_null_is_a_problem() {
        Map<String, Object> data = new HashMap<>();
        data.put("source", null);
        data.put("region", "eu");

        assertThat(validator.problems(data, sourceAndRegion)).containsExactly("required key 'source' is null");
    }

    @Test
    void a_value_that_is_false_or_empty_counts_as_present() {
        assertThat(validator.problems(Map.of("source", "", "region", false), sourceAndRegion)).isEmpty();
    }

    @Test
    void no_data_at_all_misses_every_key() {
        assertThat(validator.problems(null, sourceAndRegion)).hasSize(2);
    }

    @Test
    void a_non_empty_list_of_key_names_is_accepted_as_params() {
        assertThatCode(() -> validator.checkParams(sourceAndRegion)).doesNotThrowAnyException();
    }

    @Test
    void params_without_keys_are_refused() {
        assertThatThrownBy(() -> validator.checkParams(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("param 'keys' must be a non-empty list of key names, not: null");
    }

    @Test
    void an_empty_key_list_is_refused() {
        assertThatThrownBy(() -> validator.checkParams(Map.of("keys", List.of())))
                .hasMessage("param 'keys' must be a non-empty list of key names, not: []");
    }

    @Test
    void a_single_key_not_in_a_list_is_refused() {
        assertThatThrownBy(() -> validator.checkParams(Map.of("keys", "source")))
                .hasMessage("param 'keys' must be a non-empty list of key names, not: source");
    }

    @Test
    void a_key_name_that_is_not_text_or_is_blank_is_refused() {
        assertThatThrownBy(() -> validator.checkParams(Map.of("keys", List.of("source", 3))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> validator.checkParams(Map.of("keys", List.of(" "))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_unknown_param_is_refused_naming_it() {
        assertThatThrownBy(() -> validator.checkParams(Map.of("keys", List.of("source"), "optional", List.of("x"))))
                .hasMessage("unknown param 'optional'; known: keys");
    }
}
