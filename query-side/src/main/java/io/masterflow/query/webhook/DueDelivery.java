package io.masterflow.query.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery a node has claimed to send now, with what sending it takes.
 *
 * @param attempts       attempts made before this one
 * @param firstAttemptAt null before the first attempt
 */
public record DueDelivery(UUID deliveryId, UUID webhookId, String url, String secret, String eventType, String body,
                          int attempts, Instant firstAttemptAt) {
}
