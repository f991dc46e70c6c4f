package io.masterflow.query.webhook;

import io.masterflow.query.axon.QueryProcessors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhooks processor's handler: collects the batch's events of subscribable types and, when the batch commits,
 * adds their deliveries to the outbox in the transaction that also stores the processor's token. The token is the
 * durable position of webhooks: an event is in the outbox exactly when the token has passed it, whatever stops when.
 * The payload type is read from the stored event's type name, so events no webhook can want are never deserialized.
 */
@Component
@ProcessingGroup(QueryProcessors.WEBHOOKS)
public class WebhookProjection {

    private static final String BATCH = WebhookProjection.class.getName() + ".batch";

    private final WebhookOutbox outbox;
    private final WebhookSender sender;

    public WebhookProjection(WebhookOutbox outbox, WebhookSender sender) {
        this.outbox = outbox;
        this.sender = sender;
    }

    @EventHandler
    void on(EventMessage<?> message, TrackingToken token) {
        if (!(message instanceof DomainEventMessage<?> event) || token.position().isEmpty()) {
            return;
        }
        String type = message.getPayloadType().getSimpleName();
        if (WebhookEventTypes.isSubscribable(type)) {
            StoredFlowEvent.of(token.position().getAsLong(), event, type).ifPresent(batch()::add);
        }
    }

    private List<StoredFlowEvent> batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            List<StoredFlowEvent> events = new ArrayList<>();
            AtomicInteger added = new AtomicInteger();
            unitOfWork.onPrepareCommit(committing -> added.set(outbox.add(events)));
            // deliveries this node made are sent at once; other nodes' senders find them at their next poll
            unitOfWork.afterCommit(committed -> {
                if (added.get() > 0) {
                    sender.wake();
                }
            });
            return events;
        });
    }
}
