package io.masterflow.query.flow;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real events in the event store, read back through the API once the flow-status projection has applied them. */
class FlowStatusProjectionIntegrationTest extends IntegrationTest {

    private static final PhaseName WAVES = PhaseName.of("wave_planning");
    private static final PhaseName TIMELINE = PhaseName.of("timeline_optimization");
    private static final PhaseName RESOURCES = PhaseName.of("resource_allocation");

    private final Tenant tenant = Tenant.fresh();

    @Test
    void a_flow_with_a_retry_a_pause_a_skip_and_its_completion_shows_every_phase_as_it_ended() {
        Instant start = Instant.parse("2025-03-01T09:00:00Z");
        FlowStory flow = story(tenant, start).created("planning", "Q3 waves")
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .after(Duration.ofMinutes(2))
                .then(new PhaseCompleted(null, WAVES, 1, Map.of("waves", 4), Duration.ofMinutes(2)))
                .then(new PhaseStarted(null, TIMELINE, 1, Map.of()));
        Instant firstTimelineStart = flow.now().minusSeconds(1);
        Instant retryAt = flow.now().plusSeconds(30);
        flow.then(new PhaseFailed(null, TIMELINE, 1, "solver timed out", true, retryAt));

        awaitProjected(tenant, flow);
        JsonNode retrying = detail(flow);
        assertThat(retrying.path("status").asText()).isEqualTo("RUNNING");
        assertThat(retrying.path("currentPhase").asText()).isEqualTo("timeline_optimization");
        assertThat(phase(retrying, 1).path("state").asText()).isEqualTo("retry_wait");
        assertThat(phase(retrying, 1).path("lastError").asText()).isEqualTo("solver timed out");
        assertThat(Instant.parse(phase(retrying, 1).path("nextAttemptAt").asText())).isEqualTo(retryAt);

        flow.by("bob").then(new FlowPaused(null, "client review"));
        awaitProjected(tenant, flow);
        assertThat(detail(flow).path("status").asText()).isEqualTo("PAUSED");
        assertThat(detail(flow).path("lastUser").asText()).isEqualTo("bob");

        flow.by("alice").then(new FlowResumed(null, null))
                .then(new PhaseStarted(null, TIMELINE, 2, Map.of()));
        Instant secondTimelineStart = flow.now().minusSeconds(1);
        flow.after(Duration.ofSeconds(40))
                .then(new PhaseCompleted(null, TIMELINE, 2, Map.of(), Duration.ofSeconds(41)))
                .then(new PhaseSkipped(null, RESOURCES, "not needed this quarter"));
        Instant skippedAt = flow.now().minusSeconds(1);
        flow.then(new FlowCompleted(null));

        awaitProjected(tenant, flow);
        JsonNode completed = detail(flow);
        assertThat(completed.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(completed.path("currentPhase").isNull()).isTrue();
        assertThat(completed.path("version").asLong()).isEqualTo(10);
        assertThat(completed.path("flowType").asText()).isEqualTo("planning");
        assertThat(completed.path("flowTypeVersion").asInt()).isEqualTo(1);
        assertThat(completed.path("clientAccountId").asText()).isEqualTo(tenant.account().toString());
        assertThat(completed.path("engagementId").asText()).isEqualTo(tenant.engagement().toString());
        assertThat(Instant.parse(completed.path("createdAt").asText())).isEqualTo(start);
        assertThat(completed.path("createdBy").asText()).isEqualTo("alice");

        JsonNode waves = phase(completed, 0);
        assertThat(waves.path("state").asText()).isEqualTo("completed");
        assertThat(waves.path("attempts").asInt()).isEqualTo(1);
        assertThat(waves.path("durationMs").asLong()).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(waves.path("required").asBoolean()).isTrue();

        JsonNode timeline = phase(completed, 1);
        assertThat(timeline.path("state").asText()).isEqualTo("completed");
        assertThat(timeline.path("attempts").asInt()).isEqualTo(2);
        assertThat(Instant.parse(timeline.path("startedAt").asText())).isEqualTo(firstTimelineStart);
        assertThat(Instant.parse(timeline.path("lastAttemptStartedAt").asText())).isEqualTo(secondTimelineStart);
        assertThat(Instant.parse(timeline.path("finishedAt").asText())).isEqualTo(secondTimelineStart.plusSeconds(41));
        assertThat(timeline.path("durationMs").asLong()).isEqualTo(41_000);
        assertThat(timeline.path("lastError").asText()).as("kept after the successful retry").isEqualTo("solver timed out");
        assertThat(timeline.path("nextAttemptAt").isNull()).isTrue();

        JsonNode resources = phase(completed, 2);
        assertThat(resources.path("state").asText()).isEqualTo("skipped");
        assertThat(resources.path("required").asBoolean()).isFalse();
        assertThat(Instant.parse(resources.path("finishedAt").asText())).isEqualTo(skippedAt);

        flow.then(new FlowDeleted(null, "duplicate"));
        awaitProjected(tenant, flow);
        assertThat(detail(flow).path("status").asText()).isEqualTo("DELETED");
        assertThat(detail(flow).path("deleted").asBoolean()).isTrue();
        Api viewer = api(Tokens.viewer(tenant));
        assertThat(viewer.get("/api/v1/flows").body().path("items")).isEmpty();
        assertThat(viewer.get("/api/v1/flows?includeDeleted=true").body().path("items")).hasSize(1);
    }

    @Test
    void a_phase_out_of_attempts_fails_the_flow_and_a_manual_restart_runs_it_again() {
        FlowStory flow = story(tenant, Instant.parse("2025-03-02T09:00:00Z")).created("planning", "solver trouble")
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new PhaseFailed(null, WAVES, 1, "no capacity data", false, null))
                .then(new FlowFailed(null, WAVES, "no capacity data"));
        awaitProjected(tenant, flow);
        JsonNode failed = detail(flow);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(phase(failed, 0).path("state").asText()).isEqualTo("failed");
        assertThat(phase(failed, 0).path("finishedAt").isNull()).isFalse();

        flow.then(new PhaseStarted(null, WAVES, 2, Map.of()));
        awaitProjected(tenant, flow);
        JsonNode restarted = detail(flow);
        assertThat(restarted.path("status").asText()).isEqualTo("RUNNING");
        assertThat(phase(restarted, 0).path("state").asText()).isEqualTo("running");
        assertThat(phase(restarted, 0).path("attempts").asInt()).isEqualTo(2);
        assertThat(phase(restarted, 0).path("finishedAt").isNull()).isTrue();
    }

    @Test
    void a_flow_deleted_while_a_phase_runs_shows_that_attempt_cancelled_when_the_flow_was_deleted() {
        FlowStory flow = story(tenant, Instant.parse("2025-03-01T09:00:00Z")).created("planning", "abandoned")
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .after(Duration.ofMinutes(3));
        Instant deletedAt = flow.now();
        flow.then(new FlowDeleted(null, "client left"));

        awaitProjected(tenant, flow);
        JsonNode waves = phase(detail(flow), 0);
        assertThat(waves.path("state").asText()).isEqualTo("cancelled");
        assertThat(Instant.parse(waves.path("finishedAt").asText())).isEqualTo(deletedAt);
        assertThat(waves.path("durationMs").asLong()).isEqualTo(Duration.ofMinutes(3).plusSeconds(1).toMillis());
        assertThat(phase(detail(flow), 1).path("state").asText()).isEqualTo("pending");
    }

    private JsonNode detail(FlowStory flow) {
        Api.Response response = api(Tokens.viewer(tenant)).get("/api/v1/flows/" + flow.id());
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode phase(JsonNode flow, int position) {
        JsonNode phase = flow.path("phases").get(position);
        assertThat(phase.path("position").asInt()).isEqualTo(position);
        return phase;
    }
}
