package io.masterflow.query.webhook;

import io.masterflow.events.ClientAccountId;

import java.util.List;
import java.util.UUID;

/**
 * A subscription to create, its fields already read and checked for shape (the receiver's URL is checked when it is
 * registered).
 *
 * @param events      event type names as {@link WebhookEventTypes} spells them
 * @param engagements null for every engagement of the account
 */
public record NewWebhook(ClientAccountId account, String createdBy, String url, List<String> events, List<UUID> engagements,
                         String secret) {
}
