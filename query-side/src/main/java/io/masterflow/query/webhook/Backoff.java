package io.masterflow.query.webhook;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait before a delivery's next attempt: exponential, so that a receiver that is down is not hammered, with
 * jitter, so that the deliveries that failed together during an outage do not all come back at the same instant.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** After the n-th failed attempt (from 1): between half and all of initial x 2^(n-1), at most max. */
    public Duration after(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts, 1) - 1, 30);
        long ceiling = Math.min(max.toMillis(), initial.toMillis() * (1L << doublings));
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
