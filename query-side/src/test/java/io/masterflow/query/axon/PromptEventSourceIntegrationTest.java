package io.masterflow.query.axon;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.Nodes;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor that has caught up is called back when events arrive, not at its next look: with the idle look an
 * hour apart and Axon's own look-again (the token claim interval) a minute apart, each event appended in this
 * process reaches the read model within the 2 s a reader waits (calling back at the interval only, each took 4-5 s).
 */
class PromptEventSourceIntegrationTest {

    private final Tenant tenant = Tenant.fresh();
    private final String database = TestPostgres.eventStoreDatabase("prompt_" + tenant.account().toString().substring(0, 8));

    @Test
    void events_appended_in_this_process_wake_a_processor_that_has_caught_up() {
        try (ConfigurableApplicationContext node = Nodes.start(database, TestPostgres.user(), TestPostgres.password(),
                "--masterflow.processors.idle-poll-interval=1h",
                "--axon.eventhandling.processors.projections.token-claim-interval=60000")) {
            Api viewer = new Api(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class), Tokens.viewer(tenant));
            FlowStory flow = new FlowStory(node.getBean(EventStore.class), tenant, Instant.parse("2025-11-03T09:00:00Z"))
                    .created("planning", "woken by its own append");
            PhaseName phase = FlowStory.PLANNING_PHASES.get(0).name();
            for (int event = 0; event < 3; event++) {
                if (event == 1) {
                    flow.then(new PhaseStarted(flow.id(), phase, 1, Map.of()));
                } else if (event == 2) {
                    flow.then(new PhaseCompleted(flow.id(), phase, 1, Map.of(), Duration.ofSeconds(1)));
                }
                Api.Response answer = viewer.get("/api/v1/flows/" + flow.id() + "?minVersion=" + flow.version() + "&waitMs=2000");
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                assertThat(answer.header("X-Read-Model-Stale")).as("version %d in the read model within 2 s", flow.version()).isNull();
            }
        }
    }
}
