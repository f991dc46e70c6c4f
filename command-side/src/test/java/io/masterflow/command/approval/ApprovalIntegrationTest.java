package io.masterflow.command.approval;

import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseStarted;
import io.masterflow.events.personal.SubjectKeys;
import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Execution version 2 holds pre_migration_validation until a flow-operator signs it off. */
class ApprovalIntegrationTest extends IntegrationTest {

    @Autowired
    SubjectKeys subjectKeys;

    private String waitingForSignOff() {
        String flow = createFlow("execution", true);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of());
        await().atMost(PATIENCE).until(() -> "AWAITING".equals(jdbc.queryForObject(
                "select status from phase_task where flow_id = ? and phase = 'pre_migration_validation'", String.class, flow)));
        return flow;
    }

    @Test
    void approving_completes_the_phase_and_the_flow_moves_on() {
        String flow = waitingForSignOff();

        Api.Response approved = api.post("/api/v1/flows/" + flow + "/phases/pre_migration_validation/approve", Map.of("comment", "checked the runbook"));

        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "PhaseCompleted", "PhaseStarted");
        assertThat(((PhaseCompleted) opened(flow, 2)).output()).containsEntry("approvedBy", "user-flow-operator-flow-viewer");
        assertThat(event(flow, 2).path("output").path("comment").asText()).isEqualTo("checked the runbook");
        assertThat(event(flow, 3).path("phase").asText()).isEqualTo("migration_execution");
    }

    @Test
    void who_approved_is_stored_sealed_with_that_users_key_and_erased_with_the_user() {
        String flow = waitingForSignOff();
        String approver = "approver-" + UUID.randomUUID();
        Api approving = api.as(Tokens.tokenOf(approver, Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR));

        assertThat(approving.post("/api/v1/flows/" + flow + "/phases/pre_migration_validation/approve",
                Map.of("comment", "signed")).status()).isEqualTo(200);

        assertThat(event(flow, 2).toString()).as("the stored output").doesNotContain(approver).contains("signed");
        assertThat(event(flow, 3).toString()).as("the output handed over as the next input").doesNotContain(approver);
        assertThat(((PhaseStarted) opened(flow, 3)).input()).containsEntry("approvedBy", approver);

        // the user's erasure: every key of that user goes (POST /api/v1/admin/erasure, query side)
        assertThat(jdbc.update("delete from personal_data_key where user_id = ?", approver)).isPositive();
        subjectKeys.forgetCached();

        assertThat(((PhaseCompleted) opened(flow, 2)).output()).containsEntry("approvedBy", "[erased]").containsEntry("comment", "signed");
        assertThat(((PhaseStarted) opened(flow, 3)).input()).containsEntry("approvedBy", "[erased]");
    }

    @Test
    void rejecting_fails_the_phase_without_retry() {
        String flow = waitingForSignOff();

        Api.Response rejected = api.post("/api/v1/flows/" + flow + "/phases/pre_migration_validation/reject", Map.of("comment", "no rollback plan"));

        assertThat(rejected.status()).isEqualTo(200);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "PhaseFailed", "FlowFailed");
        assertThat(event(flow, 2).path("error").asText()).as("who rejected is the event's user, not in its text")
                .isEqualTo("rejected at sign-off: no rollback plan");
        assertThat(userOf(flow, 2)).isEqualTo("user-flow-operator-flow-viewer");
        assertThat(api.post("/api/v1/flows/" + flow + "/phases/pre_migration_validation/approve", null).status()).isEqualTo(409);
    }

    @Test
    void a_phase_without_the_approval_handler_takes_no_approvals() {
        String flow = createFlow("planning", false);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of());

        Api.Response response = api.post("/api/v1/flows/" + flow + "/phases/wave_planning/approve", null);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text("detail")).contains("does not take approvals");
    }

    @Test
    void only_flow_operators_of_the_flow_may_decide() {
        String flow = waitingForSignOff();
        Api viewer = api.as(Tokens.token(Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_VIEWER));
        Api stranger = api.as(Tokens.token(UUID.randomUUID(), List.of("*"), Roles.FLOW_OPERATOR));

        assertThat(viewer.post("/api/v1/flows/" + flow + "/phases/pre_migration_validation/approve", null).status()).isEqualTo(403);
        assertThat(stranger.post("/api/v1/flows/" + flow + "/phases/pre_migration_validation/approve", null).status()).isEqualTo(404);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted");
    }
}
