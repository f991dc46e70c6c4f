package io.masterflow.events;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a phase is attempted and how long to wait between attempts: the wait before attempt n+1 is
 * {@code backoff * multiplier^(n-1)}, capped at {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff) {

    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry.maxAttempts must be 1 or more: " + maxAttempts);
        }
        backoff = Objects.requireNonNullElse(backoff, Duration.ZERO);
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("retry.backoff must not be negative: " + backoff);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("retry.multiplier must be 1 or more: " + multiplier);
        }
        maxBackoff = Objects.requireNonNullElse(maxBackoff, backoff.multipliedBy(maxAttempts));
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("retry.maxBackoff must not be shorter than retry.backoff: " + maxBackoff);
        }
    }

    /** True when an attempt with this number may still be followed by another. */
    public boolean allowsAttemptAfter(int attemptInRun) {
        return attemptInRun < maxAttempts;
    }

    /** The wait after the failure of the given attempt of a run (1 = the first attempt). */
    public Duration backoffAfter(int attemptInRun) {
        double grown = backoff.toMillis() * Math.pow(multiplier, Math.max(0, attemptInRun - 1));
        return Duration.ofMillis((long) Math.min(grown, maxBackoff.toMillis()));
    }
}
