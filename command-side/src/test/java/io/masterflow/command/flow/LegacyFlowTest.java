package io.masterflow.command.flow;

import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseStarted;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.masterflow.command.flow.FlowFixtures.*;

/**
 * Flows brought over by the migration tool: LegacyFlowImported, then the legacy history replayed as ordinary
 * events. Afterwards the flow takes commands like any other, from where the legacy flow stood.
 */
class LegacyFlowTest {

    private AggregateTestFixture<Flow> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static GenericEventMessage<LegacyFlowImported> imported(FlowStatus status) {
        return new GenericEventMessage<>(new LegacyFlowImported(FLOW, REPORTING_V1.ref(), "Datacenter East", CONFIGURATION,
                PHASES, status, status.name().toLowerCase(), "20000000-0000-0000-0000-000000000001",
                "crewai_flow_state_extensions", Instant.parse("2025-03-01T08:59:00Z"), Map.of("flow_status", "running")), owner());
    }

    private static Matcher<?> rejectedAs(FlowRejected.Reason reason) {
        return new CustomTypeSafeMatcher<FlowRejected>("rejected as " + reason) {
            @Override
            protected boolean matchesSafely(FlowRejected rejected) {
                return rejected.reason() == reason;
            }
        };
    }

    @Test
    void a_migrated_flow_starts_the_phase_after_the_ones_its_legacy_history_completed() {
        fixture.given(imported(FlowStatus.WAITING),
                        new PhaseStarted(FLOW, COLLECT, 1, Map.of()),
                        new PhaseFailed(FLOW, COLLECT, 1, "agent timeout", true, null),
                        new PhaseStarted(FLOW, COLLECT, 2, Map.of()),
                        new PhaseCompleted(FLOW, COLLECT, 2, Map.of(), Duration.ofMinutes(30)))
                .when(new StartPhase(FLOW, null, Map.of(), null), operator())
                .expectEvents(new PhaseStarted(FLOW, REVIEW, 1, Map.of()))
                .expectResultMessagePayload(new AttemptStarted(REVIEW, 1, 5L));
    }

    @Test
    void a_migrated_flow_whose_legacy_completions_carry_no_start_goes_on_with_the_next_phase() {
        fixture.given(imported(FlowStatus.WAITING),
                        new PhaseCompleted(FLOW, COLLECT, 1, Map.of(), null),
                        new PhaseCompleted(FLOW, REVIEW, 1, Map.of(), null))
                .when(new StartPhase(FLOW, null, Map.of(), null), operator())
                .expectEvents(new PhaseStarted(FLOW, PUBLISH, 1, Map.of()));
    }

    @Test
    void a_migrated_flow_without_history_starts_its_first_phase() {
        fixture.given(imported(FlowStatus.WAITING))
                .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                .expectEvents(new PhaseStarted(FLOW, COLLECT, 1, SOURCE));
    }

    @Test
    void the_running_attempt_of_a_migrated_flow_can_be_reported() {
        Instant legacyStart = Instant.parse("2025-03-02T08:10:00Z");
        fixture.givenCurrentTime(legacyStart)
                .andGiven(imported(FlowStatus.RUNNING),
                        new PhaseStarted(FLOW, COLLECT, 1, Map.of()),
                        new PhaseFailed(FLOW, COLLECT, 1, "agent timeout", true, null),
                        new PhaseStarted(FLOW, COLLECT, 2, Map.of()))
                .andGivenCurrentTime(legacyStart.plus(Duration.ofDays(2)))
                .when(new CompletePhase(FLOW, COLLECT, 2, SOURCE, null), operator())
                .expectEvents(new PhaseCompleted(FLOW, COLLECT, 2, SOURCE, Duration.ofDays(2)));
    }

    @Test
    void a_phase_the_legacy_history_completed_cannot_start_again() {
        fixture.given(imported(FlowStatus.WAITING), new PhaseCompleted(FLOW, COLLECT, 1, Map.of(), null))
                .when(new StartPhase(FLOW, COLLECT, SOURCE, null), operator())
                .expectNoEvents()
                .expectException(rejectedAs(FlowRejected.Reason.CONFLICT));
    }

    @Test
    void a_failed_migrated_flow_restarts_its_failed_phase_with_the_next_attempt() {
        fixture.given(imported(FlowStatus.FAILED),
                        new PhaseStarted(FLOW, COLLECT, 1, Map.of()),
                        new PhaseFailed(FLOW, COLLECT, 1, "quota exceeded", false, null),
                        new FlowFailed(FLOW, COLLECT, "quota exceeded"))
                .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                .expectEvents(new PhaseStarted(FLOW, COLLECT, 2, SOURCE));
    }

    @Test
    void a_paused_migrated_flow_resumes_to_the_status_it_had_before_its_pause() {
        fixture.given(imported(FlowStatus.PAUSED), new PhaseCompleted(FLOW, COLLECT, 1, Map.of(), null),
                        new FlowPaused(FLOW, "waiting_for_approval"))
                .when(new ResumeFlow(FLOW, "approved", null), operator())
                .expectEvents(new FlowResumed(FLOW, "approved"));
    }

    @Test
    void a_migrated_flow_paused_before_any_phase_resumes_as_created_and_starts_its_first_phase() {
        fixture.given(imported(FlowStatus.PAUSED), new FlowPaused(FLOW, "paused"), new FlowResumed(FLOW, "approved"))
                .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                .expectEvents(new PhaseStarted(FLOW, COLLECT, 1, SOURCE));
    }

    @Test
    void a_paused_migrated_flow_starts_nothing_until_resumed() {
        fixture.given(imported(FlowStatus.PAUSED), new FlowPaused(FLOW, "paused"))
                .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                .expectNoEvents()
                .expectException(rejectedAs(FlowRejected.Reason.CONFLICT));
    }

    @Test
    void a_completed_migrated_flow_takes_no_more_phases_even_if_its_legacy_row_recorded_none() {
        fixture.given(imported(FlowStatus.COMPLETED), new FlowCompleted(FLOW))
                .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                .expectNoEvents()
                .expectException(rejectedAs(FlowRejected.Reason.CONFLICT));
    }

    @Test
    void a_deleted_migrated_flow_is_gone() {
        fixture.given(imported(FlowStatus.DELETED), new FlowDeleted(FLOW, "cancelled"))
                .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                .expectNoEvents()
                .expectException(rejectedAs(FlowRejected.Reason.GONE));
    }

    @Test
    void a_migrated_flow_of_another_tenant_is_answered_like_a_missing_one() {
        fixture.given(imported(FlowStatus.WAITING))
                .when(new StartPhase(FLOW, null, SOURCE, null), callerOf(ACCOUNT, OTHER_ENGAGEMENT.toString()))
                .expectNoEvents()
                .expectException(rejectedAs(FlowRejected.Reason.NOT_FOUND));
    }
}
