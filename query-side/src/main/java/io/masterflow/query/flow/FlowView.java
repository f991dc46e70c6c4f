package io.masterflow.query.flow;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
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
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A flow as its events describe it: the one place that decides how an event changes what the read side shows.
 * The flow-status projection persists it event by event; the time-travel endpoint folds a flow's stored events
 * through it. Pure: no I/O, no clock, no framework.
 *
 * <p>It mirrors the Flow aggregate's state machine without judging it: the command side has already refused
 * whatever was not allowed, so every stored event is applied as it is.
 *
 * @param statusBeforePause while paused: the status a resume returns to (what happened meanwhile included)
 * @param currentPhase      the phase running or to run next; null once every phase is completed or skipped
 * @param legacyFlowId      the id the legacy platform knew the flow by, for a flow the migration tool brought over
 * @param configuration     as created, changed by every configuration change since
 * @param version           sequence number of the last event applied
 */
public record FlowView(FlowId flowId, ClientAccountId account, EngagementId engagement, FlowTypeRef flowType, String name,
                       String legacyFlowId, Map<String, Object> configuration, FlowStatus status, FlowStatus statusBeforePause, String currentPhase, boolean autoAdvance,
                       Instant createdAt, String createdBy, Instant updatedAt, String lastUser, long version,
                       List<FlowPhaseView> phases) {

    public FlowView {
        Objects.requireNonNull(flowId, "flow id");
        Objects.requireNonNull(account, "client account");
        Objects.requireNonNull(engagement, "engagement");
        Objects.requireNonNull(status, "status");
        configuration = configuration == null ? Map.of() : configuration;
        phases = List.copyOf(phases);
    }

    public boolean deleted() {
        return status == FlowStatus.DELETED;
    }

    /**
     * The view after one more event: {@code before} is the view so far, or null when nothing of the flow has been
     * applied yet. An event at or below the view's version was applied already and changes nothing; an event
     * before the flow's creation event has no flow to change and leaves null.
     */
    public static FlowView evolve(FlowView before, FlowEvent event) {
        if (before == null) {
            return begin(event).orElse(null);
        }
        return before.apply(event);
    }

    /** A flow's state after every given event, in order: empty if none of them created it. */
    public static Optional<FlowView> fold(Iterable<FlowEvent> events) {
        FlowView view = null;
        for (FlowEvent event : events) {
            view = evolve(view, event);
        }
        return Optional.ofNullable(view);
    }

    /** Whether an event of this type creates its flow: the only events a flow's view can begin with. */
    static boolean creates(Class<?> payloadType) {
        return payloadType == FlowCreated.class || payloadType == LegacyFlowImported.class;
    }

    private static Optional<FlowView> begin(FlowEvent event) {
        String account = event.metaDataValue(MetaDataKeys.CLIENT_ACCOUNT_ID);
        String engagement = event.metaDataValue(MetaDataKeys.ENGAGEMENT_ID);
        if (account == null || engagement == null) {
            // a flow nobody owns could be shown to nobody; the command side never stores one
            return Optional.empty();
        }
        String user = event.metaDataValue(MetaDataKeys.USER_ID);
        if (event.payload() instanceof FlowCreated created) {
            return Optional.of(new FlowView(created.flowId(), ClientAccountId.of(account), EngagementId.of(engagement),
                    created.flowType(), created.name(), null, created.configuration(), FlowStatus.CREATED, null, null,
                    created.autoAdvance(),
                    event.timestamp(), user, event.timestamp(), user, event.sequence(), pending(created.phases(), event.sequence()))
                    .withCurrentPhase());
        }
        if (event.payload() instanceof LegacyFlowImported imported) {
            // the legacy record's own creation time when it has one: no invented timestamps
            Instant createdAt = imported.legacyCreatedAt() != null ? Precision.of(imported.legacyCreatedAt()) : event.timestamp();
            FlowStatus status = imported.status() == null ? FlowStatus.CREATED : imported.status();
            return Optional.of(new FlowView(imported.flowId(), ClientAccountId.of(account), EngagementId.of(engagement),
                    imported.flowType(), imported.name() == null ? "" : imported.name(), imported.legacyFlowId(),
                    imported.configuration(), status, null, null, false,
                    createdAt, user, event.timestamp(), user, event.sequence(), pending(imported.phases(), event.sequence()))
                    .withCurrentPhase());
        }
        return Optional.empty();
    }

    private FlowView apply(FlowEvent event) {
        if (event.sequence() <= version) {
            return this;
        }
        return change(event).withCurrentPhase().touched(event);
    }

    private FlowView change(FlowEvent event) {
        Object payload = event.payload();
        Instant at = event.timestamp();
        if (payload instanceof PhaseStarted started) {
            return withPhase(started.phase(), event.sequence(), phase -> phase.started(started.attempt(), at)).withStatus(FlowStatus.RUNNING);
        }
        if (payload instanceof PhaseCompleted completed) {
            return withPhase(completed.phase(), event.sequence(), phase -> phase.completed(completed.attempt(), completed.duration(), at))
                    .settle(FlowStatus.WAITING);
        }
        if (payload instanceof PhaseSkipped skipped) {
            return withPhase(skipped.phase(), event.sequence(), phase -> phase.skipped(at)).settle(FlowStatus.WAITING);
        }
        if (payload instanceof PhaseFailed failed) {
            // the flow stays as it is: a retry keeps it running, and FlowFailed follows when no retry is left
            return withPhase(failed.phase(), event.sequence(), phase -> phase.failed(failed.attempt(), failed.error(), failed.nextAttemptAt(), at));
        }
        if (payload instanceof FlowFailed) {
            return settle(FlowStatus.FAILED);
        }
        if (payload instanceof FlowCompleted) {
            // even while paused: with every phase done there is nothing left to hold
            return withStatus(FlowStatus.COMPLETED);
        }
        if (payload instanceof FlowPaused) {
            return status == FlowStatus.PAUSED ? this
                    : new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, FlowStatus.PAUSED, status, currentPhase,
                    autoAdvance, createdAt, createdBy, updatedAt, lastUser, version, phases);
        }
        if (payload instanceof FlowResumed) {
            return status != FlowStatus.PAUSED ? this
                    : new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, resumedStatus(), null, currentPhase,
                    autoAdvance, createdAt, createdBy, updatedAt, lastUser, version, phases);
        }
        if (payload instanceof FlowRewound rewound) {
            boolean firstPhase = !phases.isEmpty() && phases.get(0).name().equals(rewound.toPhase().value());
            return rewoundTo(rewound.toPhase().value(), event.sequence()).settle(firstPhase ? FlowStatus.CREATED : FlowStatus.WAITING);
        }
        if (payload instanceof FlowConfigurationChanged changed) {
            return new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, changed.configuration(), status,
                    statusBeforePause, currentPhase, autoAdvance, createdAt, createdBy, updatedAt, lastUser, version, phases);
        }
        if (payload instanceof FlowDeleted) {
            return new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, FlowStatus.DELETED, null, currentPhase,
                    autoAdvance, createdAt, createdBy, updatedAt, lastUser, version, cancelled(event.sequence(), at));
        }
        // assets, a repeated creation, events newer than this side: the flow moved on to a new version all the same
        return this;
    }

    /** A status the flow reaches by itself: held back while paused, it becomes the status a resume returns to. */
    private FlowView settle(FlowStatus reached) {
        if (status == FlowStatus.PAUSED) {
            return new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, status, reached, currentPhase, autoAdvance,
                    createdAt, createdBy, updatedAt, lastUser, version, phases);
        }
        return withStatus(reached);
    }

    private FlowStatus resumedStatus() {
        if (statusBeforePause != null) {
            return statusBeforePause;
        }
        // paused before anything was recorded of it (a legacy flow imported as paused): judge by its phases
        if (phases.stream().anyMatch(phase -> phase.state() == PhaseState.RUNNING || phase.state() == PhaseState.RETRY_WAIT)) {
            return FlowStatus.RUNNING;
        }
        return phases.stream().anyMatch(phase -> phase.state().isDone()) ? FlowStatus.WAITING : FlowStatus.CREATED;
    }

    private FlowView withStatus(FlowStatus next) {
        return new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, next, null, currentPhase, autoAdvance,
                createdAt, createdBy, updatedAt, lastUser, version, phases);
    }

    /** The phase named and every later one pending again, with their history of attempts kept. */
    private FlowView rewoundTo(String phase, long sequence) {
        List<FlowPhaseView> rewound = new ArrayList<>(phases);
        boolean reached = false;
        for (int i = 0; i < rewound.size(); i++) {
            reached = reached || rewound.get(i).name().equals(phase);
            if (reached) {
                rewound.set(i, rewound.get(i).rewound().changedIn(sequence));
            }
        }
        return new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, status, statusBeforePause,
                currentPhase, autoAdvance, createdAt, createdBy, updatedAt, lastUser, version, rewound);
    }

    private List<FlowPhaseView> cancelled(long sequence, Instant at) {
        return phases.stream().map(phase -> {
            FlowPhaseView cancelled = phase.cancelled(at);
            return cancelled == phase ? phase : cancelled.changedIn(sequence);
        }).toList();
    }

    private FlowView withPhase(PhaseName phaseName, long sequence, UnaryOperator<FlowPhaseView> change) {
        List<FlowPhaseView> changed = new ArrayList<>(phases);
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i).name().equals(phaseName.value())) {
                changed.set(i, change.apply(changed.get(i)).changedIn(sequence));
                return new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, status, statusBeforePause, currentPhase,
                        autoAdvance, createdAt, createdBy, updatedAt, lastUser, version, changed);
            }
        }
        // a phase the flow did not pin: the command side refuses those, so there is nothing to show
        return this;
    }

    private FlowView withCurrentPhase() {
        String current = status == FlowStatus.COMPLETED ? null : phases.stream()
                .filter(phase -> !phase.state().isDone())
                .map(FlowPhaseView::name)
                .findFirst().orElse(null);
        if (Objects.equals(current, currentPhase)) {
            return this;
        }
        return new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, status, statusBeforePause, current, autoAdvance,
                createdAt, createdBy, updatedAt, lastUser, version, phases);
    }

    private FlowView touched(FlowEvent event) {
        String user = event.metaDataValue(MetaDataKeys.USER_ID);
        return new FlowView(flowId, account, engagement, flowType, name, legacyFlowId, configuration, status, statusBeforePause, currentPhase, autoAdvance,
                createdAt, createdBy, event.timestamp(), user == null ? lastUser : user, event.sequence(), phases);
    }

    private static List<FlowPhaseView> pending(List<PhaseDefinition> definitions, long version) {
        List<FlowPhaseView> phases = new ArrayList<>(definitions.size());
        for (int i = 0; i < definitions.size(); i++) {
            PhaseDefinition definition = definitions.get(i);
            phases.add(FlowPhaseView.pending(i, definition.name().value(), definition.required(), version));
        }
        return phases;
    }
}
