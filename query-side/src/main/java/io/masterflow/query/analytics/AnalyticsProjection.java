package io.masterflow.query.analytics;

import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowRewound;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.analytics.AnalyticsFacts.AttemptFinished;
import io.masterflow.query.analytics.AnalyticsFacts.FlowOpened;
import io.masterflow.query.analytics.AnalyticsFacts.OutcomeChanged;
import io.masterflow.query.axon.PendingWrites;
import io.masterflow.query.axon.ProjectionWrites;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.flow.FlowStatusProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps the analytics read model: when each flow was created and how and when it ended, and every finished phase
 * attempt with its outcome and duration. A batch's facts are written when it commits, in the transaction that
 * also moves the processor's token. Events of one flow reach the same segment in order, so a flow's row is
 * written before its attempts and its outcomes.
 */
@Component
@ProcessingGroup(QueryProcessors.ANALYTICS)
public class AnalyticsProjection {

    private static final String BATCH = AnalyticsProjection.class.getName() + ".batch";

    private final AnalyticsFacts facts;
    private final ProjectionWrites writes;

    public AnalyticsProjection(AnalyticsFacts facts, ProjectionWrites writes) {
        this.facts = facts;
        this.writes = writes;
    }

    @EventHandler
    void on(FlowCreated created, DomainEventMessage<?> message) {
        project(() -> opened(message, created.flowType().type(), message.getTimestamp(), null));
    }

    @EventHandler
    void on(LegacyFlowImported imported, DomainEventMessage<?> message) {
        // the legacy record's own creation time when it has one; an ended legacy flow has no time it ended
        Instant createdAt = imported.legacyCreatedAt() != null ? imported.legacyCreatedAt() : message.getTimestamp();
        Outcome outcome = imported.status() == FlowStatus.COMPLETED ? Outcome.COMPLETED
                : imported.status() == FlowStatus.FAILED ? Outcome.FAILED : null;
        project(() -> opened(message, imported.flowType().type(), createdAt, outcome));
    }

    @EventHandler
    void on(PhaseStarted started, DomainEventMessage<?> message) {
        project(() -> flowIdOf(message).ifPresent(flow -> batch().add(new OutcomeChanged(flow, null, null, message.getSequenceNumber(), false))));
    }

    @EventHandler
    void on(FlowRewound rewound, DomainEventMessage<?> message) {
        project(() -> flowIdOf(message).ifPresent(flow -> batch().add(new OutcomeChanged(flow, null, null, message.getSequenceNumber(), true))));
    }

    @EventHandler
    void on(PhaseCompleted completed, DomainEventMessage<?> message) {
        project(() -> flowIdOf(message).ifPresent(flow -> batch().add(new AttemptFinished(flow, completed.phase().value(),
                completed.attempt(), Outcome.COMPLETED, message.getTimestamp(),
                completed.duration() == null ? null : completed.duration().toMillis()))));
    }

    @EventHandler
    void on(PhaseFailed failed, DomainEventMessage<?> message) {
        project(() -> flowIdOf(message).ifPresent(flow -> batch().add(new AttemptFinished(flow, failed.phase().value(),
                failed.attempt(), Outcome.FAILED, message.getTimestamp(), null))));
    }

    @EventHandler
    void on(FlowCompleted completed, DomainEventMessage<?> message) {
        project(() -> ended(message, Outcome.COMPLETED));
    }

    @EventHandler
    void on(FlowFailed failed, DomainEventMessage<?> message) {
        project(() -> ended(message, Outcome.FAILED));
    }

    private void project(Runnable handler) {
        writes.project(QueryProcessors.ANALYTICS, BATCH, handler);
    }

    private void opened(DomainEventMessage<?> message, String flowType, Instant createdAt, Outcome outcome) {
        Object account = message.getMetaData().get(MetaDataKeys.CLIENT_ACCOUNT_ID);
        Object engagement = message.getMetaData().get(MetaDataKeys.ENGAGEMENT_ID);
        Optional<UUID> flow = flowIdOf(message);
        if (flow.isEmpty() || account == null || engagement == null) {
            // a flow nobody owns could be counted for nobody; the command side never stores one
            return;
        }
        batch().add(new FlowOpened(flow.get(), UUID.fromString(account.toString()), UUID.fromString(engagement.toString()),
                flowType, createdAt, outcome, message.getSequenceNumber()));
    }

    private void ended(DomainEventMessage<?> message, Outcome outcome) {
        flowIdOf(message).ifPresent(flow -> batch().add(new OutcomeChanged(flow, outcome, message.getTimestamp(),
                message.getSequenceNumber(), false)));
    }

    private AnalyticsFacts.Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.<Pending>getOrComputeResource(BATCH, key -> {
            Pending pending = new Pending();
            unitOfWork.onPrepareCommit(committing -> pending.write());
            return pending;
        }).facts;
    }

    private final class Pending implements PendingWrites {
        AnalyticsFacts.Batch facts = new AnalyticsFacts.Batch();

        @Override
        public void write() {
            AnalyticsFacts.Batch written = facts;
            facts = new AnalyticsFacts.Batch();
            AnalyticsProjection.this.facts.save(written);
        }
    }

    private static Optional<UUID> flowIdOf(DomainEventMessage<?> message) {
        return FlowStatusProjection.flowIdOf(message.getAggregateIdentifier()).map(FlowId::value);
    }
}
