package io.masterflow.command.flowtype;

import io.masterflow.command.validation.ValidationConfiguration;
import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.flowtype.InvalidFlowTypeDefinition;
import io.masterflow.validation.ValidatorRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring wiring of the registry; what the loader itself accepts is tested in the flow-types module. */
class FlowTypeConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(
            FlowTypeConfiguration.class, ValidationConfiguration.class);

    @Test
    void without_an_external_folder_the_registry_holds_the_built_in_types() {
        context.run(started -> {
            assertThat(started).hasSingleBean(FlowTypeRegistry.class).hasSingleBean(ValidatorRegistry.class);
            assertThat(started.getBean(FlowTypeRegistry.class).latestOfEachType()).hasSize(8);
            assertThat(started.getBean(ValidatorRegistry.class).find("required-keys")).isPresent();
            assertThat(started.getBean(ValidatorRegistry.class).find("value-types")).isPresent();
        });
    }

    @Test
    void the_external_folder_property_adds_its_definitions(@TempDir Path folder) throws IOException {
        // the built-ins hold discovery versions 1 and 2: the folder adds a third
        Files.writeString(folder.resolve("discovery-v3.yml"), """
                type: discovery
                version: 3
                phases:
                  - name: data_import
                    validators:
                      - required-keys: { keys: [source] }
                """);

        context.withPropertyValues("masterflow.flow-types.external-dir=" + folder).run(started ->
                assertThat(started.getBean(FlowTypeRegistry.class).latest("discovery")).get()
                        .extracting(FlowTypeDefinition::version).isEqualTo(3));
    }

    @Test
    void a_broken_definition_stops_start_up_naming_the_file_and_field(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("finance.yml"), """
                type: finance
                version: 1
                phases:
                  - name: ledger_import
                    retry: { maxAttempts: 0 }
                """);

        context.withPropertyValues("masterflow.flow-types.external-dir=" + folder).run(started ->
                assertThat(started).getFailure().rootCause()
                        .isInstanceOf(InvalidFlowTypeDefinition.class)
                        .hasMessage(folder.resolve("finance.yml") + ": phases[0].retry.maxAttempts must be 1 or more: 0"));
    }
}
