package io.masterflow.overload;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code masterflow.overload.*}: when a node stops taking requests it cannot serve in time.
 *
 * @param maxQueueWait a request that waited longer than this for a worker thread (in the web server's queue, before
 *                     any of masterflow's code ran) is answered 503 at once, without being worked on; 0 turns it off.
 *                     The default is well above the waits of a thousand clients running flows back to back on two
 *                     shared cores (5.7 s at the 99th percentile at 341 calls/s), and well below the 30 s at which
 *                     clients commonly give up.
 * @param retryAfter   the {@code Retry-After} such an answer carries
 */
@ConfigurationProperties(prefix = "masterflow.overload")
public record OverloadProperties(Duration maxQueueWait, Duration retryAfter) {

    public OverloadProperties {
        maxQueueWait = Objects.requireNonNullElse(maxQueueWait, Duration.ofSeconds(10));
        retryAfter = Objects.requireNonNullElse(retryAfter, Duration.ofSeconds(2));
    }

    public boolean enabled() {
        return !maxQueueWait.isZero() && !maxQueueWait.isNegative();
    }
}
