package io.masterflow.events.personal;

import io.masterflow.events.MetaDataKeys;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Seals the personal fields of an event's payload as it is published, before it is stored: the fields its metadata
 * names ({@value MetaDataKeys#PERSONAL_FIELDS}, put there by the flow from its pinned definition), with the key of
 * the account the metadata names ({@link PersonalPayload}).
 *
 * <p>Published, not earlier: the flow has already applied the plain event to its own state, and its validators ran on
 * the plain values. What is stored, and what the handlers subscribed in the same transaction see (the phase tasks),
 * holds the values sealed.
 */
public final class PersonalPayloadSealing implements MessageDispatchInterceptor<EventMessage<?>> {

    private final PersonalPayload payloads;

    public PersonalPayloadSealing(PersonalPayload payloads) {
        this.payloads = payloads;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, event) -> sealed(event);
    }

    private EventMessage<?> sealed(EventMessage<?> event) {
        if (!(event.getMetaData().get(MetaDataKeys.PERSONAL_FIELDS) instanceof Collection<?> marked) || marked.isEmpty()) {
            return event;
        }
        if (!(event instanceof DomainEventMessage<?> domainEvent)) {
            throw new IllegalStateException("an event with personal fields must be a flow's event: " + event.getPayloadType());
        }
        Object account = event.getMetaData().get(MetaDataKeys.CLIENT_ACCOUNT_ID);
        if (account == null) {
            throw new IllegalStateException("an event with personal fields must name its account");
        }
        List<String> marks = marked.stream().map(String::valueOf).toList();
        Object sealed = payloads.sealed(event.getPayload(), UUID.fromString(account.toString()), marks);
        if (sealed == event.getPayload()) {
            return event;
        }
        return new GenericDomainEventMessage<>(domainEvent.getType(), domainEvent.getAggregateIdentifier(),
                domainEvent.getSequenceNumber(), sealed, event.getMetaData(), event.getIdentifier(), event.getTimestamp());
    }
}
