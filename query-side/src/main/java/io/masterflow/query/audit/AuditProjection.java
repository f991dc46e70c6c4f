package io.masterflow.query.audit;

import io.masterflow.events.MetaDataKeys;
import io.masterflow.query.axon.PendingWrites;
import io.masterflow.query.axon.ProjectionWrites;
import io.masterflow.query.axon.QueryProcessors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every event of the store in the audit trail. A batch's entries are inserted together in the transaction
 * that moves the processor's token; an entry already there (same event) is left alone.
 */
@Component
@ProcessingGroup(QueryProcessors.AUDIT_TRAIL)
public class AuditProjection {

    private static final String BATCH = AuditProjection.class.getName() + ".batch";

    private final AuditTrail trail;
    private final ProjectionWrites writes;

    public AuditProjection(AuditTrail trail, ProjectionWrites writes) {
        this.trail = trail;
        this.writes = writes;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message, TrackingToken token) {
        writes.project(QueryProcessors.AUDIT_TRAIL, BATCH, () -> record(payload, message, token));
    }

    private void record(Object payload, EventMessage<?> message, TrackingToken token) {
        long globalSequence = token.position().orElseThrow(() ->
                new IllegalStateException("the audit trail needs the event's global index; token " + token + " has none"));
        MetaData metaData = message.getMetaData();
        String type = typeName(payload, message);
        String flowId = null;
        Long flowVersion = null;
        if (message instanceof DomainEventMessage<?> domainEvent) {
            flowId = domainEvent.getAggregateIdentifier();
            flowVersion = domainEvent.getSequenceNumber();
        }
        batch().entries.add(new AuditEntry(globalSequence, message.getIdentifier(), message.getTimestamp(),
                text(metaData, MetaDataKeys.USER_ID), text(metaData, MetaDataKeys.CLIENT_ACCOUNT_ID),
                text(metaData, MetaDataKeys.ENGAGEMENT_ID), flowId, flowVersion, type, AuditSummary.of(payload, type),
                text(metaData, MetaDataKeys.CORRELATION_ID), text(metaData, MetaDataKeys.CAUSATION_ID),
                text(metaData, MetaDataKeys.VIA)));
    }

    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(committing -> batch.write());
            return batch;
        });
    }

    private final class Batch implements PendingWrites {
        final List<AuditEntry> entries = new ArrayList<>();

        @Override
        public void write() {
            List<AuditEntry> pending = List.copyOf(entries);
            entries.clear();
            trail.saveAll(pending);
        }
    }

    private static String typeName(Object payload, EventMessage<?> message) {
        String name = payload instanceof UnknownSerializedType unknown ? unknown.serializedType().getName()
                : message.getPayloadType().getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String text(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
