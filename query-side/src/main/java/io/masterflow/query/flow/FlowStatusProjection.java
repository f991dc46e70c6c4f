package io.masterflow.query.flow;

import io.masterflow.events.FlowId;
import io.masterflow.query.axon.PendingWrites;
import io.masterflow.query.axon.ProjectionWrites;
import io.masterflow.query.axon.QueryProcessors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the flow-status read model: every event of a flow goes through {@link FlowView}, and each batch writes
 * the flows it changed once, in the transaction that also moves the processor's token. Events of one flow always
 * reach the same segment in order (Axon's default sequencing is per aggregate).
 *
 * <p>An event it cannot place is refused with an exception rather than skipped: the processor's dead-letter queue
 * keeps it (and the flow's later events behind it) for an admin to see, retry or evict, while other flows go on.
 */
@Component
@ProcessingGroup(QueryProcessors.FLOW_STATUS)
public class FlowStatusProjection {

    private static final String BATCH = FlowStatusProjection.class.getName() + ".batch";

    private final FlowStatusRepository repository;
    private final ReadModelProgress progress;
    private final ProjectionWrites writes;

    public FlowStatusProjection(FlowStatusRepository repository, ReadModelProgress progress, ProjectionWrites writes) {
        this.repository = repository;
        this.progress = progress;
        this.writes = writes;
    }

    @EventHandler
    void on(Object payload, DomainEventMessage<?> message) {
        writes.project(QueryProcessors.FLOW_STATUS, BATCH, () -> project(payload, message));
    }

    private void project(Object payload, DomainEventMessage<?> message) {
        Optional<FlowId> flow = flowIdOf(message.getAggregateIdentifier());
        if (flow.isEmpty()) {
            return;
        }
        FlowId flowId = flow.get();
        Batch batch = batch();
        Slot slot = batch.views.computeIfAbsent(flowId, id -> {
            FlowView loaded = repository.find(id).orElse(null);
            return new Slot(loaded, loaded);
        });
        FlowView next;
        try {
            next = FlowView.evolve(slot.now, new FlowEvent(payload, message.getMetaData(),
                    message.getTimestamp(), message.getSequenceNumber()));
        } catch (IllegalArgumentException unreadable) {
            throw new UnplaceableEvent(message, "its owner in the metadata cannot be read (" + unreadable.getMessage() + ")", unreadable);
        }
        if (next == null) {
            throw new UnplaceableEvent(message, "it comes before any creation event of its flow, or its flow has no owner", null);
        }
        slot.now = next;
    }

    /** The flows this batch has touched, written when the batch commits. */
    private Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            // a processor's batch: its flows are read in one go instead of one query per flow (a letter retried
            // alone has no batch around it and reads its flow on the way)
            if (root instanceof BatchingUnitOfWork<?> events) {
                Map<FlowId, Boolean> createdHere = new LinkedHashMap<>();
                for (var event : events.getMessages()) {
                    if (event instanceof DomainEventMessage<?> domainEvent) {
                        flowIdOf(domainEvent.getAggregateIdentifier()).ifPresent(flow ->
                                createdHere.putIfAbsent(flow, FlowView.creates(domainEvent.getPayloadType())));
                    }
                }
                // a flow whose first event here creates it is folded from nothing, without reading its row: were
                // the batch a redelivery, the row is at this fold's version or further, and the guarded upserts
                // leave a row that is further along as it is (most flows of a replay begin in the batch)
                List<FlowId> toRead = createdHere.entrySet().stream().filter(flow -> !flow.getValue())
                        .map(Map.Entry::getKey).toList();
                try {
                    Map<FlowId, FlowView> loaded = repository.findAll(toRead);
                    createdHere.keySet().forEach(flow -> batch.views.put(flow, new Slot(loaded.get(flow), loaded.get(flow))));
                } catch (IllegalArgumentException unreadableRow) {
                    // a row this version cannot read must fail its own flow's events, not the batch's: each flow is
                    // then read on the way, as a letter is
                    batch.views.clear();
                }
            }
            root.onPrepareCommit(committing -> batch.write());
            root.afterCommit(committed -> progress.committed(batch.written.stream().map(FlowStatusRepository.Change::now).toList()));
            return batch;
        });
    }

    private final class Batch implements PendingWrites {
        final Map<FlowId, Slot> views = new LinkedHashMap<>();
        final List<FlowStatusRepository.Change> written = new ArrayList<>();

        @Override
        public void write() {
            List<FlowStatusRepository.Change> changes = views.values().stream()
                    .filter(slot -> slot.now != null && slot.now != slot.before)
                    .map(slot -> new FlowStatusRepository.Change(slot.before, slot.now))
                    .toList();
            if (changes.isEmpty()) {
                return;
            }
            try {
                repository.saveAll(changes);
            } catch (RuntimeException refused) {
                // the event that brought the unwritten change goes to the dead-letter queue: its flow stays as written
                views.values().forEach(slot -> slot.now = slot.before);
                throw refused;
            }
            views.values().forEach(slot -> slot.before = slot.now);
            written.addAll(changes);
        }
    }

    private static final class Slot {
        /** The view as the read model holds it (as loaded, or as this batch last wrote it). */
        FlowView before;
        FlowView now;

        Slot(FlowView before, FlowView now) {
            this.before = before;
            this.now = now;
        }
    }

    /** The flow an event belongs to; empty for an aggregate that is not a flow. */
    public static Optional<FlowId> flowIdOf(String aggregateIdentifier) {
        try {
            return Optional.of(FlowId.of(aggregateIdentifier));
        } catch (IllegalArgumentException notAFlow) {
            return Optional.empty();
        }
    }
}
