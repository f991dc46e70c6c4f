package io.masterflow.query.webhook;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.masterflow.query.flow.FlowStatusRepository.instant;
import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/**
 * Records how an attempt went, and applies the rules that follow from it. A refused delivery is tried again after a
 * {@link Backoff} until {@code retryFor} has passed since its first attempt, then fails for good; its flow's next
 * event for the webhook goes out after it. When a delivery fails for good and nothing was delivered to its webhook
 * during those retries, the receiver has refused everything for the whole window: the webhook is disabled with the
 * reason, and its pending deliveries are cancelled.
 *
 * Each outcome locks its webhook's row first (as disabling and deleting do), so that the transactions touching a
 * webhook and its deliveries always take their locks in the same order.
 */
public class DeliveryOutcomes {

    /** What a failed attempt led to. */
    public enum AfterFailure { RETRY, FAILED, WEBHOOK_DISABLED }

    private static final int MAX_ERROR_LENGTH = 1_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Backoff backoff;
    private final Duration retryFor;

    public DeliveryOutcomes(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, Backoff backoff, Duration retryFor) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.backoff = backoff;
        this.retryFor = retryFor;
    }

    /** The receiver accepted it (a 2xx answer). */
    public void delivered(DueDelivery delivery, String node, Instant at, int status) {
        transactions.executeWithoutResult(transaction -> {
            jdbc.update("""
                    UPDATE webhook SET last_delivered_at = GREATEST(last_delivered_at, :at) WHERE webhook_id = :webhookId""",
                    new MapSqlParameterSource("webhookId", delivery.webhookId()).addValue("at", timestamp(at)));
            jdbc.update("""
                    UPDATE webhook_delivery SET state = 'DELIVERED', attempts = attempts + 1,
                           first_attempt_at = COALESCE(first_attempt_at, :at), last_attempt_at = :at, last_status = :status,
                           last_error = NULL, delivered_at = :at, claimed_by = NULL, claimed_until = NULL
                    WHERE delivery_id = :deliveryId AND claimed_by = :node AND state = 'PENDING'""",
                    new MapSqlParameterSource("deliveryId", delivery.deliveryId()).addValue("node", node)
                            .addValue("at", timestamp(at)).addValue("status", status));
        });
    }

    /**
     * The attempt failed: {@code status} is the receiver's answer when it gave one (anything but 2xx), {@code error}
     * says what went wrong.
     */
    public AfterFailure failed(DueDelivery delivery, String node, Instant at, Integer status, String error) {
        Instant firstAttempt = delivery.firstAttemptAt() == null ? at : delivery.firstAttemptAt();
        Instant giveUpAt = firstAttempt.plus(retryFor);
        boolean givingUp = !at.isBefore(giveUpAt);
        Instant next = givingUp ? at : min(at.plus(backoff.after(delivery.attempts() + 1)), giveUpAt);
        String reason = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        return transactions.execute(transaction -> {
            List<Instant> lastDelivered = jdbc.query(
                    "SELECT last_delivered_at FROM webhook WHERE webhook_id = :webhookId AND state = 'ACTIVE' FOR NO KEY UPDATE",
                    new MapSqlParameterSource("webhookId", delivery.webhookId()),
                    (row, number) -> instant(row, "last_delivered_at"));
            int recorded = jdbc.update("""
                    UPDATE webhook_delivery SET state = :state, attempts = attempts + 1,
                           first_attempt_at = COALESCE(first_attempt_at, :at), last_attempt_at = :at, last_status = :status,
                           last_error = :error, next_attempt_at = :next, claimed_by = NULL, claimed_until = NULL
                    WHERE delivery_id = :deliveryId AND claimed_by = :node AND state = 'PENDING'""",
                    new MapSqlParameterSource("deliveryId", delivery.deliveryId()).addValue("node", node)
                            .addValue("state", givingUp ? DeliveryState.FAILED.name() : DeliveryState.PENDING.name())
                            .addValue("at", timestamp(at)).addValue("status", status).addValue("error", reason)
                            .addValue("next", timestamp(next)));
            if (!givingUp || recorded == 0 || lastDelivered.isEmpty()) {
                return givingUp ? AfterFailure.FAILED : AfterFailure.RETRY;
            }
            Instant delivered = lastDelivered.get(0);
            if (delivered != null && !delivered.isBefore(firstAttempt)) {
                // the receiver took other deliveries meanwhile: this one event is the trouble, not the receiver
                return AfterFailure.FAILED;
            }
            disable(delivery, at, firstAttempt, reason);
            return AfterFailure.WEBHOOK_DISABLED;
        });
    }

    private void disable(DueDelivery delivery, Instant at, Instant since, String lastError) {
        jdbc.update("""
                UPDATE webhook SET state = 'DISABLED', disabled_at = :at, disabled_reason = :reason
                WHERE webhook_id = :webhookId""",
                new MapSqlParameterSource("webhookId", delivery.webhookId()).addValue("at", timestamp(at))
                        .addValue("reason", "the receiver refused every delivery from " + since + " to " + at
                                + ", the whole retry window; the last attempt: " + lastError));
        jdbc.update("""
                UPDATE webhook_delivery SET state = 'CANCELLED', claimed_by = NULL, claimed_until = NULL
                WHERE webhook_id = :webhookId AND state = 'PENDING'""",
                new MapSqlParameterSource("webhookId", delivery.webhookId()));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
