package io.masterflow.command.flow;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.security.Caller;
import io.masterflow.validation.ValidatorRegistry;
import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.DiscoveredAsset;
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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A flow: an ordered run of phases for one client engagement. Command handlers decide (guard clauses, then
 * events); event-sourcing handlers only record what the events say. Every handler returns the flow's version
 * after the command, so callers can ask the read side for exactly that state. The rules that are more than a guard
 * are named policies the flow consults: the phase order ({@link PhaseOrder}), the retry decision
 * ({@link RetryDecision}) and the pause hold ({@link PauseHold}).
 */
// the repository (AxonConfiguration) caches flows and snapshots them with the "flowSnapshotTrigger"; commands name
// their flow (FlowCommandTarget)
@Aggregate(repository = "flowRepository", commandTargetResolver = "flowCommandTarget")
// 3: each phase's last attempt number and the creation's own configuration joined the state (rewinds, configuration
// changes); older snapshots lack them and are replayed instead
@Revision("3")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Flow {

    /** Assets of one completion are recorded in events of at most this many, so that no event grows without bound. */
    static final int ASSETS_PER_EVENT = 500;

    @AggregateIdentifier
    private FlowId flowId;
    private ClientAccountId account;
    private EngagementId engagement;
    private FlowTypeRef flowType;
    private String name;
    private Map<String, Object> configuration;
    /** The configuration the flow was created with: a repeated creation is the same request only with this one. */
    private Map<String, Object> creationConfiguration;
    private boolean autoAdvance;
    private List<PhaseDefinition> phases;

    private FlowStatus status;
    private FlowStatus statusBeforePause;
    /** Index in {@link #phases} of the phase to do next; equals its size once every phase is done. */
    private int nextPhase;
    /** Last attempt number of the next phase; 0 before its first start. */
    private int lastAttempt;
    /** First attempt of the current run of the next phase: a manual restart after FAILED begins a new run. */
    private int runFirstAttempt;
    private boolean attemptRunning;
    private Instant attemptStartedAt;
    /** Set while a failed attempt waits for its retry. */
    private Instant retryAt;
    /** Input of the last attempt started: a retry runs on the same input. */
    private Map<String, Object> attemptInput;
    /** When the running attempt times out; null without a timeout, and while the flow is paused. */
    private Instant attemptDeadline;
    /** What was left of the running attempt's timeout when the flow was paused: the clock stops while paused. */
    private Duration timeoutLeft;
    private Map<String, Object> lastOutput;
    /** Every asset id the flow's phases discovered: only those can be validated. */
    private Set<String> assetIds = new HashSet<>();
    /**
     * The number of each phase's last attempt, kept when the flow moves past it: a rewind runs the phase again under
     * the next numbers, so an attempt's number names one attempt for good (and its task, its report).
     */
    private Map<String, Integer> lastAttemptByPhase = new HashMap<>();

    protected Flow() {
        // for Axon and for snapshots
    }

    /** Creation, or its repetition under the same idempotency key: the flow already there answers for it. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(CreateFlow command, Caller caller, FlowTypeRegistry flowTypes) {
        if (flowId != null) {
            return repeatedCreation(command, caller);
        }
        FlowTypeDefinition definition = flowTypes.latest(command.flowType())
                .orElseThrow(() -> FlowRejected.invalid("flowType", "unknown flow type '" + command.flowType()
                        + "'; GET /api/v1/flow-types lists the known ones"));
        apply(new FlowCreated(command.flowId(), definition.ref(), command.name(), command.configuration(),
                        definition.phases(), command.autoAdvance()),
                owner(caller.account(), command.engagementId()));
        return version();
    }

    /**
     * The same creation under a new random id, which names no flow yet: Axon skips the two queries that would look for
     * one (snapshot, events), and the body above finds no flow.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public long handle(CreateNewFlow command, Caller caller, FlowTypeRegistry flowTypes) {
        return handle(command.flow(), caller, flowTypes);
    }

    @CommandHandler
    public AttemptStarted handle(StartPhase command, Caller caller, ValidatorRegistry validators, DeadlineManager deadlines) {
        requireCommandable(command, caller);
        requireNotFinished("start a phase");
        requireNotPaused("start a phase");
        if (attemptRunning) {
            throw FlowRejected.conflict("attempt " + lastAttempt + " of phase " + currentPhase().name()
                    + " is still running; complete or fail it first");
        }
        PhaseDefinition phase = currentPhase();
        if (command.phase() != null && !command.phase().equals(phase.name())) {
            throw rejectedPhase(command.phase(), "start");
        }
        List<String> problems = validators.problems(phase.validators(), command.input());
        if (!problems.isEmpty()) {
            throw FlowRejected.invalid("input", "input of phase " + phase.name() + " is invalid: " + String.join("; ", problems));
        }
        startAttempt(phase, command.input(), deadlines, now());
        return new AttemptStarted(phase.name(), lastAttempt, version());
    }

    @CommandHandler
    public long handle(CompletePhase command, Caller caller, ValidatorRegistry validators, DeadlineManager deadlines) {
        requireCommandable(command, caller);
        PhaseDefinition phase = requireRunningAttempt(command.phase(), command.attempt());
        List<String> problems = validators.problems(phase.validators(), command.output());
        if (!problems.isEmpty()) {
            throw FlowRejected.invalid("output", "output of phase " + phase.name() + " is invalid: " + String.join("; ", problems));
        }
        if (command.assets().stream().anyMatch(asset -> asset.assetId().isBlank())) {
            throw FlowRejected.invalid("assets", "every asset needs a non-blank assetId");
        }
        Duration duration = Duration.between(attemptStartedAt, now());
        deadlines.cancelAllWithinScope(AttemptTimedOut.DEADLINE);
        for (int from = 0; from < command.assets().size(); from += ASSETS_PER_EVENT) {
            List<DiscoveredAsset> batch = command.assets().subList(from, Math.min(from + ASSETS_PER_EVENT, command.assets().size()));
            record(new AssetsDiscovered(flowId, phase.name(), batch));
        }
        record(new PhaseCompleted(flowId, phase.name(), command.attempt(), command.output(), duration), personalOutput(phase));
        moveOn(command.output(), deadlines, now());
        return version();
    }

    @CommandHandler
    public long handle(FailPhase command, Caller caller, DeadlineManager deadlines, RetryJitter jitter) {
        requireCommandable(command, caller);
        PhaseDefinition phase = requireRunningAttempt(command.phase(), command.attempt());
        failAttempt(phase, command.attempt(), command.error(), command.retryable(), deadlines, jitter, now());
        return version();
    }

    @CommandHandler
    public long handle(SkipPhase command, Caller caller, DeadlineManager deadlines) {
        requireCommandable(command, caller);
        requireNotFinished("skip a phase");
        requireNotPaused("skip a phase");
        PhaseDefinition phase = currentPhase();
        if (!phase.name().equals(command.phase())) {
            throw rejectedPhase(command.phase(), "skip");
        }
        if (phase.required()) {
            throw FlowRejected.conflict("phase " + phase.name() + " is required and cannot be skipped");
        }
        if (attemptRunning) {
            throw FlowRejected.conflict("attempt " + lastAttempt + " of phase " + phase.name()
                    + " is running; it cannot be skipped until it completes or fails");
        }
        deadlines.cancelAllWithinScope(RetryDue.DEADLINE);
        record(new PhaseSkipped(flowId, phase.name(), command.reason()));
        moveOn(Map.of(), deadlines, now());
        return version();
    }

    @CommandHandler
    public long handle(PauseFlow command, Caller caller, DeadlineManager deadlines) {
        requireCommandable(command, caller);
        requireNotFinished("pause it");
        if (status == FlowStatus.PAUSED) {
            throw FlowRejected.conflict("flow " + flowId + " is already paused");
        }
        if (attemptDeadline != null) {
            // the timeout clock stops; resume schedules what is left of it
            deadlines.cancelAllWithinScope(AttemptTimedOut.DEADLINE);
        }
        record(new FlowPaused(flowId, command.reason()));
        return version();
    }

    @CommandHandler
    public long handle(ResumeFlow command, Caller caller, DeadlineManager deadlines) {
        requireCommandable(command, caller);
        if (status != FlowStatus.PAUSED) {
            throw FlowRejected.conflict("flow " + flowId + " is " + status + ", not paused");
        }
        record(new FlowResumed(flowId, command.reason()));
        Instant now = now();
        switch (PauseHold.onResume(attemptRunning, attemptDeadline, retryDueBy(now), autoAdvance, status)) {
            case TIMEOUT -> deadlines.schedule(attemptDeadline, AttemptTimedOut.DEADLINE, new AttemptTimedOut(currentPhase().name(), lastAttempt));
            case DUE_RETRY -> startAttempt(currentPhase(), attemptInput, deadlines, now);
            case HELD_PHASE -> startAttempt(currentPhase(), lastOutput, deadlines, now);
            case NOTHING -> {
            }
        }
        return version();
    }

    @CommandHandler
    public long handle(RewindFlow command, Caller caller, DeadlineManager deadlines) {
        requireCommandable(command, caller);
        order().requireRewindableTo(command.toPhase(), untouched());
        deadlines.cancelAllWithinScope(AttemptTimedOut.DEADLINE);
        deadlines.cancelAllWithinScope(RetryDue.DEADLINE);
        record(new FlowRewound(flowId, command.toPhase(), command.reason(), attemptRunning ? currentPhase().name() : null,
                attemptRunning ? lastAttempt : null));
        return version();
    }

    @CommandHandler
    public long handle(ChangeConfiguration command, Caller caller) {
        requireCommandable(command, caller);
        requireNotFinished("change its configuration");
        Map<String, Object> changed = JsonMergePatch.apply(configuration, command.patch());
        if (!changed.equals(configuration)) {
            record(new FlowConfigurationChanged(flowId, command.patch(), changed));
        }
        return version();
    }

    @CommandHandler
    public long handle(ValidateAsset command, Caller caller) {
        requireCommandable(command, caller);
        if (!assetIds.contains(command.assetId())) {
            throw FlowRejected.of(FlowRejected.Reason.NOT_FOUND, null,
                    "flow " + flowId + " discovered no asset '" + command.assetId() + "'");
        }
        record(new AssetValidated(flowId, command.assetId(), command.verdict(), command.notes()));
        return version();
    }

    @CommandHandler
    public long handle(DeleteFlow command, Caller caller, DeadlineManager deadlines) {
        requireCommandable(command, caller);
        deadlines.cancelAllWithinScope(AttemptTimedOut.DEADLINE);
        deadlines.cancelAllWithinScope(RetryDue.DEADLINE);
        record(new FlowDeleted(flowId, command.reason()));
        return version();
    }

    // ---- deadlines: durable, and possibly stale by the time they fire (the flow moved on), so each checks first.
    // A deadline message's timestamp is the moment it fired: the handlers' "now".

    @DeadlineHandler(deadlineName = AttemptTimedOut.DEADLINE)
    void on(AttemptTimedOut due, @Timestamp Instant firedAt, DeadlineManager deadlines, RetryJitter jitter) {
        boolean stillRunning = status == FlowStatus.RUNNING && attemptRunning && lastAttempt == due.attempt()
                && currentPhase().name().equals(due.phase());
        if (stillRunning) {
            failAttempt(currentPhase(), due.attempt(), "timed out after " + currentPhase().timeout(), true, deadlines, jitter, firedAt);
        }
    }

    @DeadlineHandler(deadlineName = RetryDue.DEADLINE)
    void on(RetryDue due, @Timestamp Instant firedAt, DeadlineManager deadlines) {
        // a paused flow passes the retry over; resume starts it
        boolean stillDue = status == FlowStatus.RUNNING && retryAt != null && lastAttempt + 1 == due.attempt()
                && currentPhase().name().equals(due.phase());
        if (stillDue) {
            startAttempt(currentPhase(), attemptInput, deadlines, firedAt);
        }
    }

    // ---- decisions shared by several commands

    private long repeatedCreation(CreateFlow command, Caller caller) {
        if (!caller.mayAccess(account, engagement)) {
            // derived ids include account and engagement, so only a client-supplied collision lands here
            throw FlowRejected.conflict("the idempotency key was already used for another request");
        }
        boolean sameRequest = command.flowType().equals(flowType.type()) && Objects.equals(command.name(), name)
                && command.configuration().equals(creationConfiguration) && command.autoAdvance() == autoAdvance
                && command.engagementId().equals(engagement);
        if (!sameRequest) {
            throw FlowRejected.conflict("the idempotency key was already used for flow " + flowId
                    + " with a different request; use a new key for a new flow");
        }
        return version();
    }

    private void requireCommandable(VersionedCommand command, Caller caller) {
        if (!caller.mayAccess(account, engagement)) {
            throw FlowRejected.notFound(flowId);
        }
        if (status == FlowStatus.DELETED) {
            throw FlowRejected.gone(flowId);
        }
        if (command.expectedVersion() != null && command.expectedVersion() != version()) {
            throw FlowRejected.conflict("flow " + flowId + " is at version " + version() + ", not the expected "
                    + command.expectedVersion() + "; read it again and retry");
        }
    }

    private void requireNotFinished(String action) {
        if (status == FlowStatus.COMPLETED) {
            throw FlowRejected.conflict("flow " + flowId + " is completed; cannot " + action);
        }
    }

    private void requireNotPaused(String action) {
        if (status == FlowStatus.PAUSED) {
            throw FlowRejected.conflict("flow " + flowId + " is paused; resume it to " + action);
        }
    }

    private PhaseDefinition requireRunningAttempt(PhaseName phase, int attempt) {
        boolean running = attemptRunning && currentPhase().name().equals(phase) && lastAttempt == attempt;
        if (!running) {
            throw FlowRejected.conflict("attempt " + attempt + " of phase " + phase + " is not running"
                    + (attemptRunning ? "; the running one is attempt " + lastAttempt + " of phase " + currentPhase().name() : "")
                    + "; a late or repeated report changes nothing");
        }
        return currentPhase();
    }

    private FlowRejected rejectedPhase(PhaseName requested, String action) {
        return order().outOfOrder(requested, action);
    }

    private void startAttempt(PhaseDefinition phase, Map<String, Object> input, DeadlineManager deadlines, Instant now) {
        if (retryAt != null) {
            // started early by hand, or by its own deadline: either way no retry is pending any more
            deadlines.cancelAllWithinScope(RetryDue.DEADLINE);
        }
        record(new PhaseStarted(flowId, phase.name(), lastAttempt + 1, input), personalInput(phase));
        if (phase.timeout() != null) {
            deadlines.schedule(now.plus(phase.timeout()), AttemptTimedOut.DEADLINE, new AttemptTimedOut(phase.name(), lastAttempt));
        }
    }

    /** A failed attempt, reported or timed out, and what the retry decision makes of it. */
    private void failAttempt(PhaseDefinition phase, int attempt, String error, boolean retryable,
                             DeadlineManager deadlines, RetryJitter jitter, Instant now) {
        deadlines.cancelAllWithinScope(AttemptTimedOut.DEADLINE);
        RetryDecision decision = RetryDecision.after(phase, attempt, runFirstAttempt, retryable, flowId, jitter, now);
        record(new PhaseFailed(flowId, phase.name(), attempt, error, retryable, decision.nextAttemptAt()));
        if (decision.retry()) {
            deadlines.schedule(decision.nextAttemptAt(), RetryDue.DEADLINE, new RetryDue(phase.name(), attempt + 1));
        } else {
            record(new FlowFailed(flowId, phase.name(), error));
        }
    }

    /**
     * The personal fields of a phase's input: its own, and the previous phase's personal output fields, since moving
     * on hands that output over as the input, where it stays as personal as it was.
     */
    private List<String> personalInput(PhaseDefinition phase) {
        List<String> fields = new ArrayList<>(phase.personalFieldsOf(PhaseDefinition.INPUT));
        int index = phases.indexOf(phase);
        if (index > 0) {
            phases.get(index - 1).personalFieldsOf(PhaseDefinition.OUTPUT).stream()
                    .filter(field -> !fields.contains(field)).forEach(fields::add);
        }
        return fields.stream().map(field -> PhaseDefinition.INPUT + "." + field).toList();
    }

    private static List<String> personalOutput(PhaseDefinition phase) {
        return phase.personalFieldsOf(PhaseDefinition.OUTPUT).stream().map(field -> PhaseDefinition.OUTPUT + "." + field).toList();
    }

    private boolean retryDueBy(Instant instant) {
        return status == FlowStatus.RUNNING && !attemptRunning && retryAt != null && !retryAt.isAfter(instant);
    }

    /** After the next phase completed or was skipped: finish the flow, or start the following phase if asked to. */
    private void moveOn(Map<String, Object> output, DeadlineManager deadlines, Instant now) {
        if (nextPhase >= phases.size()) {
            record(new FlowCompleted(flowId));
        } else if (autoAdvance && !PauseHold.holds(status)) {
            startAttempt(currentPhase(), output, deadlines, now);
        }
    }

    private PhaseDefinition currentPhase() {
        return order().nextPhase();
    }

    private PhaseOrder order() {
        return new PhaseOrder(phases, nextPhase, flowType);
    }

    /** The next phase has seen nothing since the flow reached it: no attempt started in its run, none failed. */
    private boolean untouched() {
        return runFirstAttempt == lastAttempt + 1 && !attemptRunning && retryAt == null && status != FlowStatus.FAILED;
    }

    private void record(Object event) {
        record(event, List.of());
    }

    /**
     * @param personalFields the event's fields the flow's definition marks as personal: named in its metadata, and
     *                       stored sealed with the account's key (PersonalPayloadSealing), after this flow applied them
     */
    private void record(Object event, List<String> personalFields) {
        UnitOfWorkFlowTypes.remember(flowId.toString(), flowType.type());
        MetaData metaData = owner(account, engagement);
        apply(event, personalFields.isEmpty() ? metaData : metaData.and(MetaDataKeys.PERSONAL_FIELDS, personalFields));
    }

    private static MetaData owner(ClientAccountId account, EngagementId engagement) {
        return MetaData.with(MetaDataKeys.CLIENT_ACCOUNT_ID, account.toString())
                .and(MetaDataKeys.ENGAGEMENT_ID, engagement.toString());
    }

    private static long version() {
        Long version = AggregateLifecycle.getVersion();
        return version == null ? -1 : version;
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    // ---- state, from events only

    @EventSourcingHandler
    void on(FlowCreated event, @MetaDataValue(MetaDataKeys.CLIENT_ACCOUNT_ID) String account,
            @MetaDataValue(MetaDataKeys.ENGAGEMENT_ID) String engagement) {
        this.flowId = event.flowId();
        this.account = ClientAccountId.of(account);
        this.engagement = EngagementId.of(engagement);
        this.flowType = event.flowType();
        this.name = event.name();
        this.configuration = event.configuration();
        this.creationConfiguration = event.configuration();
        this.autoAdvance = event.autoAdvance();
        this.phases = event.phases();
        this.status = FlowStatus.CREATED;
        this.runFirstAttempt = 1;
    }

    /**
     * A flow brought over from the legacy tables begins like a created one, in the status its legacy row maps to; the
     * legacy history the migration replays after this event moves it on as it moved the legacy flow. A paused flow
     * begins unpaused: the migration always replays its pause as a FlowPaused, which records what it resumes to.
     */
    @EventSourcingHandler
    void on(LegacyFlowImported event, @MetaDataValue(MetaDataKeys.CLIENT_ACCOUNT_ID) String account,
            @MetaDataValue(MetaDataKeys.ENGAGEMENT_ID) String engagement) {
        this.flowId = event.flowId();
        this.account = ClientAccountId.of(account);
        this.engagement = EngagementId.of(engagement);
        this.flowType = event.flowType();
        this.name = event.name();
        this.configuration = event.configuration();
        this.creationConfiguration = event.configuration();
        this.phases = event.phases();
        this.status = event.status() == FlowStatus.PAUSED ? FlowStatus.CREATED : event.status();
        this.runFirstAttempt = 1;
    }

    @EventSourcingHandler
    void on(PhaseStarted event, @Timestamp Instant startedAt) {
        if (status == FlowStatus.FAILED) {
            runFirstAttempt = event.attempt();
        }
        lastAttempt = event.attempt();
        lastAttemptByPhase.put(event.phase().value(), event.attempt());
        attemptRunning = true;
        attemptStartedAt = startedAt;
        attemptInput = event.input();
        Duration timeout = currentPhase().timeout();
        attemptDeadline = timeout == null ? null : startedAt.plus(timeout);
        timeoutLeft = null;
        retryAt = null;
        status = FlowStatus.RUNNING;
    }

    @EventSourcingHandler
    void on(PhaseCompleted event) {
        attemptEnded();
        // only a retry of the attempt needs its input: an imported inventory is not kept in the flow cache and snapshots
        attemptInput = null;
        lastOutput = event.output();
        advance();
    }

    @EventSourcingHandler
    void on(PhaseSkipped event) {
        retryAt = null;
        advance();
    }

    @EventSourcingHandler
    void on(PhaseFailed event) {
        attemptEnded();
        retryAt = event.nextAttemptAt();
    }

    @EventSourcingHandler
    void on(AssetsDiscovered event) {
        event.assets().forEach(asset -> assetIds.add(asset.assetId()));
    }

    @EventSourcingHandler
    void on(FlowFailed event) {
        setStatus(FlowStatus.FAILED);
    }

    @EventSourcingHandler
    void on(FlowCompleted event) {
        status = FlowStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(FlowPaused event, @Timestamp Instant pausedAt) {
        statusBeforePause = status;
        status = FlowStatus.PAUSED;
        if (attemptDeadline != null) {
            timeoutLeft = attemptDeadline.isAfter(pausedAt) ? Duration.between(pausedAt, attemptDeadline) : Duration.ZERO;
            attemptDeadline = null;
        }
    }

    @EventSourcingHandler
    void on(FlowResumed event, @Timestamp Instant resumedAt) {
        status = statusBeforePause;
        statusBeforePause = null;
        if (timeoutLeft != null) {
            attemptDeadline = resumedAt.plus(timeoutLeft);
            timeoutLeft = null;
        }
    }

    @EventSourcingHandler
    void on(FlowRewound event) {
        attemptEnded();
        retryAt = null;
        lastOutput = null;
        nextPhase = order().indexOf(event.toPhase());
        continueNumbering();
        setStatus(nextPhase == 0 ? FlowStatus.CREATED : FlowStatus.WAITING);
    }

    @EventSourcingHandler
    void on(FlowConfigurationChanged event) {
        configuration = event.configuration();
    }

    @EventSourcingHandler
    void on(FlowDeleted event) {
        status = FlowStatus.DELETED;
        attemptEnded();
        retryAt = null;
    }

    private void attemptEnded() {
        attemptRunning = false;
        attemptDeadline = null;
        timeoutLeft = null;
    }

    private void advance() {
        nextPhase++;
        continueNumbering();
        setStatus(FlowStatus.WAITING);
    }

    /** The next phase begins a new run: its retry policy counts from its next attempt, numbered after its last one. */
    private void continueNumbering() {
        lastAttempt = nextPhase < phases.size() ? lastAttemptByPhase.getOrDefault(currentPhase().name().value(), 0) : 0;
        runFirstAttempt = lastAttempt + 1;
    }

    /** A paused flow stays paused; what happens meanwhile decides the status it resumes to. */
    private void setStatus(FlowStatus next) {
        if (status == FlowStatus.PAUSED) {
            statusBeforePause = next;
        } else {
            status = next;
        }
    }
}
