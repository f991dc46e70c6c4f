package io.masterflow.command.flowtype;

import io.masterflow.flowtype.FlowTypeLoader;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.flowtype.InvalidFlowTypeDefinition;
import io.masterflow.validation.PhaseValidator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The flow-type registry, loaded once at start-up from the built-in definitions and the folder named by
 * {@code masterflow.flow-types.external-dir} (see {@link FlowTypeProperties}). A broken definition fails the creation
 * of this bean, and so start-up, with an {@link InvalidFlowTypeDefinition} naming the file and field.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FlowTypeProperties.class)
public class FlowTypeConfiguration {

    @Bean
    public FlowTypeRegistry flowTypeRegistry(List<PhaseValidator> validators, FlowTypeProperties properties) {
        return new FlowTypeLoader(validators).load(properties.externalFolder().orElse(null));
    }
}
