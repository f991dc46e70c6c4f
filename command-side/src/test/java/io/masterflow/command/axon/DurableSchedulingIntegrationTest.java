package io.masterflow.command.axon;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries and timeouts fire by themselves, from the deadline table, when the (test) clock says they are due. The
 * discovery type's data_import has a 30 minute timeout and a 10 s backoff (up to 20% more with jitter).
 */
class DurableSchedulingIntegrationTest extends IntegrationTest {

    private static final Map<String, Object> SOURCE = Map.of("source", "cmdb-export.csv");
    private static final Duration PAST_THE_BACKOFF = Duration.ofSeconds(13);

    private String startedDiscovery() {
        String flow = createFlow("discovery", false);
        Api.Response started = api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", SOURCE));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        // data_import's in-process handler holds a lease on the task until it finds no inventory and leaves the phase
        // to the API; moving the clock before then would expire that lease and fail the attempt by itself
        await().atMost(PATIENCE).until(() -> "AWAITING".equals(jdbc.queryForObject(
                "select status from phase_task where flow_id = ? and phase = 'data_import'", String.class, flow)));
        return flow;
    }

    private void failRetryably(String flow, int attempt) {
        Api.Response failed = api.post("/api/v1/flows/" + flow + "/phases/data_import/fail",
                Map.of("attempt", attempt, "error", "agent crashed", "retryable", true));
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
    }

    private long deadlines(String flow, String name) {
        Long count = jdbc.queryForObject("select count(*) from deadline_entry where scope like ? and deadline_name = ?",
                Long.class, "%" + flow + "%", name);
        return count == null ? 0 : count;
    }

    @Test
    void a_retryable_failure_is_retried_by_itself_after_the_backoff_with_the_same_input() {
        String flow = startedDiscovery();
        failRetryably(flow, 1);
        assertThat(deadlines(flow, "phase-retry")).isEqualTo(1);
        assertThat(deadlines(flow, "phase-attempt-timeout")).isZero();

        TestClock.INSTANCE.advance(PAST_THE_BACKOFF);

        assertThat(awaitEvents(flow, types -> types.size() == 4))
                .containsExactly("FlowCreated", "PhaseStarted", "PhaseFailed", "PhaseStarted");
        assertThat(event(flow, 3).path("attempt").asInt()).isEqualTo(2);
        assertThat(event(flow, 3).path("input").path("source").asText()).isEqualTo("cmdb-export.csv");
        assertThat(userOf(flow, 3)).isEqualTo(SchedulingConfiguration.SCHEDULER_USER);
        assertThat(deadlines(flow, "phase-retry")).isZero();
        assertThat(deadlines(flow, "phase-attempt-timeout")).isEqualTo(1);
    }

    @Test
    void the_backoff_grows_and_the_flow_fails_when_the_attempts_run_out() {
        String flow = startedDiscovery();
        failRetryably(flow, 1);
        TestClock.INSTANCE.advance(PAST_THE_BACKOFF);
        awaitEvents(flow, types -> types.size() == 4);
        failRetryably(flow, 2);
        assertThat(event(flow, 4).path("nextAttemptAt").asText()).isNotBlank();

        TestClock.INSTANCE.advance(PAST_THE_BACKOFF);
        assertThat(awaitEvents(flow, types -> types.size() >= 5)).hasSize(5);

        TestClock.INSTANCE.advance(PAST_THE_BACKOFF.multipliedBy(2));
        awaitEvents(flow, types -> types.size() == 6);
        failRetryably(flow, 3);

        assertThat(eventTypes(flow)).endsWith("PhaseFailed", "FlowFailed");
        assertThat(deadlines(flow, "phase-retry")).isZero();
    }

    @Test
    void an_attempt_that_outlives_its_timeout_fails_as_retryable_and_is_retried() {
        String flow = startedDiscovery();

        TestClock.INSTANCE.advance(Duration.ofMinutes(31));

        awaitEvents(flow, types -> types.size() == 3);
        assertThat(event(flow, 2).path("error").asText()).isEqualTo("timed out after PT30M");
        assertThat(event(flow, 2).path("retryable").asBoolean()).isTrue();
        assertThat(userOf(flow, 2)).isEqualTo(SchedulingConfiguration.SCHEDULER_USER);

        TestClock.INSTANCE.advance(PAST_THE_BACKOFF);
        assertThat(awaitEvents(flow, types -> types.size() == 4)).endsWith("PhaseFailed", "PhaseStarted");
    }

    @Test
    void a_retry_that_falls_due_while_the_flow_is_paused_waits_for_resume() {
        String flow = startedDiscovery();
        failRetryably(flow, 1);
        assertThat(api.post("/api/v1/flows/" + flow + "/pause", Map.of("reason", "client review")).status()).isEqualTo(200);

        TestClock.INSTANCE.advance(PAST_THE_BACKOFF);
        // the deadline fires and is passed over: the flow is paused
        await().atMost(PATIENCE).until(() -> deadlines(flow, "phase-retry") == 0);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "PhaseFailed", "FlowPaused");

        assertThat(api.post("/api/v1/flows/" + flow + "/resume", null).status()).isEqualTo(200);

        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "PhaseFailed", "FlowPaused",
                "FlowResumed", "PhaseStarted");
    }

    @Test
    void a_paused_flow_does_not_time_out_and_resumes_with_the_time_it_had_left() {
        String flow = startedDiscovery();
        TestClock.INSTANCE.advance(Duration.ofMinutes(20));
        api.post("/api/v1/flows/" + flow + "/pause", Map.of("reason", "client review"));

        TestClock.INSTANCE.advance(Duration.ofHours(2));
        assertThat(deadlines(flow, "phase-attempt-timeout")).isZero();
        api.post("/api/v1/flows/" + flow + "/resume", null);
        Instant resumedAt = Instant.parse(jdbc.queryForObject(
                "select timestamp from domainevententry where aggregateidentifier = ? and sequencenumber = 3", String.class, flow));
        Instant timesOutAt = jdbc.queryForObject("select trigger_at from deadline_entry where scope like ? and deadline_name = ?",
                java.sql.Timestamp.class, "%" + flow + "%", "phase-attempt-timeout").toInstant();

        assertThat(Duration.between(resumedAt, timesOutAt)).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
        TestClock.INSTANCE.advance(Duration.ofMinutes(11));
        List<String> types = awaitEvents(flow, all -> all.size() == 5);
        assertThat(types).endsWith("FlowResumed", "PhaseFailed");
    }
}
