package io.masterflow.legacy.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.testsupport.Api;
import io.masterflow.legacy.support.LegacyApplicationTest;
import io.masterflow.legacy.support.Tenant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A legacy client of the flow orchestration service, and of the consolidation plan's own create and status calls. */
class MasterFlowLegacyApiTest extends LegacyApplicationTest {

    private final Tenant tenant = Tenant.fresh();

    @Test
    void starting_a_flow_creates_it_and_starts_its_first_phase_and_the_master_flow_shows_its_transitions() {
        Api client = as(tenant.client()).withHeader("X-Engagement-Id", tenant.engagement().toString());

        Api.Response started = client.post("/api/v1/orchestration/flows/start", Map.of("flow_type", "Planning",
                "flow_name", "Q3 waves", "configuration", Map.of("wave_size", 20)));

        assertThat(started.status()).as(started.text()).isEqualTo(200);
        JsonNode flow = started.body();
        String flowId = flow.path("flow_id").asText();
        assertThat(flow.path("id").asText()).isEqualTo(flowId);
        assertThat(flow.path("flow_type").asText()).isEqualTo("planning");
        assertThat(flow.path("flow_name").asText()).isEqualTo("Q3 waves");
        assertThat(flow.path("flow_status").asText()).isEqualTo("running");
        assertThat(flow.path("flow_configuration").path("wave_size").asInt()).isEqualTo(20);
        assertThat(flow.path("current_phase").asText()).isEqualTo("wave_planning");
        assertThat(flow.path("is_deleted").asBoolean()).isFalse();
        assertThat(flow.path("phase_transitions")).hasSize(1);
        assertThat(flow.path("phase_transitions").path(0).path("phase").asText()).isEqualTo("wave_planning");
        assertThat(flow.path("phase_transitions").path(0).path("status").asText()).isEqualTo("started");
        assertThat(flow.path("phase_transitions").path(0).has("error")).isFalse();

        // a failed attempt shows in the transitions with its error, through the current API's report
        client.post("/api/v1/flows/" + flowId + "/phases/wave_planning/fail",
                Map.of("attempt", 1, "error", "solver timed out", "retryable", false));
        for (String path : List.of("/api/v1/orchestration/flows/" + flowId, "/api/v1/flows/" + flowId + "/status")) {
            JsonNode read = client.get(path).body();
            assertThat(read.path("flow_status").asText()).as(path).isEqualTo("failed");
            assertThat(read.path("phase_transitions")).as(path)
                    .extracting(transition -> transition.path("status").asText() + ":" + transition.path("error").asText(""))
                    .containsExactly("started:", "failed:solver timed out");
        }
    }

    @Test
    void the_plans_create_call_creates_without_starting() {
        Api.Response created = as(tenant.client()).post("/api/v1/flows/create", Map.of("flow_type", "finops",
                "flow_name", "Budget 2027", "engagement_id", tenant.engagement().toString()));

        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body().path("flow_status").asText()).isEqualTo("initialized");
        assertThat(created.body().path("progress_percentage").asDouble()).isZero();
        assertThat(created.body().path("phase_transitions")).isEmpty();
        assertThat(created.header("Link")).isEqualTo("</api/v1/flows>; rel=\"successor-version\"");
    }

    @Test
    void a_start_without_auto_start_only_creates() {
        Api.Response created = as(tenant.client()).post("/api/v1/orchestration/flows/start", Map.of("flow_type", "planning",
                "flow_name", "later", "engagement_id", tenant.engagement().toString(), "auto_start", false));

        assertThat(created.body().path("flow_status").asText()).isEqualTo("initialized");
    }

    @Test
    void an_unknown_flow_type_is_a_bad_request() {
        Api.Response refused = as(tenant.client()).post("/api/v1/orchestration/flows/start", Map.of("flow_type", "astrology",
                "flow_name", "stars", "engagement_id", tenant.engagement().toString()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field("detail")).contains("astrology");
    }
}
