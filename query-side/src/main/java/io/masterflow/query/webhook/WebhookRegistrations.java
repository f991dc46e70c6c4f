package io.masterflow.query.webhook;

import io.masterflow.events.ClientAccountId;
import io.masterflow.query.axon.ProcessorProgress;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates webhooks by the rules: a receiver the address rule allows, a bounded number per account, and a start
 * position at the head of the event store, so that a webhook gets every event stored after it was created (all those
 * stored after its creation was answered) and none from before. Enabling a disabled webhook again moves that start
 * position to the head of the store as it is then, by the same rule.
 */
@Component
public class WebhookRegistrations {

    /** Each webhook costs every matching event a delivery; an account needs a handful, not thousands. */
    public static final int MAX_PER_ACCOUNT = 50;

    private static final Logger log = LoggerFactory.getLogger(WebhookRegistrations.class);

    /** The account already has {@link #MAX_PER_ACCOUNT} webhooks. */
    public static final class TooMany extends RuntimeException {
        TooMany() {
            super("the account has " + MAX_PER_ACCOUNT + " webhooks, the most it may have; delete one first");
        }
    }

    /** A webhook that cannot be enabled as it is: it is not disabled, or the address rule now refuses its receiver. */
    public static final class CannotEnable extends RuntimeException {
        CannotEnable(String message) {
            super(message);
        }
    }

    /** A webhook that cannot be disabled: it is not active. */
    public static final class CannotDisable extends RuntimeException {
        CannotDisable(String message) {
            super(message);
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

    /**
     * Makes a disabled webhook of the account active again: it gets the events stored from now on (every one stored
     * after this was answered). Its cancelled and failed deliveries stay as they are, and the events stored while it
     * was disabled are not sent. Empty when the account has no such webhook.
     */
    public Optional<Webhook> enable(UUID webhookId, ClientAccountId account, String by) {
        Optional<Webhook> found = webhooks.find(webhookId, account);
        if (found.isEmpty()) {
            return found;
        }
        requireDisabled(found.get());
        requireAllowedReceiver(found.get());
        if (!webhooks.enable(webhookId, account, head())) {
            // deleted or enabled by another admin meanwhile
            webhooks.find(webhookId, account).ifPresent(WebhookRegistrations::requireDisabled);
            return Optional.empty();
        }
        log.info("Webhook {} of account {} enabled again by {} (it was disabled at {}: {})", webhookId, account.value(), by,
                found.get().disabledAt(), found.get().disabledReason());
        return webhooks.find(webhookId, account);
    }

    /**
     * Disables an active webhook of the account by an admin's decision: nothing more is sent to it, its pending
     * deliveries are cancelled, and the events stored while it is disabled never become deliveries. Empty when the
     * account has no such webhook.
     */
    public Optional<Webhook> disable(UUID webhookId, ClientAccountId account, String by) {
        Optional<Webhook> found = webhooks.find(webhookId, account);
        if (found.isEmpty()) {
            return found;
        }
        requireActive(found.get());
        if (!webhooks.disable(webhookId, account, clock.instant(), "disabled by " + by)) {
            // deleted or disabled by another admin meanwhile
            webhooks.find(webhookId, account).ifPresent(WebhookRegistrations::requireActive);
            return Optional.empty();
        }
        log.info("Webhook {} of account {} disabled by {}", webhookId, account.value(), by);
        return webhooks.find(webhookId, account);
    }

    private static void requireActive(Webhook webhook) {
        if (webhook.state() != WebhookState.ACTIVE) {
            throw new CannotDisable("webhook " + webhook.webhookId() + " is " + webhook.state() + ", not active: "
                    + "nothing is sent to it already");
        }
    }

    private static void requireDisabled(Webhook webhook) {
        if (webhook.state() != WebhookState.DISABLED) {
            throw new CannotEnable("webhook " + webhook.webhookId() + " is " + webhook.state() + ", not disabled: "
                    + "it already gets the events it subscribes to");
        }
    }

    /** The address rule may have changed since the webhook was created; a receiver it refuses would only fail again. */
    private void requireAllowedReceiver(Webhook webhook) {
        try {
            addresses.resolve(URI.create(webhook.url()).getHost());
        } catch (ReceiverAddresses.Refused refused) {
            throw new CannotEnable("webhook " + webhook.webhookId() + " cannot be enabled: " + refused.getMessage()
                    + "; delete it and create one whose receiver the rule allows");
        } catch (UnknownHostException unknown) {
            // a name that does not resolve now may resolve later; each attempt says so in its error if it does not
        }
    }

    private long head() {
        return ProcessorProgress.headPosition(eventStore).orElse(-1);
    }
}
