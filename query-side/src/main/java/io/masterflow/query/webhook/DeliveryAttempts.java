package io.masterflow.query.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Makes one attempt of a claimed delivery: signs it, POSTs it, and records how it went in words an admin can act on. */
public class DeliveryAttempts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);
    private static final int MAX_ERROR_EXCERPT = 300;

    private final ReceiverClient client;
    private final DeliveryOutcomes outcomes;
    private final String node;
    private final Clock clock;
    private final Duration retryFor;

    public DeliveryAttempts(ReceiverClient client, DeliveryOutcomes outcomes, String node, Clock clock, Duration retryFor) {
        this.client = client;
        this.outcomes = outcomes;
        this.node = node;
        this.clock = clock;
        this.retryFor = retryFor;
    }

    /** Never throws: an outcome that cannot be written leaves the delivery to be sent again when its lease runs out. */
    public void make(DueDelivery delivery) {
        try {
            attempt(delivery);
        } catch (RuntimeException e) {
            log.warn("Webhook delivery {} was attempted but its outcome could not be recorded", delivery.deliveryId(), e);
        }
    }

    private void attempt(DueDelivery delivery) {
        Instant at = clock.instant();
        ReceiverClient.Answer answer;
        try {
            answer = client.post(URI.create(delivery.url()), DeliveryHeaders.of(delivery, at), delivery.body());
        } catch (IOException failure) {
            failed(delivery, at, null, describe(failure));
            return;
        }
        if (answer.accepted()) {
            outcomes.delivered(delivery, node, at, answer.status());
        } else {
            failed(delivery, at, answer.status(), "HTTP " + answer.status() + excerpt(answer.excerpt()));
        }
    }

    private void failed(DueDelivery delivery, Instant at, Integer status, String error) {
        DeliveryOutcomes.AfterFailure after = outcomes.failed(delivery, node, at, status, error);
        if (after == DeliveryOutcomes.AfterFailure.WEBHOOK_DISABLED) {
            log.warn("Webhook {} disabled: its receiver refused every delivery for {} ({})", delivery.webhookId(), retryFor, error);
        } else if (after == DeliveryOutcomes.AfterFailure.FAILED) {
            log.info("Webhook delivery {} failed for good after {} of retries ({})", delivery.deliveryId(), retryFor, error);
        }
    }

    private static String excerpt(String body) {
        String text = body.strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > MAX_ERROR_EXCERPT ? text.substring(0, MAX_ERROR_EXCERPT) + "..." : text);
    }

    /** What went wrong when there was no answer. */
    static String describe(Exception failure) {
        if (failure instanceof ReceiverAddresses.Refused refused) {
            return "refused: " + refused.getMessage();
        }
        if (failure instanceof ReceiverClient.TooSlow tooSlow) {
            return tooSlow.getMessage();
        }
        if (failure instanceof UnknownHostException unknown) {
            return "the receiver's host name cannot be resolved: " + unknown.getMessage();
        }
        if (failure instanceof ConnectException connect) {
            return "cannot connect: " + connect.getMessage();
        }
        if (failure instanceof SocketTimeoutException timeout) {
            return "timed out: " + timeout.getMessage();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
