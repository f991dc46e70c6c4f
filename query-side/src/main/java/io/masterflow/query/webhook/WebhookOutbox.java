package io.masterflow.query.webhook;

import io.masterflow.events.personal.PersonalPayload;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a batch of events into the deliveries of the webhooks that want them, in the batch's transaction: one
 * query for the active webhooks of the batch's accounts, one batch of inserts. Matching reads the subscriptions as
 * they are committed now (not from a cache), so a webhook created on any node gets every event stored after it.
 */
@Component
public class WebhookOutbox {

    private final WebhookStore webhooks;
    private final Deliveries deliveries;
    private final PersonalPayload personal;
    private final Clock clock = Clock.systemUTC();

    public WebhookOutbox(WebhookStore webhooks, Deliveries deliveries, PersonalPayload personal) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.personal = personal;
    }

    /** Adds the deliveries the events make, in their order; answers how many. */
    public int add(List<StoredFlowEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        Set<UUID> accounts = events.stream().map(StoredFlowEvent::account).collect(Collectors.toSet());
        Map<UUID, List<Subscription>> byAccount = webhooks.activeFor(accounts).stream()
                .collect(Collectors.groupingBy(Subscription::account));
        if (byAccount.isEmpty()) {
            return 0;
        }
        List<Deliveries.NewDelivery> made = new ArrayList<>();
        for (StoredFlowEvent event : events) {
            for (Subscription subscription : byAccount.getOrDefault(event.account(), List.of())) {
                if (subscription.wants(event.type(), event.engagement(), event.position())) {
                    UUID deliveryId = UUID.randomUUID();
                    made.add(new Deliveries.NewDelivery(deliveryId, subscription.webhookId(), event,
                            DeliveryBody.of(deliveryId, subscription.webhookId(), event, personal)));
                }
            }
        }
        if (!made.isEmpty()) {
            deliveries.add(made, clock.instant());
        }
        return made.size();
    }
}
