package io.masterflow.query.flow;

import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowConfigurationChanged;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.FlowRewound;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How each event changes what the read side shows of a flow; the projection and time travel both rely on it. */
class FlowViewTest {

    private static final PhaseName WAVES = PhaseName.of("wave_planning");
    private static final PhaseName TIMELINE = PhaseName.of("timeline_optimization");
    private static final PhaseName RESOURCES = PhaseName.of("resource_allocation");
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Map<String, String> OWNER = Map.of(
            MetaDataKeys.CLIENT_ACCOUNT_ID, UUID.randomUUID().toString(),
            MetaDataKeys.ENGAGEMENT_ID, UUID.randomUUID().toString(),
            MetaDataKeys.USER_ID, "alice");

    private final FlowId flowId = FlowId.random();
    private final List<FlowEvent> events = new ArrayList<>();

    @Test
    void a_new_flow_is_created_with_every_pinned_phase_pending_and_the_first_one_current() {
        FlowView view = given(created());

        assertThat(view.status()).isEqualTo(FlowStatus.CREATED);
        assertThat(view.currentPhase()).isEqualTo("wave_planning");
        assertThat(view.phases()).extracting(FlowPhaseView::state).containsOnly(PhaseState.PENDING);
        assertThat(view.phases()).extracting(FlowPhaseView::name)
                .containsExactly("wave_planning", "timeline_optimization", "resource_allocation");
        assertThat(view.version()).isZero();
        assertThat(view.createdBy()).isEqualTo("alice");
    }

