package io.masterflow.command.validation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The validator registry, holding every {@link PhaseValidator} bean: adding a validator is adding a bean. */
@Configuration(proxyBeanMethods = false)
public class ValidationConfiguration {

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
