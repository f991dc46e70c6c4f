package io.masterflow.command.flow;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.command.support.Nodes;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Flows live in the event store, not in the process: a restarted application picks them up where they were. */
class RestartIntegrationTest {

    @Test
    void a_flow_goes_on_after_the_application_is_stopped_and_started_again_on_the_same_database() {
        String flow;
        try (ConfigurableApplicationContext first = start()) {
            Api api = Nodes.api(first);
            flow = api.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "survives restarts")).text("flowId");
            assertThat(api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x"))).status()).isEqualTo(202);
        }

        try (ConfigurableApplicationContext second = start()) {
            Api api = Nodes.api(second);
            Api.Response completed = api.post("/api/v1/flows/" + flow + "/phases/data_import/complete",
                    Map.of("attempt", 1, "output", Map.of("source", "x")));
            Api.Response next = api.post("/api/v1/flows/" + flow + "/execute", Map.of());

            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
            assertThat(completed.number("version")).isEqualTo(2);
            assertThat(next.text("phase")).isEqualTo("attribute_mapping");
        }
    }

    private static ConfigurableApplicationContext start() {
        return Nodes.start(TestPostgres.url());
    }
}
