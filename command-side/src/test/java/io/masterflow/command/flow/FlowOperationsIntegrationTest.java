package io.masterflow.command.flow;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Rewinding a flow and changing its configuration over HTTP, as an operator does. */
class FlowOperationsIntegrationTest extends IntegrationTest {

    private static final String FLOW_TYPE = "observability";

    private void runPhase(String flow, String phase) {
        Api.Response started = api.post("/api/v1/flows/" + flow + "/execute", Map.of());
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.text("phase")).isEqualTo(phase);
        Api.Response completed = api.post("/api/v1/flows/" + flow + "/phases/" + phase + "/complete",
                Map.of("attempt", started.number("attempt")));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
    }

    @Test
    void a_completed_flow_rewound_to_a_phase_runs_it_again_under_its_next_attempt_number() {
        String flow = createFlow(FLOW_TYPE, false);
        for (String phase : List.of("monitoring_setup", "alerting_configuration", "dashboard_creation")) {
            runPhase(flow, phase);
        }
        assertThat(eventTypes(flow)).endsWith("FlowCompleted");

        Api.Response rewound = api.post("/api/v1/flows/" + flow + "/rewind", Map.of("toPhase", "alerting_configuration",
                "reason", "thresholds were wrong"));

        assertThat(rewound.status()).as(rewound.toString()).isEqualTo(200);
        assertThat(rewound.number("version")).isEqualTo(eventCount(flow) - 1);
        assertThat(eventTypes(flow)).endsWith("FlowCompleted", "FlowRewound");
        Api.Response again = api.post("/api/v1/flows/" + flow + "/execute", Map.of());
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.text("phase")).isEqualTo("alerting_configuration");
        assertThat(again.number("attempt")).isEqualTo(2);
    }

    @Test
    void the_worker_of_a_cancelled_attempt_is_refused_when_it_reports() {
        String flow = createFlow(FLOW_TYPE, false);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of());
        Api worker = api.as(Tokens.token(Tokens.ACCOUNT, List.of("*"), Roles.WORKER));
        JsonNode task = worker.post("/api/v1/tasks/claim", Map.of("flowTypes", List.of(FLOW_TYPE), "waitSeconds", 5)).body()
                .path("tasks").path(0);
        assertThat(task.path("flowId").asText()).isEqualTo(flow);

        assertThat(api.post("/api/v1/flows/" + flow + "/rewind", Map.of("toPhase", "monitoring_setup", "reason", "stuck")).status())
                .isEqualTo(200);
        Api.Response late = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete", Map.of());

        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(eventTypes(flow)).endsWith("PhaseStarted", "FlowRewound");
    }

    @Test
    void rewinding_is_refused_with_the_reason_for_a_phase_not_reached_an_unknown_one_and_a_deleted_flow() {
        String flow = createFlow(FLOW_TYPE, false);
        runPhase(flow, "monitoring_setup");

        Api.Response ahead = api.post("/api/v1/flows/" + flow + "/rewind", Map.of("toPhase", "dashboard_creation"));
        Api.Response unknown = api.post("/api/v1/flows/" + flow + "/rewind", Map.of("toPhase", "astrology"));
        Api.Response missing = api.post("/api/v1/flows/" + flow + "/rewind", Map.of());
        api.delete("/api/v1/flows/" + flow);
        Api.Response deleted = api.post("/api/v1/flows/" + flow + "/rewind", Map.of("toPhase", "monitoring_setup"));

        assertThat(ahead.status()).isEqualTo(409);
        assertThat(ahead.text("detail")).contains("has not reached it");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("field")).isEqualTo("toPhase");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("field")).isEqualTo("toPhase");
        assertThat(deleted.status()).isEqualTo(410);
    }

    @Test
    void a_merge_patch_changes_the_configuration_and_is_recorded() {
        String flow = createFlow(FLOW_TYPE, false);
        Map<String, Object> patch = new HashMap<>();
        patch.put("source", null);
        patch.put("retention_days", 30);

        Api.Response changed = api.send("PATCH", "/api/v1/flows/" + flow + "/configuration?expectedVersion=0", patch);

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.number("version")).isEqualTo(1);
        String stored = jdbc.queryForObject("select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier = ? "
                + "and sequencenumber = 1", String.class, flow);
        assertThat(stored).contains("\"configuration\":{\"retention_days\":30}");
        Api.Response stale = api.send("PATCH", "/api/v1/flows/" + flow + "/configuration?expectedVersion=0", Map.of("x", 1));
        assertThat(stale.status()).isEqualTo(409);
    }

    @Test
    void another_tenant_and_a_viewer_cannot_rewind_or_change_a_flow() {
        String flow = createFlow(FLOW_TYPE, false);
        runPhase(flow, "monitoring_setup");
        Api stranger = api.as(Tokens.token(Tokens.OTHER_ACCOUNT, List.of("*"), Roles.FLOW_OPERATOR));
        Api viewer = api.as(Tokens.token(Tokens.ACCOUNT, List.of("*"), Roles.FLOW_VIEWER));

        assertThat(stranger.post("/api/v1/flows/" + flow + "/rewind", Map.of("toPhase", "monitoring_setup")).status()).isEqualTo(404);
        assertThat(stranger.send("PATCH", "/api/v1/flows/" + flow + "/configuration", Map.of("x", 1)).status()).isEqualTo(404);
        assertThat(viewer.post("/api/v1/flows/" + flow + "/rewind", Map.of("toPhase", "monitoring_setup")).status()).isEqualTo(403);
        assertThat(viewer.send("PATCH", "/api/v1/flows/" + flow + "/configuration", Map.of("x", 1)).status()).isEqualTo(403);
        assertThat(api.send("PATCH", "/api/v1/flows/" + UUID.randomUUID() + "/configuration", Map.of("x", 1)).status()).isEqualTo(404);
    }
}
