package io.masterflow.command.task;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * How workers hold tasks ({@code masterflow.workers.*}).
 *
 * @param leaseDuration how long a claim or heartbeat keeps a task; a worker silent for longer loses it and the attempt
 *                      fails as retryable
 * @param maxWait       the longest a claim may wait for work (long poll)
 * @param recheck       how often a waiting claim looks again for tasks made on other nodes (those of its own node it
 *                      hears of at once)
 * @param leaseCheck    how often expired leases are looked for
 * @param activeWindow  workers heard from within this window are listed as agents
 */
@ConfigurationProperties(prefix = "masterflow.workers")
public record WorkerProperties(Duration leaseDuration, Duration maxWait, Duration recheck, Duration leaseCheck,
                               Duration activeWindow) {

    public WorkerProperties {
        leaseDuration = Objects.requireNonNullElse(leaseDuration, Duration.ofSeconds(60));
        maxWait = Objects.requireNonNullElse(maxWait, Duration.ofSeconds(30));
        recheck = Objects.requireNonNullElse(recheck, Duration.ofMillis(500));
        leaseCheck = Objects.requireNonNullElse(leaseCheck, Duration.ofSeconds(1));
        activeWindow = Objects.requireNonNullElse(activeWindow, Duration.ofHours(24));
    }
}
