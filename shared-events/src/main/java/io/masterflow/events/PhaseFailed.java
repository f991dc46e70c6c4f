package io.masterflow.events;

import java.time.Instant;

/**
 * An attempt of a phase failed. {@code nextAttemptAt} is set when the retry policy grants another attempt
 * and is {@code null} when it does not (the flow then fails).
 */
public record PhaseFailed(FlowId flowId, PhaseName phase, int attempt, String error, boolean retryable,
                          Instant nextAttemptAt) {
}
