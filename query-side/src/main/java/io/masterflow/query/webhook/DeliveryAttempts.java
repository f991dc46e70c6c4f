package io.masterflow.query.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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

/**
 * Makes one attempt of a claimed delivery: signs it, POSTs it, and records how it went in words an admin can act on.
 * Each attempt whose outcome was recorded is counted ({@value #ATTEMPTS}) by event type and outcome, and the
 * receiver's time to answer is timed ({@value #ANSWER_TIME}) by answer; never by webhook, receiver or account.
 */
public class DeliveryAttempts {

    public static final String ATTEMPTS = "masterflow.webhooks.attempts";
    public static final String ANSWER_TIME = "masterflow.webhooks.answer.time";

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);
    private static final int MAX_ERROR_EXCERPT = 300;

    private final ReceiverClient client;
    private final DeliveryOutcomes outcomes;
    private final String node;
    private final Clock clock;
    private final Duration retryFor;
    private final MeterRegistry meters;

    public DeliveryAttempts(ReceiverClient client, DeliveryOutcomes outcomes, String node, Clock clock, Duration retryFor,
                            MeterRegistry meters) {
        this.client = client;
        this.outcomes = outcomes;
        this.node = node;
        this.clock = clock;
        this.retryFor = retryFor;
        this.meters = meters;
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
        Timer.Sample answering = Timer.start(meters);
        try {
            answer = client.post(URI.create(delivery.url()), DeliveryHeaders.of(delivery, at), delivery.body());
        } catch (IOException failure) {
            answering.stop(answerTime("none"));
            failed(delivery, at, null, describe(failure));
            return;
        }
        answering.stop(answerTime(answer.accepted() ? "accepted" : "refused"));
        if (answer.accepted()) {
            outcomes.delivered(delivery, node, at, answer.status());
            attempts(delivery, "delivered").increment();
        } else {
            failed(delivery, at, answer.status(), "HTTP " + answer.status() + excerpt(answer.excerpt()));
        }
    }

    private Timer answerTime(String answer) {
        return Timer.builder(ANSWER_TIME)
                .description("from sending a webhook delivery to the receiver's answer (none: no answer, the time until that was clear)")
                .tag("answer", answer)
                .register(meters);
    }

    /** outcome: delivered, retrying (refused, to be tried again), failed (for good), webhook_disabled (failed, and its webhook with it) */
    private Counter attempts(DueDelivery delivery, String outcome) {
        return Counter.builder(ATTEMPTS)
                .description("webhook delivery attempts by what came of them")
                .tag("event_type", delivery.eventType())
                .tag("outcome", outcome)
                .register(meters);
    }

    private void failed(DueDelivery delivery, Instant at, Integer status, String error) {
        DeliveryOutcomes.AfterFailure after = outcomes.failed(delivery, node, at, status, error);
        attempts(delivery, switch (after) {
            case RETRY -> "retrying";
            case FAILED -> "failed";
            case WEBHOOK_DISABLED -> "webhook_disabled";
        }).increment();
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
