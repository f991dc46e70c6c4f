package io.masterflow.batch;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code masterflow.batches.*} (README's configuration table).
 *
 * @param rate         flows each node acts on per second at most, so that a large batch leaves room for interactive calls
 * @param pollInterval how often a node looks for batch work
 * @param claimSize    items a node leases at a time
 * @param lease        how long a leased item stays a node's: one that stopped gives it back by letting it run out
 * @param maxFlows     the most flows one batch may select
 */
@ConfigurationProperties("masterflow.batches")
public record BatchProperties(Integer rate, Duration pollInterval, Integer claimSize, Duration lease, Integer maxFlows) {

    public BatchProperties {
        rate = rate == null ? 200 : rate;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        claimSize = claimSize == null ? 50 : claimSize;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        maxFlows = maxFlows == null ? 200_000 : maxFlows;
        if (rate < 1 || claimSize < 1 || maxFlows < 1) {
            throw new IllegalArgumentException("masterflow.batches.rate, claim-size and max-flows must be at least 1");
        }
    }
}
