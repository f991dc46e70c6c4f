package io.masterflow.query.history;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.query.flow.FlowView;
import io.masterflow.security.Caller;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A flow's events straight from the event store, and its state at a past moment rebuilt from them with the same
 * {@link FlowView} the projection uses. Nothing here depends on a projection having caught up.
 */
@Component
public class FlowHistory {

    private final EventStore eventStore;

    public FlowHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * Every event of the caller's flow, in order; empty for a flow that does not exist or that the caller may not
     * see. The owner is read from the first event before any other is read, so another tenant's flow costs what a
     * missing one does, whatever its length. Snapshots are skipped: they are a cache of the command side, not history.
     */
    public Optional<List<StoredEvent>> events(FlowId flowId, Caller caller) {
        // from sequence 0, which reads the events themselves and never a snapshot; each is deserialized when reached
        DomainEventStream stream = eventStore.readEvents(flowId.toString(), 0);
        if (!stream.hasNext()) {
            return Optional.empty();
        }
        StoredEvent first = stored(stream.next());
        if (!ownedBy(first, caller)) {
            return Optional.empty();
        }
        List<StoredEvent> events = new ArrayList<>();
        events.add(first);
        while (stream.hasNext()) {
            events.add(stored(stream.next()));
        }
        return Optional.of(events);
    }

    /** The flow as it was after its last event up to and including {@code version}. */
    public Optional<FlowView> stateAtVersion(List<StoredEvent> events, long version) {
        return stateAfter(events, event -> event.sequence() <= version);
    }

    /** The flow as it was at {@code instant}: after every event stored at or before it. */
    public Optional<FlowView> stateAt(List<StoredEvent> events, Instant instant) {
        return stateAfter(events, event -> !event.timestamp().isAfter(instant));
    }

    private static Optional<FlowView> stateAfter(List<StoredEvent> events, Predicate<StoredEvent> included) {
        return FlowView.fold(events.stream().takeWhile(included).map(StoredEvent::asFlowEvent).toList());
    }

    private static boolean ownedBy(StoredEvent first, Caller caller) {
        Object account = first.metaData().get(MetaDataKeys.CLIENT_ACCOUNT_ID);
        Object engagement = first.metaData().get(MetaDataKeys.ENGAGEMENT_ID);
        if (account == null || engagement == null) {
            return false;
        }
        try {
            return caller.mayAccess(ClientAccountId.of(account.toString()), EngagementId.of(engagement.toString()));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static StoredEvent stored(DomainEventMessage<?> message) {
        Object payload = message.getPayload();
        String typeName = payload instanceof UnknownSerializedType unknown ? unknown.serializedType().getName()
                : message.getPayloadType().getName();
        return new StoredEvent(message.getIdentifier(), message.getSequenceNumber(), simpleName(typeName),
                message.getTimestamp(), payload, message.getMetaData());
    }

    static String simpleName(String typeName) {
        return typeName.substring(typeName.lastIndexOf('.') + 1);
    }
}
