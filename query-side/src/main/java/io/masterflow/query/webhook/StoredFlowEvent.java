package io.masterflow.query.webhook;

import io.masterflow.events.MetaDataKeys;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An event of a flow as the webhooks processor met it: where it stands in the store and who owns it. The payload is
 * read only when a webhook wants the event.
 *
 * @param position the event's global index in the event store
 */
public record StoredFlowEvent(long position, DomainEventMessage<?> message, String type, UUID account, UUID engagement) {

    /** The event with its owner, or empty when its metadata names no readable account: no webhook can want it. */
    public static Optional<StoredFlowEvent> of(long position, DomainEventMessage<?> message, String type) {
        UUID account = uuid(message.getMetaData().get(MetaDataKeys.CLIENT_ACCOUNT_ID));
        if (account == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredFlowEvent(position, message, type, account,
                uuid(message.getMetaData().get(MetaDataKeys.ENGAGEMENT_ID))));
    }

    public String eventId() {
        return message.getIdentifier();
    }

    public String flowId() {
        return message.getAggregateIdentifier();
    }

    public long flowVersion() {
        return message.getSequenceNumber();
    }

    public Instant occurredAt() {
        return message.getTimestamp();
    }

    public String metaData(String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    private static UUID uuid(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
