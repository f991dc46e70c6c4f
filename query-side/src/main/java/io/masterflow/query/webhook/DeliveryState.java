package io.masterflow.query.webhook;

/**
 * PENDING until the receiver accepts it (DELIVERED), its retries run out (FAILED), or its webhook is disabled before
 * it could be sent (CANCELLED).
 */
public enum DeliveryState {
    PENDING, DELIVERED, FAILED, CANCELLED
}
