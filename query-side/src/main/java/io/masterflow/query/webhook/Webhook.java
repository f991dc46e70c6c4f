package io.masterflow.query.webhook;

import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscription as its account's admins see it: never with its secret.
 *
 * @param engagements the engagements whose events it gets; null for every engagement of the account
 */
public record Webhook(UUID webhookId, String url, List<String> events, @Nullable List<UUID> engagements, WebhookState state,
                      String createdBy, Instant createdAt, @Nullable Instant disabledAt, @Nullable String disabledReason,
                      @Nullable Instant lastDeliveredAt) {
}
