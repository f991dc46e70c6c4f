package io.masterflow.command.flow;

import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.masterflow.command.flow.FlowFixtures.*;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasProperty;
import static org.hamcrest.Matchers.instanceOf;

/** The Flow aggregate's rules, one story each: given its past, when a command arrives, then what it records. */
class FlowTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Map<String, Object> OUTPUT = Map.of("source", "cmdb.csv", "rows", 42);

    private AggregateTestFixture<Flow> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static Matcher<?> rejectedAs(FlowRejected.Reason reason, String messagePart) {
        return allOf(instanceOf(FlowRejected.class), hasProperty("message", containsString(messagePart)),
                new org.hamcrest.CustomTypeSafeMatcher<FlowRejected>("reason " + reason) {
                    @Override
                    protected boolean matchesSafely(FlowRejected rejected) {
                        return rejected.reason() == reason;
                    }
                });
    }

    @Nested
    class Creating {

        @Test
        void a_flow_is_created_with_the_latest_version_of_its_type_and_pins_its_phases() {
            fixture.givenNoPriorActivity()
                    .when(createFlow(false), operator())
                    .expectEvents(flowCreated(false))
                    .expectResultMessagePayload(0L);
        }

        @Test
        void a_flow_under_a_new_random_id_is_created_the_same_way() {
            fixture.givenNoPriorActivity()
                    .when(new CreateNewFlow(createFlow(false)), operator())
                    .expectEvents(flowCreated(false))
                    .expectResultMessagePayload(0L);
        }

        @Test
        void creating_the_same_flow_again_with_the_same_request_changes_nothing() {
            fixture.given(created(false))
                    .when(createFlow(false), operator())
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void reusing_a_creation_key_for_a_different_request_is_rejected() {
            fixture.given(created(false))
                    .when(createFlow(true), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "different request"));
        }

        @Test
        void a_flow_of_an_unknown_type_cannot_be_created() {
            fixture.givenNoPriorActivity()
                    .when(new CreateFlow(FLOW, ENGAGEMENT, "astrology", "x", Map.of(), false), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.INVALID, "unknown flow type 'astrology'"));
        }
    }

    @Nested
    class StartingPhases {

        @Test
        void executing_without_naming_a_phase_starts_the_next_pending_one() {
            fixture.given(created(false))
                    .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                    .expectEvents(new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .expectResultMessagePayload(new AttemptStarted(COLLECT, 1, 1L));
        }

        @Test
        void a_phase_cannot_start_before_the_ones_ahead_of_it() {
            fixture.given(created(false))
                    .when(new StartPhase(FLOW, PUBLISH, Map.of(), null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "next pending one is collect"));
        }

        @Test
        void a_phase_the_flow_type_does_not_have_is_invalid() {
            fixture.given(created(false))
                    .when(new StartPhase(FLOW, io.masterflow.events.PhaseName.of("astrology"), Map.of(), null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.INVALID, "not a phase of flow type reporting"));
        }

        @Test
        void a_second_phase_cannot_start_while_one_runs() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "still running"));
        }

        @Test
        void input_that_fails_the_phase_validators_is_rejected_before_the_phase_starts() {
            fixture.given(created(false))
                    .when(new StartPhase(FLOW, COLLECT, Map.of("rows", 3), null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.INVALID, "required key 'source' is missing"));
        }

        @Test
        void a_stale_expected_version_is_rejected() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO))
                    .when(new StartPhase(FLOW, null, Map.of(), 1L), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "is at version 2, not the expected 1"));
        }

        @Test
        void the_current_expected_version_is_accepted() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO))
                    .when(new StartPhase(FLOW, null, Map.of(), 2L), operator())
                    .expectEvents(new PhaseStarted(FLOW, REVIEW, 1, Map.of()));
        }
    }

    @Nested
    class CompletingPhases {

        @Test
        void completing_a_running_attempt_records_its_output_and_duration_and_leaves_the_flow_waiting() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .andGivenCurrentTime(T0.plusSeconds(90))
                    .when(new CompletePhase(FLOW, COLLECT, 1, OUTPUT, null), operator())
                    .expectEvents(new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ofSeconds(90)));
        }

        @Test
        void completing_the_last_phase_completes_the_flow() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO),
                            new PhaseSkipped(FLOW, REVIEW, "not needed"), new PhaseStarted(FLOW, PUBLISH, 1, Map.of()))
                    .when(new CompletePhase(FLOW, PUBLISH, 1, Map.of(), null), operator())
                    .expectEvents(new PhaseCompleted(FLOW, PUBLISH, 1, Map.of(), Duration.ZERO), new FlowCompleted(FLOW));
        }

        @Test
        void with_auto_advance_completing_a_phase_starts_the_next_with_the_output_as_input() {
            fixture.given(created(true), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new CompletePhase(FLOW, COLLECT, 1, OUTPUT, null), operator())
                    .expectEvents(new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO), new PhaseStarted(FLOW, REVIEW, 1, OUTPUT));
        }

        @Test
        void a_late_report_for_an_attempt_that_no_longer_runs_changes_nothing() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE),
                            new PhaseFailed(FLOW, COLLECT, 1, "timeout", true, T0), new PhaseStarted(FLOW, COLLECT, 2, SOURCE))
                    .when(new CompletePhase(FLOW, COLLECT, 1, OUTPUT, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "the running one is attempt 2"));
        }

        @Test
        void a_repeated_completion_changes_nothing() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO))
                    .when(new CompletePhase(FLOW, COLLECT, 1, OUTPUT, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "attempt 1 of phase collect is not running"));
        }

        @Test
        void output_that_fails_the_phase_validators_is_rejected_and_the_attempt_keeps_running() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new CompletePhase(FLOW, COLLECT, 1, Map.of("rows", 1), null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.INVALID, "output of phase collect is invalid"));
        }
    }

    @Nested
    class FailingPhases {

        @Test
        void a_retryable_failure_with_attempts_left_schedules_the_next_attempt_after_the_backoff() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new FailPhase(FLOW, COLLECT, 1, "agent timeout", true, null), operator())
                    .expectEvents(new PhaseFailed(FLOW, COLLECT, 1, "agent timeout", true, T0.plusSeconds(10)));
        }

        @Test
        void the_backoff_grows_with_each_attempt() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE),
                            new PhaseFailed(FLOW, COLLECT, 1, "e", true, T0), new PhaseStarted(FLOW, COLLECT, 2, SOURCE))
                    .when(new FailPhase(FLOW, COLLECT, 2, "agent timeout", true, null), operator())
                    .expectEvents(new PhaseFailed(FLOW, COLLECT, 2, "agent timeout", true, T0.plusSeconds(20)));
        }

        @Test
        void the_failure_of_the_last_allowed_attempt_fails_the_flow() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseFailed(FLOW, COLLECT, 1, "e", true, T0),
                            new PhaseStarted(FLOW, COLLECT, 2, SOURCE), new PhaseFailed(FLOW, COLLECT, 2, "e", true, T0),
                            new PhaseStarted(FLOW, COLLECT, 3, SOURCE))
                    .when(new FailPhase(FLOW, COLLECT, 3, "agent timeout", true, null), operator())
                    .expectEvents(new PhaseFailed(FLOW, COLLECT, 3, "agent timeout", true, null),
                            new FlowFailed(FLOW, COLLECT, "agent timeout"));
        }

        @Test
        void a_non_retryable_failure_fails_the_flow_at_once() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new FailPhase(FLOW, COLLECT, 1, "credentials rejected", false, null), operator())
                    .expectEvents(new PhaseFailed(FLOW, COLLECT, 1, "credentials rejected", false, null),
                            new FlowFailed(FLOW, COLLECT, "credentials rejected"));
        }

        @Test
        void an_operator_may_start_a_failed_phase_again_as_a_new_run_of_attempts() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseFailed(FLOW, COLLECT, 1, "e", false, null),
                            new FlowFailed(FLOW, COLLECT, "e"))
                    .when(new StartPhase(FLOW, COLLECT, SOURCE, null), operator())
                    .expectEvents(new PhaseStarted(FLOW, COLLECT, 2, SOURCE));
        }

        @Test
        void a_manual_restart_gets_the_full_retry_budget_again() {
            fixture.givenCurrentTime(T0)
                    .andGiven(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseFailed(FLOW, COLLECT, 1, "e", false, null),
                            new FlowFailed(FLOW, COLLECT, "e"), new PhaseStarted(FLOW, COLLECT, 2, SOURCE))
                    .when(new FailPhase(FLOW, COLLECT, 2, "agent timeout", true, null), operator())
                    .expectEvents(new PhaseFailed(FLOW, COLLECT, 2, "agent timeout", true, T0.plusSeconds(10)));
        }
    }

    @Nested
    class SkippingPhases {

        @Test
        void an_optional_next_phase_can_be_skipped() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO))
                    .when(new SkipPhase(FLOW, REVIEW, "no reviewer this quarter", null), operator())
                    .expectEvents(new PhaseSkipped(FLOW, REVIEW, "no reviewer this quarter"));
        }

        @Test
        void a_required_phase_cannot_be_skipped() {
            fixture.given(created(false))
                    .when(new SkipPhase(FLOW, COLLECT, "in a hurry", null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "is required and cannot be skipped"));
        }

        @Test
        void with_auto_advance_skipping_starts_the_following_phase() {
            fixture.given(created(true), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO),
                            new PhaseStarted(FLOW, REVIEW, 1, OUTPUT), new PhaseFailed(FLOW, REVIEW, 1, "nobody", false, null),
                            new FlowFailed(FLOW, REVIEW, "nobody"))
                    .when(new SkipPhase(FLOW, REVIEW, "reviewer away", null), operator())
                    .expectEvents(new PhaseSkipped(FLOW, REVIEW, "reviewer away"), new PhaseStarted(FLOW, PUBLISH, 1, Map.of()));
        }
    }

    @Nested
    class PausingAndResuming {

        @Test
        void a_running_flow_can_be_paused() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new PauseFlow(FLOW, "client asked", null), operator())
                    .expectEvents(new FlowPaused(FLOW, "client asked"));
        }

        @Test
        void nothing_starts_while_the_flow_is_paused() {
            fixture.given(created(false), new FlowPaused(FLOW, "hold"))
                    .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "is paused"));
        }

        @Test
        void an_attempt_running_when_the_flow_was_paused_may_still_complete_but_auto_advance_waits() {
            fixture.given(created(true), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new FlowPaused(FLOW, "hold"))
                    .when(new CompletePhase(FLOW, COLLECT, 1, OUTPUT, null), operator())
                    .expectEvents(new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO));
        }

        @Test
        void resuming_releases_the_auto_advance_held_back_while_paused() {
            fixture.given(created(true), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new FlowPaused(FLOW, "hold"),
                            new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO))
                    .when(new ResumeFlow(FLOW, "go", null), operator())
                    .expectEvents(new FlowResumed(FLOW, "go"), new PhaseStarted(FLOW, REVIEW, 1, OUTPUT));
        }

        @Test
        void resuming_returns_the_flow_to_the_status_it_had() {
            fixture.given(created(false), new FlowPaused(FLOW, "hold"), new FlowResumed(FLOW, "go"))
                    .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                    .expectEvents(new PhaseStarted(FLOW, COLLECT, 1, SOURCE));
        }

        @Test
        void a_flow_that_is_not_paused_cannot_be_resumed() {
            fixture.given(created(false))
                    .when(new ResumeFlow(FLOW, null, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "not paused"));
        }

        @Test
        void a_paused_flow_cannot_be_paused_again() {
            fixture.given(created(false), new FlowPaused(FLOW, "hold"))
                    .when(new PauseFlow(FLOW, null, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "already paused"));
        }

        @Test
        void a_failed_flow_can_be_paused() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseFailed(FLOW, COLLECT, 1, "e", false, null),
                            new FlowFailed(FLOW, COLLECT, "e"))
                    .when(new PauseFlow(FLOW, "investigating", null), operator())
                    .expectEvents(new FlowPaused(FLOW, "investigating"));
        }
    }

    @Nested
    class FinishedFlows {

        @Test
        void a_completed_flow_takes_no_new_phase() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO),
                            new PhaseSkipped(FLOW, REVIEW, null), new PhaseStarted(FLOW, PUBLISH, 1, Map.of()),
                            new PhaseCompleted(FLOW, PUBLISH, 1, Map.of(), Duration.ZERO), new FlowCompleted(FLOW))
                    .when(new StartPhase(FLOW, null, Map.of(), null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "is completed"));
        }

        @Test
        void a_completed_flow_cannot_be_paused() {
            fixture.given(created(false), new FlowCompleted(FLOW))
                    .when(new PauseFlow(FLOW, null, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "is completed"));
        }

        @Test
        void any_flow_can_be_deleted_softly() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new DeleteFlow(FLOW, "duplicate", null), operator())
                    .expectEvents(new FlowDeleted(FLOW, "duplicate"));
        }

        @Test
        void a_deleted_flow_takes_no_further_commands() {
            fixture.given(created(false), new FlowDeleted(FLOW, "duplicate"))
                    .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.GONE, "was deleted"));
        }

        @Test
        void a_deleted_flow_cannot_be_deleted_again() {
            fixture.given(created(false), new FlowDeleted(FLOW, "duplicate"))
                    .when(new DeleteFlow(FLOW, null, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.GONE, "was deleted"));
        }
    }

    @Nested
    class Isolation {

        @Test
        void another_account_is_told_the_flow_does_not_exist() {
            fixture.given(created(false))
                    .when(new PauseFlow(FLOW, null, null), callerOf(io.masterflow.events.ClientAccountId.of("a2000000-0000-0000-0000-000000000000"), "*"))
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.NOT_FOUND, "does not exist"));
        }

        @Test
        void a_caller_of_another_engagement_of_the_same_account_is_told_the_flow_does_not_exist() {
            fixture.given(created(false))
                    .when(new PauseFlow(FLOW, null, null), callerOf(ACCOUNT, OTHER_ENGAGEMENT.toString()))
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.NOT_FOUND, "does not exist"));
        }

        @Test
        void a_deleted_flow_of_another_tenant_looks_like_no_flow_at_all() {
            fixture.given(created(false), new FlowDeleted(FLOW, null))
                    .when(new DeleteFlow(FLOW, null, null), callerOf(ACCOUNT, OTHER_ENGAGEMENT.toString()))
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.NOT_FOUND, "does not exist"));
        }

        @Test
        void a_caller_with_every_engagement_of_the_account_may_act() {
            fixture.given(created(false))
                    .when(new PauseFlow(FLOW, null, null), callerOf(ACCOUNT, "*"))
                    .expectEvents(new FlowPaused(FLOW, null));
        }
    }

}
