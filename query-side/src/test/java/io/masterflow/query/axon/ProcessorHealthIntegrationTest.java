package io.masterflow.query.axon;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessorHealthIntegrationTest extends IntegrationTest {

    @Test
    void health_shows_the_platform_operator_each_query_processor_running_and_caught_up_without_any_tenant_data() {
        Tenant tenant = Tenant.fresh();
        FlowStory flow = story(tenant, Instant.parse("2025-06-02T10:00:00Z")).created("planning", "health check");
        awaitProjected(tenant, flow);
        awaitAudited(flow);

        eventually(() -> QueryProcessors.WITH_WEBHOOKS.stream().allMatch(processor -> processors().path(processor).path("lag").asLong(-1) == 0),
                "every query processor caught up");
        Api.Response health = management(Tokens.platformOperator()).get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        JsonNode component = health.body().path("components").path("queryProcessors");
        assertThat(component.path("status").asText()).isEqualTo("UP");
        for (String processor : QueryProcessors.WITH_WEBHOOKS) {
            JsonNode state = component.path("details").path(processor);
            assertThat(state.path("running").asBoolean()).as(processor).isTrue();
            assertThat(state.path("error").asBoolean()).as(processor).isFalse();
            assertThat(state.path("segments").size()).as(processor).isEqualTo(4);
            assertThat(state.path("head").asLong()).as(processor).isEqualTo(state.path("position").asLong()).isPositive();
            assertThat(state.path("deadLetters").isNumber()).as(processor).isTrue();
        }
        assertThat(health.text()).doesNotContain(tenant.account().toString(), flow.idText());
    }

    @Test
    void anyone_else_gets_the_status_alone_without_positions_counts_or_errors() {
        for (String token : new String[] {null, Tokens.viewer(Tenant.fresh()), Tokens.admin(Tenant.fresh())}) {
            for (Api port : List.of(api(token), management(token))) {
                Api.Response health = port.get("/actuator/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.body().properties()).as(health.text()).extracting(Map.Entry::getKey).containsOnly("status");
            }
        }
        // the API's port shows no details to anyone: they are on the management port only
        Api.Response operatorOnApiPort = api(Tokens.platformOperator()).get("/actuator/health");
        assertThat(operatorOnApiPort.body().properties()).extracting(Map.Entry::getKey).containsOnly("status");
    }

    @Test
    void metrics_show_lag_and_dead_letters_per_processor_to_the_platform_operator() {
        Tenant tenant = Tenant.fresh();
        FlowStory flow = story(tenant, Instant.parse("2025-06-02T11:00:00Z")).created("planning", "measured");
        awaitProjected(tenant, flow);
        awaitAudited(flow);
        Api admin = management(Tokens.platformOperator());
        for (String processor : QueryProcessors.WITH_WEBHOOKS) {
            String lag = "/actuator/metrics/masterflow.processor.lag?tag=processor:" + processor;
            eventually(() -> admin.get(lag).body().path("measurements").path(0).path("value").asDouble(-1) == 0,
                    processor + " has caught up by its lag gauge");
            Api.Response deadLetters = admin.get("/actuator/metrics/masterflow.processor.dead.letters?tag=processor:" + processor);
            assertThat(deadLetters.status()).isEqualTo(200);
            assertThat(deadLetters.body().path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(0);
        }
        // Axon's per-event monitors are off for the query processors (masterflow.processors.axon-message-metrics)
        assertThat(admin.get("/actuator/metrics").body().path("names").toString())
                .contains("\"masterflow.processor.lag\"", "\"masterflow.processor.dead.letters\"")
                .doesNotContain("\"eventProcessor.");
        assertThat(management(Tokens.viewer(Tenant.fresh())).get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(management(Tokens.admin(Tenant.fresh())).get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(management(null).get("/actuator/metrics/masterflow.processor.lag").status()).isEqualTo(401);
        Api.Response onApiPort = api(Tokens.platformOperator()).get("/actuator/metrics");
        assertThat(onApiPort.status()).as("no metrics on the API's port").isIn(403, 404);
        assertThat(onApiPort.text()).doesNotContain("masterflow.processor");
    }

    private JsonNode processors() {
        return management(Tokens.platformOperator()).get("/actuator/health").body().path("components").path("queryProcessors").path("details");
    }
}