    @Test
    void a_completed_phase_leaves_the_flow_waiting_for_the_next_one() {
        FlowView view = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()),
                new PhaseCompleted(flowId, WAVES, 1, Map.of(), Duration.ofSeconds(5)));

        assertThat(view.status()).isEqualTo(FlowStatus.WAITING);
        assertThat(view.currentPhase()).isEqualTo("timeline_optimization");
        assertThat(view.phases().get(0).state()).isEqualTo(PhaseState.COMPLETED);
        assertThat(view.phases().get(0).duration()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_failed_attempt_with_a_retry_granted_waits_for_it_and_the_flow_keeps_running() {
        Instant retryAt = T0.plusSeconds(60);
        FlowView view = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()),
                new PhaseFailed(flowId, WAVES, 1, "boom", true, retryAt));

        assertThat(view.status()).isEqualTo(FlowStatus.RUNNING);
        FlowPhaseView waves = view.phases().get(0);
        assertThat(waves.state()).isEqualTo(PhaseState.RETRY_WAIT);
        assertThat(waves.nextAttemptAt()).isEqualTo(retryAt);
        assertThat(waves.lastError()).isEqualTo("boom");
        assertThat(waves.finishedAt()).isNull();
        assertThat(waves.duration()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_phase_out_of_attempts_fails_and_so_does_the_flow() {
        FlowView view = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()),
                new PhaseFailed(flowId, WAVES, 1, "boom", true, null), new FlowFailed(flowId, WAVES, "boom"));

        assertThat(view.status()).isEqualTo(FlowStatus.FAILED);
        assertThat(view.phases().get(0).state()).isEqualTo(PhaseState.FAILED);
        assertThat(view.phases().get(0).finishedAt()).isNotNull();
        assertThat(view.currentPhase()).isEqualTo("wave_planning");
    }

    @Test
    void a_phase_completing_while_paused_keeps_the_flow_paused_and_resume_returns_it_to_waiting() {
        FlowView paused = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()), new FlowPaused(flowId, "review"),
                new PhaseCompleted(flowId, WAVES, 1, Map.of(), Duration.ofSeconds(2)));
        assertThat(paused.status()).isEqualTo(FlowStatus.PAUSED);
        assertThat(paused.currentPhase()).isEqualTo("timeline_optimization");

        FlowView resumed = then(new FlowResumed(flowId, null));
        assertThat(resumed.status()).isEqualTo(FlowStatus.WAITING);
        assertThat(resumed.statusBeforePause()).isNull();
    }

    @Test
    void the_last_phase_completing_while_paused_completes_the_flow() {
        FlowView view = given(created(), new PhaseSkipped(flowId, WAVES, null), new PhaseSkipped(flowId, TIMELINE, null),
                new PhaseStarted(flowId, RESOURCES, 1, Map.of()), new FlowPaused(flowId, null),
                new PhaseCompleted(flowId, RESOURCES, 1, Map.of(), Duration.ZERO), new FlowCompleted(flowId));

        assertThat(view.status()).isEqualTo(FlowStatus.COMPLETED);
        assertThat(view.currentPhase()).isNull();
        assertThat(view.statusBeforePause()).isNull();
    }

    @Test
    void deleting_a_flow_cancels_the_attempt_that_was_running_and_leaves_the_other_phases_as_they_were() {
        FlowView view = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()), new FlowDeleted(flowId, "duplicate"));

        assertThat(view.status()).isEqualTo(FlowStatus.DELETED);
        assertThat(view.deleted()).isTrue();
        FlowPhaseView cancelled = view.phases().get(0);
        assertThat(cancelled.state()).isEqualTo(PhaseState.CANCELLED);
        assertThat(cancelled.finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(cancelled.duration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(cancelled.changedIn()).isEqualTo(2);
        assertThat(view.phases().get(1).state()).isEqualTo(PhaseState.PENDING);
        assertThat(view.phases().get(1).changedIn()).isZero();
    }

    @Test
    void deleting_a_flow_cancels_the_retry_a_phase_was_waiting_for() {
        FlowView view = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()),
                new PhaseFailed(flowId, WAVES, 1, "boom", true, T0.plusSeconds(60)), new FlowDeleted(flowId, "duplicate"));

        FlowPhaseView cancelled = view.phases().get(0);
        assertThat(cancelled.state()).isEqualTo(PhaseState.CANCELLED);
        assertThat(cancelled.nextAttemptAt()).isNull();
        assertThat(cancelled.finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(cancelled.lastError()).isEqualTo("boom");
    }

    @Test
    void a_rewound_flow_shows_the_phase_and_every_later_one_pending_again_with_their_attempts_counted() {
        FlowView view = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()),
                new PhaseCompleted(flowId, WAVES, 1, Map.of(), Duration.ofSeconds(5)), new PhaseStarted(flowId, TIMELINE, 1, Map.of()),
                new PhaseFailed(flowId, TIMELINE, 1, "boom", false, null), new FlowFailed(flowId, TIMELINE, "boom"),
                new FlowRewound(flowId, WAVES, "wrong input", null, null));

        assertThat(view.status()).isEqualTo(FlowStatus.CREATED);
        assertThat(view.currentPhase()).isEqualTo("wave_planning");
        assertThat(view.phases()).extracting(FlowPhaseView::state).containsOnly(PhaseState.PENDING);
        FlowPhaseView timeline = view.phases().get(1);
        assertThat(timeline.attempts()).isEqualTo(1);
        assertThat(timeline.lastError()).isNull();
        assertThat(timeline.finishedAt()).isNull();
        assertThat(timeline.changedIn()).isEqualTo(6);

        FlowPhaseView again = then(new PhaseStarted(flowId, WAVES, 2, Map.of())).phases().get(0);
        assertThat(again.state()).isEqualTo(PhaseState.RUNNING);
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void a_flow_rewound_to_a_later_phase_waits_for_it_and_a_paused_one_stays_paused() {
        FlowView rewound = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()),
                new PhaseCompleted(flowId, WAVES, 1, Map.of(), Duration.ofSeconds(5)), new PhaseStarted(flowId, TIMELINE, 1, Map.of()),
                new FlowPaused(flowId, "review"), new FlowRewound(flowId, TIMELINE, null, TIMELINE, 1));

        assertThat(rewound.status()).isEqualTo(FlowStatus.PAUSED);
        assertThat(rewound.phases().get(0).state()).isEqualTo(PhaseState.COMPLETED);
        assertThat(rewound.phases().get(1).state()).isEqualTo(PhaseState.PENDING);
        assertThat(then(new FlowResumed(flowId, null)).status()).isEqualTo(FlowStatus.WAITING);
    }

    @Test
    void a_configuration_change_shows_the_configuration_after_it() {
        FlowView view = given(created(), new FlowConfigurationChanged(flowId, Map.of("wave_size", 20), Map.of("wave_size", 20)));

        assertThat(view.configuration()).isEqualTo(Map.of("wave_size", 20));
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void events_about_assets_move_the_version_and_change_nothing_else() {
        FlowView before = given(created());
        FlowView after = then(new AssetsDiscovered(flowId, WAVES, List.of()));

        assertThat(after.version()).isEqualTo(1);
        assertThat(after.phases()).isEqualTo(before.phases());
        assertThat(after.status()).isEqualTo(before.status());
    }

    @Test
    void an_event_at_or_below_the_views_version_changes_nothing() {
        FlowView view = given(created(), new PhaseStarted(flowId, WAVES, 1, Map.of()));
        FlowEvent replayed = events.get(1);

        assertThat(FlowView.evolve(view, replayed)).isSameAs(view);
        assertThat(FlowView.evolve(view, events.get(0))).isSameAs(view);
    }

    @Test
    void nothing_is_shown_of_a_flow_before_its_creation_event_or_without_an_owner() {
        assertThat(FlowView.evolve(null, new FlowEvent(new PhaseStarted(flowId, WAVES, 1, Map.of()), OWNER, T0, 1))).isNull();
        assertThat(FlowView.evolve(null, new FlowEvent(created(), Map.of(MetaDataKeys.USER_ID, "alice"), T0, 0))).isNull();
    }

    @Test
    void a_legacy_flow_starts_in_the_status_it_had_and_from_its_legacy_creation_time() {
        Instant legacyCreatedAt = Instant.parse("2023-06-01T08:00:00Z");
        FlowView view = given(new LegacyFlowImported(flowId, new FlowTypeRef("planning", 1), "old flow", Map.of(),
                FlowStory.PLANNING_PHASES, FlowStatus.PAUSED, "waiting_for_approval", "legacy-1",
                "crewai_flow_state_extensions", legacyCreatedAt, Map.of()));
        assertThat(view.status()).isEqualTo(FlowStatus.PAUSED);
        assertThat(view.createdAt()).isEqualTo(legacyCreatedAt);
        assertThat(view.legacyFlowId()).isEqualTo("legacy-1");

        assertThat(then(new FlowResumed(flowId, null)).status()).isEqualTo(FlowStatus.CREATED);
    }

    @Test
    void times_are_kept_to_the_microsecond_and_durations_to_the_millisecond_as_the_read_model_keeps_them() {
        Instant precise = Instant.parse("2025-01-01T00:00:00.123456789Z");
        FlowView view = FlowView.fold(List.of(
                new FlowEvent(created(), OWNER, precise, 0),
                new FlowEvent(new PhaseStarted(flowId, WAVES, 1, Map.of()), OWNER, precise, 1),
                new FlowEvent(new PhaseFailed(flowId, WAVES, 1, "boom", true, precise), OWNER, precise, 2))).orElseThrow();

        assertThat(view.createdAt()).isEqualTo("2025-01-01T00:00:00.123456Z");
        assertThat(view.phases().get(0).nextAttemptAt()).isEqualTo("2025-01-01T00:00:00.123456Z");
        assertThat(view.phases().get(0).duration()).isEqualTo(Duration.ZERO);
        assertThat(FlowView.evolve(view, new FlowEvent(new PhaseCompleted(flowId, WAVES, 1, Map.of(), Duration.ofNanos(1_500_000)),
                OWNER, precise, 3)).phases().get(0).duration()).isEqualTo(Duration.ofMillis(1));
    }

    private FlowCreated created() {
        return new FlowCreated(flowId, new FlowTypeRef("planning", 1), "Q3 waves", Map.of(), FlowStory.PLANNING_PHASES, false);
    }

    private FlowView given(Object... payloads) {
        for (Object payload : payloads) {
            events.add(new FlowEvent(payload, OWNER, T0.plusSeconds(events.size()), events.size()));
        }
        return FlowView.fold(events).orElseThrow();
    }

    private FlowView then(Object payload) {
        return given(payload);
    }
}
