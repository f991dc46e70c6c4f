package io.masterflow.command.task;

import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.events.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhaseHandlersTest {

    private static final PhaseHandler IMPORT = handler("asset-import");

    private static PhaseHandler handler(String name) {
        return new PhaseHandler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public PhaseOutcome handle(PhaseWork work) {
                return PhaseOutcome.completed(work.input());
            }
        };
    }

    private static FlowTypeRegistry typeWithHandlers(String... handlers) {
        List<PhaseDefinition> phases = java.util.stream.IntStream.range(0, handlers.length)
                .mapToObj(i -> new PhaseDefinition(PhaseName.of("phase_" + i), true, Duration.ofMinutes(5), RetryPolicy.NONE, List.of(), handlers[i]))
                .toList();
        return new FlowTypeRegistry(List.of(new FlowTypeDefinition("inventory", 4, "test", phases)));
    }

    @Test
    void a_definition_naming_a_handler_no_bean_provides_stops_start_up_naming_type_version_and_field() {
        assertThatThrownBy(() -> new PhaseHandlers(List.of(IMPORT), typeWithHandlers("asset-import", "external", "asset-imprt")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("flow type 'inventory' version 4, field phases[2].handler: no phase handler is named 'asset-imprt'")
                .hasMessageContaining("known handlers: [asset-import]");
    }

    @Test
    void known_handlers_and_external_phases_pass() {
        PhaseHandlers handlers = new PhaseHandlers(List.of(IMPORT), typeWithHandlers("asset-import", "external"));

        assertThat(handlers.find("asset-import")).contains(IMPORT);
        assertThat(handlers.names()).containsExactly("asset-import");
    }

    @Test
    void two_handlers_cannot_share_a_name_and_none_may_be_called_external() {
        assertThatThrownBy(() -> new PhaseHandlers(List.of(IMPORT, handler("asset-import")), typeWithHandlers("external")))
                .hasMessageContaining("'asset-import' is taken");
        assertThatThrownBy(() -> new PhaseHandlers(List.of(handler("external")), typeWithHandlers("external")))
                .hasMessageContaining("'external' is taken");
    }
}
