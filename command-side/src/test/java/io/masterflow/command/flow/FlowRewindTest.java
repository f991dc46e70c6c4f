package io.masterflow.command.flow;

import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowConfigurationChanged;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.FlowRewound;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.masterflow.command.flow.FlowFixtures.*;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasProperty;
import static org.hamcrest.Matchers.instanceOf;

/** Steering a flow by hand: taking it back to an earlier phase, and changing its configuration. */
class FlowRewindTest {

    private static final Map<String, Object> OUTPUT = Map.of("rows", 42);

    private AggregateTestFixture<Flow> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static Matcher<?> rejectedAs(FlowRejected.Reason reason, String messagePart) {
        return allOf(instanceOf(FlowRejected.class), hasProperty("message", containsString(messagePart)),
                new CustomTypeSafeMatcher<FlowRejected>("reason " + reason) {
                    @Override
                    protected boolean matchesSafely(FlowRejected rejected) {
                        return rejected.reason() == reason;
                    }
                });
    }

    private static Object[] completedTwoPhases() {
        return new Object[] {created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE),
                new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO), new PhaseStarted(FLOW, REVIEW, 1, Map.of()),
                new PhaseCompleted(FLOW, REVIEW, 1, Map.of(), Duration.ZERO)};
    }

    @Nested
    class Rewinding {

        @Test
        void a_flow_goes_back_to_an_earlier_phase_which_runs_again_under_its_next_attempt_number() {
            fixture.given(completedTwoPhases())
                    .when(new RewindFlow(FLOW, COLLECT, "wrong source", null), operator())
                    .expectEvents(new FlowRewound(FLOW, COLLECT, "wrong source", null, null))
                    .expectResultMessagePayload(5L);
        }

        @Test
        void the_rewound_phase_starts_with_its_full_retry_budget_numbered_after_its_earlier_attempts() {
            fixture.given(completedTwoPhases())
                    .andGiven(new FlowRewound(FLOW, COLLECT, "wrong source", null, null))
                    .when(new StartPhase(FLOW, null, SOURCE, null), operator())
                    .expectEvents(new PhaseStarted(FLOW, COLLECT, 2, SOURCE))
                    .expectResultMessagePayload(new AttemptStarted(COLLECT, 2, 6L));
        }

        @Test
        void a_later_phase_run_again_after_a_rewind_also_goes_on_numbering() {
            fixture.given(completedTwoPhases())
                    .andGiven(new FlowRewound(FLOW, COLLECT, null, null, null), new PhaseStarted(FLOW, COLLECT, 2, SOURCE),
                            new PhaseCompleted(FLOW, COLLECT, 2, OUTPUT, Duration.ZERO))
                    .when(new StartPhase(FLOW, null, Map.of(), null), operator())
                    .expectEvents(new PhaseStarted(FLOW, REVIEW, 2, Map.of()));
        }

        @Test
        void a_retry_budget_restarts_with_the_rewind() {
            // collect may take three attempts: two before the rewind do not count against the new run
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseFailed(FLOW, COLLECT, 1, "e", true, Instant.EPOCH),
                            new PhaseStarted(FLOW, COLLECT, 2, SOURCE), new PhaseCompleted(FLOW, COLLECT, 2, OUTPUT, Duration.ZERO),
                            new FlowRewound(FLOW, COLLECT, null, null, null), new PhaseStarted(FLOW, COLLECT, 3, SOURCE),
                            new PhaseFailed(FLOW, COLLECT, 3, "e", true, Instant.EPOCH), new PhaseStarted(FLOW, COLLECT, 4, SOURCE))
                    .when(new FailPhase(FLOW, COLLECT, 4, "again", true, null), operator())
                    // the second attempt of the run: a retry after the second backoff, not the end of the flow
                    .expectScheduledDeadline(Duration.ofSeconds(20), new RetryDue(COLLECT, 5));
        }

        @Test
        void a_running_attempt_is_cancelled_with_its_timeout_and_its_report_is_refused_afterwards() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new RewindFlow(FLOW, COLLECT, "stuck", null), operator())
                    .expectEvents(new FlowRewound(FLOW, COLLECT, "stuck", COLLECT, 1))
                    .expectNoScheduledDeadlines();
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new FlowRewound(FLOW, COLLECT, "stuck", COLLECT, 1))
                    .when(new CompletePhase(FLOW, COLLECT, 1, OUTPUT, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "attempt 1 of phase collect is not running"));
        }

        @Test
        void a_pending_retry_is_dropped() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseFailed(FLOW, COLLECT, 1, "e", true, Instant.EPOCH))
                    .when(new RewindFlow(FLOW, COLLECT, null, null), operator())
                    .expectEvents(new FlowRewound(FLOW, COLLECT, null, null, null))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_completed_flow_can_be_rewound_and_run_again() {
            fixture.given(completedTwoPhases())
                    .andGiven(new PhaseStarted(FLOW, PUBLISH, 1, Map.of()), new PhaseCompleted(FLOW, PUBLISH, 1, Map.of(), Duration.ZERO),
                            new FlowCompleted(FLOW), new FlowRewound(FLOW, PUBLISH, "publish again", null, null))
                    .when(new StartPhase(FLOW, PUBLISH, Map.of(), null), operator())
                    .expectEvents(new PhaseStarted(FLOW, PUBLISH, 2, Map.of()));
        }

        @Test
        void a_failed_flow_can_be_rewound_to_the_phase_that_failed() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseFailed(FLOW, COLLECT, 1, "e", false, null),
                            new FlowFailed(FLOW, COLLECT, "e"))
                    .when(new RewindFlow(FLOW, COLLECT, "fixed the source", null), operator())
                    .expectEvents(new FlowRewound(FLOW, COLLECT, "fixed the source", null, null));
        }

        @Test
        void a_paused_flow_stays_paused_and_resumes_to_the_rewound_phase() {
            fixture.given(completedTwoPhases())
                    .andGiven(new FlowPaused(FLOW, "review"), new FlowRewound(FLOW, REVIEW, null, null, null), new FlowResumed(FLOW, null))
                    .when(new StartPhase(FLOW, null, Map.of(), null), operator())
                    .expectEvents(new PhaseStarted(FLOW, REVIEW, 2, Map.of()));
        }

        @Test
        void a_phase_not_reached_yet_cannot_be_rewound_to() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                    .when(new RewindFlow(FLOW, PUBLISH, null, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "has not reached it"));
        }

        @Test
        void the_next_phase_untouched_since_the_flow_reached_it_has_nothing_to_rewind() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO))
                    .when(new RewindFlow(FLOW, REVIEW, null, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "nothing to rewind"));
        }

        @Test
        void a_skipped_phase_can_be_rewound_to() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE), new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO),
                            new PhaseSkipped(FLOW, REVIEW, "not needed"))
                    .when(new RewindFlow(FLOW, REVIEW, "needed after all", null), operator())
                    .expectEvents(new FlowRewound(FLOW, REVIEW, "needed after all", null, null));
        }

        @Test
        void assets_the_rewound_phase_discovered_are_kept() {
            fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE),
                            new AssetsDiscovered(FLOW, COLLECT, List.of(new DiscoveredAsset("web-1", "web-1", "server", Map.of()))),
                            new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO), new FlowRewound(FLOW, COLLECT, null, null, null))
                    .when(new ValidateAsset(FLOW, "web-1", AssetValidated.Verdict.VALIDATED, null, null), operator())
                    .expectEvents(new AssetValidated(FLOW, "web-1", AssetValidated.Verdict.VALIDATED, null));
        }

        @Test
        void an_unknown_phase_is_invalid() {
            fixture.given(completedTwoPhases())
                    .when(new RewindFlow(FLOW, PhaseName.of("astrology"), null, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.INVALID, "not a phase of flow type reporting"));
        }

        @Test
        void a_deleted_flow_cannot_be_rewound() {
            fixture.given(completedTwoPhases())
                    .andGiven(new FlowDeleted(FLOW, null))
                    .when(new RewindFlow(FLOW, COLLECT, null, null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.GONE, "was deleted"));
        }

        @Test
        void a_stale_version_is_refused() {
            fixture.given(completedTwoPhases())
                    .when(new RewindFlow(FLOW, COLLECT, null, 2L), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "not the expected 2"));
        }
    }

    @Nested
    class ChangingTheConfiguration {

        @Test
        void a_merge_patch_changes_adds_and_removes_keys_and_the_event_carries_the_patch_and_the_result() {
            Map<String, Object> patch = new HashMap<>();
            patch.put("region", null);
            patch.put("wave_size", 20);
            fixture.given(created(false))
                    .when(new ChangeConfiguration(FLOW, patch, null), operator())
                    .expectEvents(new FlowConfigurationChanged(FLOW, patch, Map.of("wave_size", 20)))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void nested_objects_merge_key_by_key() {
            fixture.given(created(false), new FlowConfigurationChanged(FLOW, Map.of(), Map.of("limits", Map.of("cpu", 4, "ram", 16))))
                    .when(new ChangeConfiguration(FLOW, Map.of("limits", Map.of("cpu", 8)), null), operator())
                    .expectEvents(new FlowConfigurationChanged(FLOW, Map.of("limits", Map.of("cpu", 8)),
                            Map.of("limits", Map.of("cpu", 8, "ram", 16))));
        }

        @Test
        void a_patch_that_changes_nothing_records_nothing() {
            fixture.given(created(false))
                    .when(new ChangeConfiguration(FLOW, CONFIGURATION, null), operator())
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void a_repeated_creation_is_still_recognised_after_a_change() {
            fixture.given(created(false), new FlowConfigurationChanged(FLOW, Map.of("wave_size", 20), Map.of("region", "eu-west", "wave_size", 20)))
                    .when(createFlow(false), operator())
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void a_completed_flow_keeps_its_configuration() {
            fixture.given(completedTwoPhases())
                    .andGiven(new PhaseStarted(FLOW, PUBLISH, 1, Map.of()), new PhaseCompleted(FLOW, PUBLISH, 1, Map.of(), Duration.ZERO),
                            new FlowCompleted(FLOW))
                    .when(new ChangeConfiguration(FLOW, Map.of("x", 1), null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.CONFLICT, "is completed"));
        }

        @Test
        void a_deleted_flow_keeps_its_configuration() {
            fixture.given(created(false), new FlowDeleted(FLOW, null))
                    .when(new ChangeConfiguration(FLOW, Map.of("x", 1), null), operator())
                    .expectNoEvents()
                    .expectException(rejectedAs(FlowRejected.Reason.GONE, "was deleted"));
        }
    }
}
