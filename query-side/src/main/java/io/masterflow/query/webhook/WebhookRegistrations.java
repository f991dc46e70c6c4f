package io.masterflow.query.webhook;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/**
 * Creates webhooks by the rules: a receiver the address rule allows, a bounded number per account, and a start
 * position at the head of the event store, so that a webhook gets every event stored after it was created (all those
 * stored after its creation was answered) and none from before.
 */
@Component
public class WebhookRegistrations {

    /** Each webhook costs every matching event a delivery; an account needs a handful, not thousands. */
    public static final int MAX_PER_ACCOUNT = 50;

    /** The account already has {@link #MAX_PER_ACCOUNT} webhooks. */
    public static final class TooMany extends RuntimeException {
        TooMany() {
            super("the account has " + MAX_PER_ACCOUNT + " webhooks, the most it may have; delete one first");
        }
    }

    private final WebhookStore webhooks;
    private final ReceiverAddresses addresses;
    private final EventStore eventStore;
    private final Clock clock = Clock.systemUTC();

    public WebhookRegistrations(WebhookStore webhooks, ReceiverAddresses addresses, EventStore eventStore) {
        this.webhooks = webhooks;
        this.addresses = addresses;
        this.eventStore = eventStore;
    }

    /** Checks the receiver's URL (the checked URL replaces the one given) and creates the webhook. */
    public Webhook register(NewWebhook webhook) {
        NewWebhook checked = new NewWebhook(webhook.account(), webhook.createdBy(),
                ReceiverUrl.check(webhook.url(), addresses).toString(), webhook.events(), webhook.engagements(), webhook.secret());
        if (webhooks.count(webhook.account()) >= MAX_PER_ACCOUNT) {
            throw new TooMany();
        }
        UUID webhookId = UUID.randomUUID();
        webhooks.create(webhookId, checked, head(), clock.instant());
        return webhooks.find(webhookId, webhook.account()).orElseThrow();
    }

    private long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }
}
