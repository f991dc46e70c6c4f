package io.masterflow.command.flowtype;

import io.masterflow.command.validation.RequiredKeysValidator;
import io.masterflow.command.validation.ValidationConfiguration;
import io.masterflow.command.validation.ValidatorRegistry;
import io.masterflow.command.validation.ValueTypesValidator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTypeConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(
            FlowTypeConfiguration.class, ValidationConfiguration.class, RequiredKeysValidator.class, ValueTypesValidator.class);

    @Test
    void without_an_external_folder_the_registry_holds_the_built_in_types() {
        context.run(started -> {
            assertThat(started).hasSingleBean(FlowTypeRegistry.class).hasSingleBean(ValidatorRegistry.class);
            assertThat(started.getBean(FlowTypeRegistry.class).latestOfEachType()).hasSize(8);
            assertThat(started.getBean(ValidatorRegistry.class).find("required-keys")).isPresent();
        });
    }

    @Test
    void the_external_folder_property_adds_its_definitions() throws URISyntaxException {
        Path folder = Path.of(getClass().getResource("/flow-types-test/external").toURI());

        context.withPropertyValues("masterflow.flow-types.external-dir=" + folder).run(started ->
                assertThat(started.getBean(FlowTypeRegistry.class).latest("discovery")).get()
                        .extracting(FlowTypeDefinition::version).isEqualTo(3));
    }

    @Test
    void a_broken_definition_stops_start_up_naming_the_file_and_field() throws URISyntaxException {
        Path folder = Path.of(getClass().getResource("/flow-types-test/broken-external").toURI());

        context.withPropertyValues("masterflow.flow-types.external-dir=" + folder).run(started ->
                assertThat(started).getFailure().rootCause()
                        .isInstanceOf(InvalidFlowTypeDefinition.class)
                        .hasMessage(folder.resolve("finance.yml") + ": phases[2].retry.maxAttempts must be 1 or more: 0"));
    }
}
