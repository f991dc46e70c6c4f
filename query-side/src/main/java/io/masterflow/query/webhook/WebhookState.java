package io.masterflow.query.webhook;

/** A webhook gets deliveries while ACTIVE; a receiver that failed for the whole retry window makes it DISABLED. */
public enum WebhookState {
    ACTIVE, DISABLED
}
