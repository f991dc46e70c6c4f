package io.masterflow.query.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery as the webhook's admins see it: the event, and how its attempts went.
 *
 * @param lastStatus    the receiver's HTTP status at the last attempt; null when it gave none
 * @param lastError     why the last attempt failed; null once delivered
 * @param nextAttemptAt while pending, when it is tried next (a later event of a flow also waits for the earlier ones)
 */
public record Delivery(UUID deliveryId, String eventId, String eventType, String flowId, long flowVersion,
                       @JsonIgnore long globalPosition,
                       DeliveryState state, int attempts, Instant createdAt, @Nullable Instant firstAttemptAt,
                       @Nullable Instant lastAttemptAt, @Nullable Integer lastStatus, @Nullable String lastError,
                       @Nullable Instant nextAttemptAt, @Nullable Instant deliveredAt) {
}
