package io.masterflow.validation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypesValidatorTest {

    private final ValueTypesValidator validator = new ValueTypesValidator();
    private final Map<String, Object> everyType = Map.of("name", "string", "ratio", "number", "rows", "integer",
            "active", "boolean", "owner", "object", "tags", "array");

    @Test
    void it_is_referred_to_as_value_types() {
        assertThat(validator.name()).isEqualTo("value-types");
    }

    @Test
    void values_of_the_expected_json_types_pass() {
        Map<String, Object> data = Map.of("name", "cmdb", "ratio", 0.5, "rows", 42, "active", true,
                "owner", Map.of("id", "u1"), "tags", List.of("a"));

        assertThat(validator.problems(data, everyType)).isEmpty();
    }

    @Test
    void a_value_of_the_wrong_type_is_a_problem_naming_the_key_and_both_types() {
        assertThat(validator.problems(Map.of("rows", "42"), Map.of("rows", "integer")))
                .containsExactly("key 'rows' must be integer, not string");
    }

    @Test
    void each_wrong_value_is_a_problem_of_its_own_in_key_order() {
        Map<String, Object> data = Map.of("name", 1, "ratio", "high", "active", "yes", "owner", List.of(), "tags", Map.of());

        assertThat(validator.problems(data, everyType)).containsExactly(
                "key 'active' must be boolean, not string",
                "key 'name' must be string, not integer",
                "key 'owner' must be object, not array",
                "key 'ratio' must be number, not string",
                "key 'tags' must be array, not object");
    }

    @Test
    void an_absent_key_passes() {
        assertThat(validator.problems(Map.of(), everyType)).isEmpty();
        assertThat(validator.problems(null, everyType)).isEmpty();
    }

    @Test
    void a_key_present_with_null_is_a_problem() {
        Map<String, Object> data = new HashMap<>();
        data.put("rows", null);

        assertThat(validator.problems(data, Map.of("rows", "integer"))).containsExactly("key 'rows' must be integer, not null");
    }

    @Test
    void an_integer_is_also_a_number() {
        assertThat(validator.problems(Map.of("ratio", 3, "big", BigInteger.TEN), Map.of("ratio", "number", "big", "number"))).isEmpty();
    }

    @Test
    void a_whole_decimal_counts_as_an_integer_but_a_fraction_does_not() {
        Map<String, Object> params = Map.of("rows", "integer");

        assertThat(validator.problems(Map.of("rows", 3.0), params)).isEmpty();
        assertThat(validator.problems(Map.of("rows", new BigDecimal("300E-2")), params)).isEmpty();
        assertThat(validator.problems(Map.of("rows", 2.5), params)).containsExactly("key 'rows' must be integer, not number");
        assertThat(validator.problems(Map.of("rows", Long.MAX_VALUE), params)).isEmpty();
    }

    @Test
    void every_json_type_name_is_accepted_as_params() {
        assertThatCode(() -> validator.checkParams(everyType)).doesNotThrowAnyException();
    }

    @Test
    void an_unknown_type_name_is_refused_naming_the_key_and_the_known_types() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("rows", "int");

        assertThatThrownBy(() -> validator.checkParams(params))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("param 'rows' must be one of string, number, integer, boolean, object, array, not: int");
    }

    @Test
    void a_type_that_is_not_text_is_refused() {
        assertThatThrownBy(() -> validator.checkParams(Map.of("rows", List.of("integer"))))
                .hasMessage("param 'rows' must be one of string, number, integer, boolean, object, array, not: [integer]");
    }

    @Test
    void params_naming_no_key_are_refused() {
        assertThatThrownBy(() -> validator.checkParams(Map.of()))
                .hasMessage("params must map at least one key to a type, one of string, number, integer, boolean, object, array");
    }
}
