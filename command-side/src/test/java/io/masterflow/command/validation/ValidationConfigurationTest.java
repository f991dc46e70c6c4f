package io.masterflow.command.validation;

import io.masterflow.events.ValidatorRef;
import io.masterflow.validation.RequiredKeysValidator;
import io.masterflow.validation.ValidatorRegistry;
import io.masterflow.validation.ValueTypesValidator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationConfigurationTest {

    private final ValidationConfiguration configuration = new ValidationConfiguration();

    @Test
    void the_registry_runs_the_built_in_validators_by_name() {
        ValidatorRegistry registry = configuration.validatorRegistry(List.of(new RequiredKeysValidator(), new ValueTypesValidator()));

        assertThat(registry.problems(List.of(
                new ValidatorRef("required-keys", Map.of("keys", List.of("source"))),
                new ValidatorRef("value-types", Map.of("rows", "integer"))), Map.of("rows", "many")))
                .containsExactly("required key 'source' is missing", "key 'rows' must be integer, not string");
    }

    @Test
    void two_validators_with_one_name_are_refused_naming_both_classes() {
        assertThatThrownBy(() -> configuration.validatorRegistry(List.of(new ValueTypesValidator(), new ValueTypesValidator())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two validators are named 'value-types': " + ValueTypesValidator.class.getName()
                        + " and " + ValueTypesValidator.class.getName());
    }
}
