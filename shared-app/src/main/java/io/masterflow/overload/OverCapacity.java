package io.masterflow.overload;

import java.time.Duration;

/** Work this node refused because it waited too long for its turn (503): nothing of it was done. */
public class OverCapacity extends RuntimeException {

    private final Duration retryAfter;

    public OverCapacity(String detail, Duration retryAfter) {
        super(detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
