package io.masterflow.limits;

import java.time.Duration;

/** An account over one of its limits (429): it may try again after {@code retryAfter}. */
public class TooManyRequests extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequests(String detail, Duration retryAfter) {
        super(detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
