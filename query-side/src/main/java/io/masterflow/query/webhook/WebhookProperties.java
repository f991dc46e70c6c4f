package io.masterflow.query.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * Outbound webhooks ({@code masterflow.webhooks.*}, documented in query-side.yml and the README).
 *
 * @param allowPrivateAddresses receivers on loopback, link-local, private or unspecified addresses are refused unless true
 * @param connectTimeout        how long connecting to a receiver may take
 * @param readTimeout           how long each read of a receiver's answer may wait
 * @param retryFor              how long a delivery is retried after its first attempt; a webhook none of whose
 *                              deliveries succeeded for that long is disabled
 * @param initialBackoff        the wait after a first failed attempt, doubling with each further one
 * @param maxBackoff            the longest wait between two attempts
 * @param pollInterval          how often a node looks for due deliveries
 * @param senders               deliveries a node sends at the same time
 * @param retention             how long finished deliveries stay listed
 */
@ConfigurationProperties(prefix = "masterflow.webhooks")
public record WebhookProperties(Boolean allowPrivateAddresses, Duration connectTimeout, Duration readTimeout, Duration retryFor,
                                Duration initialBackoff, Duration maxBackoff, Duration pollInterval, Integer senders,
                                Duration retention) {

    public WebhookProperties {
        allowPrivateAddresses = Objects.requireNonNullElse(allowPrivateAddresses, false);
        connectTimeout = Objects.requireNonNullElse(connectTimeout, Duration.ofSeconds(5));
        readTimeout = Objects.requireNonNullElse(readTimeout, Duration.ofSeconds(10));
        retryFor = Objects.requireNonNullElse(retryFor, Duration.ofHours(24));
        initialBackoff = Objects.requireNonNullElse(initialBackoff, Duration.ofSeconds(10));
        maxBackoff = Objects.requireNonNullElse(maxBackoff, Duration.ofHours(1));
        pollInterval = Objects.requireNonNullElse(pollInterval, Duration.ofSeconds(1));
        senders = Objects.requireNonNullElse(senders, 4);
        retention = Objects.requireNonNullElse(retention, Duration.ofDays(30));
        if (senders < 1) {
            throw new IllegalArgumentException("masterflow.webhooks.senders must be at least 1");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("masterflow.webhooks.initial-backoff must be positive and max-backoff at least as long");
        }
    }

    /**
     * How long a sending node keeps a delivery to itself: longer than an attempt can take, so that only a node that
     * stopped mid-send lets another one send it again.
     */
    public Duration lease() {
        return connectTimeout.plus(readTimeout).plusMinutes(1);
    }
}
