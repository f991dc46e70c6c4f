package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Spreads retries out in time: flows that failed together (a shared dependency went down) should not all retry in
 * the same second. The spread is a function of flow, phase and attempt rather than a random draw, so that a flow's
 * retry time is reproducible and the aggregate's tests can name it.
 */
@FunctionalInterface
public interface RetryJitter {

    /** The wait to use instead of {@code backoff} before the given attempt of the given phase is retried. */
    Duration apply(Duration backoff, FlowId flow, PhaseName phase, int failedAttempt);

    /** The backoff as configured, unchanged. */
    static RetryJitter none() {
        return (backoff, flow, phase, failedAttempt) -> backoff;
    }

    /** Between the backoff and {@code (1 + fraction)} times it: never earlier than the definition asks for. */
    static RetryJitter upTo(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("retry jitter must be between 0 and 1: " + fraction);
        }
        return (backoff, flow, phase, failedAttempt) -> {
            UUID draw = UUID.nameUUIDFromBytes((flow + "/" + phase + "/" + failedAttempt).getBytes(StandardCharsets.UTF_8));
            double unit = (ByteBuffer.allocate(8).putLong(draw.getLeastSignificantBits()).getLong(0) >>> 11) / (double) (1L << 53);
            return backoff.plusMillis((long) (backoff.toMillis() * fraction * unit));
        };
    }
}
