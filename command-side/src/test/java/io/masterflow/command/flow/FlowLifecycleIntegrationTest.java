package io.masterflow.command.flow;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.events.EventSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole flows driven through the command API and checked in the event store. */
class FlowLifecycleIntegrationTest extends IntegrationTest {

    private static final List<String> DISCOVERY_PHASES = List.of("data_import", "attribute_mapping", "data_cleansing",
            "inventory", "dependency_analysis", "tech_debt_analysis");
    private static final Map<String, Object> SOURCE = Map.of("source", "cmdb-export.csv");

    @Test
    void a_discovery_flow_runs_all_six_phases_to_completion() {
        String flow = createFlow("discovery", false);

        for (String phase : DISCOVERY_PHASES) {
            Api.Response started = api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", SOURCE));
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            assertThat(started.text("phase")).isEqualTo(phase);
            assertThat(started.number("attempt")).isEqualTo(1);

            Api.Response completed = api.post("/api/v1/flows/" + flow + "/phases/" + phase + "/complete",
                    Map.of("attempt", 1, "output", SOURCE));
            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        }

        assertThat(eventTypes(flow)).startsWith("FlowCreated", "PhaseStarted", "PhaseCompleted").endsWith("FlowCompleted")
                .hasSize(1 + 2 * DISCOVERY_PHASES.size() + 1);
        Api.Response afterCompletion = api.post("/api/v1/flows/" + flow + "/execute", Map.of());
        assertThat(afterCompletion.status()).isEqualTo(409);
    }

    @Test
    void every_event_carries_tenant_engagement_sealed_user_and_correlation_in_its_metadata() throws Exception {
        String flow = createFlow("discovery", false);
        api.withHeader("X-Correlation-Id", "request-42").post("/api/v1/flows/" + flow + "/execute", Map.of("input", SOURCE));

        byte[] metaData = jdbc.queryForObject("select metadata from domainevententry where aggregateidentifier = ? and sequencenumber = 1",
                byte[].class, flow);
        Map<String, Object> stamped = EventSerialization.objectMapper().readValue(metaData,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });

        assertThat(stamped).containsEntry("clientAccountId", "a1000000-0000-0000-0000-000000000000")
                .containsEntry("engagementId", "e1000000-0000-0000-0000-000000000000")
                .containsEntry("correlationId", "request-42")
                .containsKey("causationId");
        // the user is personal data: stored sealed with the user's key, and read back opened (docs/retention.md)
        assertThat(stamped.get("userId")).asString().startsWith("enc:v1:");
        assertThat(new String(metaData, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("user-flow-operator-flow-viewer");
        assertThat(userOf(flow, 1)).isEqualTo("user-flow-operator-flow-viewer");
    }

    @Test
    void a_phase_in_flight_when_the_flow_is_paused_still_reports_and_the_flow_goes_on_after_resume() {
        String flow = createFlow("discovery", false);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", SOURCE));

        assertThat(api.post("/api/v1/flows/" + flow + "/pause", Map.of("reason", "client asked")).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/flows/" + flow + "/phases/data_import/complete", Map.of("attempt", 1, "output", SOURCE)).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/flows/" + flow + "/resume", null).status()).isEqualTo(200);
        Api.Response next = api.post("/api/v1/flows/" + flow + "/execute", Map.of());

        assertThat(next.status()).isEqualTo(202);
        assertThat(next.text("phase")).isEqualTo("attribute_mapping");
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "FlowPaused", "PhaseCompleted",
                "FlowResumed", "PhaseStarted");
    }

    @Test
    void a_deleted_flow_keeps_its_history_and_answers_gone() {
        String flow = createFlow("assessment", false);

        Api.Response deleted = api.delete("/api/v1/flows/" + flow + "?reason=duplicate");
        Api.Response afterwards = api.post("/api/v1/flows/" + flow + "/execute", Map.of());

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(afterwards.status()).isEqualTo(410);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "FlowDeleted");
    }

    @Test
    void an_auto_advancing_flow_starts_each_next_phase_by_itself() {
        String flow = createFlow("planning", true);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of());

        for (String phase : List.of("wave_planning", "timeline_optimization", "resource_allocation")) {
            Api.Response completed = api.post("/api/v1/flows/" + flow + "/phases/" + phase + "/complete",
                    Map.of("attempt", 1, "output", Map.of("done", phase)));
            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        }

        assertThat(eventTypes(flow)).containsExactly("FlowCreated",
                "PhaseStarted", "PhaseCompleted", "PhaseStarted", "PhaseCompleted", "PhaseStarted", "PhaseCompleted",
                "FlowCompleted");
    }

    @Test
    void the_answer_carries_the_version_the_flow_reached() {
        String flow = createFlow("finops", false);

        Api.Response started = api.post("/api/v1/flows/" + flow + "/execute", Map.of("expectedVersion", 0));
        Api.Response paused = api.post("/api/v1/flows/" + flow + "/pause", Map.of("expectedVersion", started.number("version")));

        assertThat(started.number("version")).isEqualTo(1);
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.number("version")).isEqualTo(2);
    }
}
