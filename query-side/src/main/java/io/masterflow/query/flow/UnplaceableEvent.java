package io.masterflow.query.flow;

import org.axonframework.eventhandling.DomainEventMessage;

/**
 * An event of a flow that the flow-status read model cannot place. The command side never stores one, so it means
 * damaged or foreign data: it goes to the dead-letter queue rather than being skipped without a trace.
 */
public class UnplaceableEvent extends RuntimeException {

    UnplaceableEvent(DomainEventMessage<?> event, String reason, Throwable cause) {
        super("event " + event.getSequenceNumber() + " (" + event.getPayloadType().getSimpleName() + ") of flow "
                + event.getAggregateIdentifier() + " cannot be projected: " + reason, cause);
    }
}
