package io.masterflow.command.validation;

import io.masterflow.validation.PhaseValidator;
import io.masterflow.validation.RequiredKeysValidator;
import io.masterflow.validation.ValidatorRegistry;
import io.masterflow.validation.ValueTypesValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validator registry, holding every {@link PhaseValidator} bean: adding a validator is adding a bean. The
 * built-in validators live in the flow-types module (the migration tool reads definitions with them too), outside
 * the scanned packages, so they are declared here.
 */
@Configuration(proxyBeanMethods = false)
public class ValidationConfiguration {

    @Bean
    public RequiredKeysValidator requiredKeysValidator() {
        return new RequiredKeysValidator();
    }

    @Bean
    public ValueTypesValidator valueTypesValidator() {
        return new ValueTypesValidator();
    }

    @Bean
    public ValidatorRegistry validatorRegistry(List<PhaseValidator> validators) {
        rejectSharedNames(validators);
        return new ValidatorRegistry(validators);
    }

    // flow-type definitions refer to validators by name only, so two with one name would make a reference ambiguous
    private static void rejectSharedNames(List<PhaseValidator> validators) {
        Map<String, PhaseValidator> byName = new HashMap<>();
        for (PhaseValidator validator : validators) {
            PhaseValidator other = byName.putIfAbsent(validator.name(), validator);
            if (other != null) {
                throw new IllegalStateException("two validators are named '" + validator.name() + "': "
                        + other.getClass().getName() + " and " + validator.getClass().getName());
            }
        }
    }
}
