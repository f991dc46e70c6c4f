package io.masterflow.command.flow;

import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseStarted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.masterflow.command.flow.FlowFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flow aggregate's clocks: attempt timeouts, retries after a backoff, and what pausing does to both. The phase
 * {@code collect} of the fixtures' flow type has a 5 minute timeout and three attempts with a 10 s backoff doubling.
 */
class FlowSchedulingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Map<String, Object> OUTPUT = Map.of("source", "cmdb.csv", "rows", 42);

    private AggregateTestFixture<Flow> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static StartPhase start() {
        return new StartPhase(FLOW, null, SOURCE, null);
    }

    private static FailPhase retryableFailure(int attempt) {
        return new FailPhase(FLOW, COLLECT, attempt, "agent lost", true, null);
    }

    @Nested
    class Timeouts {

        @Test
        void starting_a_phase_with_a_timeout_schedules_the_end_of_its_attempt() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .when(start(), operator())
                    .expectEvents(new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .expectScheduledDeadline(TIMEOUT, new AttemptTimedOut(COLLECT, 1));
        }

        @Test
        void an_attempt_that_runs_past_its_timeout_fails_as_retryable_and_its_retry_is_scheduled() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()))
                    .whenTimeElapses(TIMEOUT)
                    .expectEvents(new PhaseFailed(FLOW, COLLECT, 1, "timed out after PT5M", true, T0.plus(TIMEOUT).plusSeconds(10)))
                    .expectScheduledDeadline(Duration.ofSeconds(10), new RetryDue(COLLECT, 2));
        }

        @Test
        void a_timed_out_last_attempt_fails_the_flow() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseFailed(FLOW, COLLECT, 1, "e", true, T0),
                            new PhaseStarted(FLOW, COLLECT, 2, SOURCE), new PhaseFailed(FLOW, COLLECT, 2, "e", true, T0))
                    .andGivenCommands(byOperator(start()))
                    .whenTimeElapses(TIMEOUT)
                    .expectEvents(new PhaseFailed(FLOW, COLLECT, 3, "timed out after PT5M", true, null),
                            new FlowFailed(FLOW, COLLECT, "timed out after PT5M"))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void an_attempt_that_completes_in_time_is_not_timed_out_later() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()), byOperator(new CompletePhase(FLOW, COLLECT, 1, OUTPUT, null)))
                    .whenTimeElapses(TIMEOUT.multipliedBy(2))
                    .expectNoEvents()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_reported_failure_ends_the_attempt_clock() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()))
                    .when(retryableFailure(1), operator())
                    .expectNoScheduledDeadlineOfType(TIMEOUT, AttemptTimedOut.class)
                    .expectScheduledDeadline(Duration.ofSeconds(10), new RetryDue(COLLECT, 2));
        }
    }

    @Nested
    class Retries {

        @Test
        void the_next_attempt_starts_by_itself_when_the_backoff_is_over_with_the_same_input() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()), byOperator(retryableFailure(1)))
                    .whenTimeElapses(Duration.ofSeconds(10))
                    .expectEvents(new PhaseStarted(FLOW, COLLECT, 2, SOURCE))
                    .expectScheduledDeadline(TIMEOUT, new AttemptTimedOut(COLLECT, 2));
        }

        @Test
        void an_attempt_given_a_stored_inventory_is_retried_with_its_reference_which_the_flow_rebuilt_from_its_events() {
            Map<String, Object> byReference = Map.of("source", "cmdb.csv", "inventoryRef", "sha256:" + "ab".repeat(32));
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(new StartPhase(FLOW, null, byReference, null)), byOperator(retryableFailure(1)))
                    .whenTimeElapses(Duration.ofSeconds(10))
                    .expectEvents(new PhaseStarted(FLOW, COLLECT, 2, byReference));
        }

        @Test
        void nothing_starts_before_the_backoff_is_over() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()), byOperator(retryableFailure(1)))
                    .whenTimeElapses(Duration.ofSeconds(9))
                    .expectNoEvents();
        }

        @Test
        void a_retry_started_early_by_hand_is_not_started_again_by_its_deadline() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()), byOperator(retryableFailure(1)), byOperator(start()))
                    .whenTimeElapses(Duration.ofMinutes(1))
                    .expectNoEvents()
                    .expectNoScheduledDeadlineOfType(Duration.ofSeconds(10), RetryDue.class);
        }

        @Test
        void the_backoff_is_spread_by_the_jitter() {
            RetryJitter jitter = RetryJitter.upTo(0.5);
            Duration spread = jitter.apply(Duration.ofSeconds(10), FLOW, COLLECT, 1);
            assertThat(spread).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));

            fixture(jitter).givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(retryableFailure(1), operator())
                    .expectEvents(new PhaseFailed(FLOW, COLLECT, 1, "agent lost", true, T0.plus(spread)))
                    .expectScheduledDeadline(spread, new RetryDue(COLLECT, 2));
        }

        @Test
        void the_jitter_is_the_same_for_the_same_flow_phase_and_attempt_and_differs_between_attempts() {
            RetryJitter jitter = RetryJitter.upTo(0.2);
            Duration backoff = Duration.ofMinutes(1);

            assertThat(jitter.apply(backoff, FLOW, COLLECT, 1)).isEqualTo(jitter.apply(backoff, FLOW, COLLECT, 1));
            assertThat(jitter.apply(backoff, FLOW, COLLECT, 1)).isNotEqualTo(jitter.apply(backoff, FLOW, COLLECT, 2));
        }

        @Test
        void a_deleted_flow_has_nothing_left_to_retry_or_time_out() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()), byOperator(retryableFailure(1)))
                    .when(new DeleteFlow(FLOW, "duplicate", null), operator())
                    .expectEvents(new FlowDeleted(FLOW, "duplicate"))
                    .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class Pausing {

        @Test
        void pausing_stops_the_timeout_clock_of_the_running_attempt() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()))
                    .when(new PauseFlow(FLOW, "hold", null), operator())
                    .expectEvents(new FlowPaused(FLOW, "hold"))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void resuming_gives_the_running_attempt_the_time_it_had_left() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .andGivenCurrentTime(T0.plus(Duration.ofMinutes(2)))
                    .andGiven(new FlowPaused(FLOW, "hold"))
                    .andGivenCurrentTime(T0.plus(Duration.ofHours(3)))
                    .when(new ResumeFlow(FLOW, "go", null), operator())
                    .expectEvents(new FlowResumed(FLOW, "go"))
                    .expectScheduledDeadline(Duration.ofMinutes(3), new AttemptTimedOut(COLLECT, 1));
        }

        @Test
        void a_retry_that_falls_due_while_paused_waits_for_resume() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false))
                    .andGivenCommands(byOperator(start()), byOperator(retryableFailure(1)), byOperator(new PauseFlow(FLOW, "hold", null)))
                    .whenTimeElapses(Duration.ofMinutes(1))
                    .expectTriggeredDeadlines(new RetryDue(COLLECT, 2))
                    .expectNoEvents();
        }

        @Test
        void resuming_after_the_retry_fell_due_starts_it_at_once() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE),
                            new PhaseFailed(FLOW, COLLECT, 1, "agent lost", true, T0.minusSeconds(5)), new FlowPaused(FLOW, "hold"))
                    .when(new ResumeFlow(FLOW, "go", null), operator())
                    .expectEvents(new FlowResumed(FLOW, "go"), new PhaseStarted(FLOW, COLLECT, 2, SOURCE))
                    .expectScheduledDeadline(TIMEOUT, new AttemptTimedOut(COLLECT, 2));
        }

        @Test
        void resuming_before_the_retry_is_due_leaves_it_to_its_deadline() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE),
                            new PhaseFailed(FLOW, COLLECT, 1, "agent lost", true, T0.plusSeconds(10)), new FlowPaused(FLOW, "hold"))
                    .when(new ResumeFlow(FLOW, "go", null), operator())
                    .expectEvents(new FlowResumed(FLOW, "go"));
        }

        @Test
        void an_attempt_completed_while_paused_has_no_clock_to_resume() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new FlowPaused(FLOW, "hold"),
                            new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO))
                    .when(new ResumeFlow(FLOW, "go", null), operator())
                    .expectEvents(new FlowResumed(FLOW, "go"))
                    .expectNoScheduledDeadlines();
        }
    }
}
