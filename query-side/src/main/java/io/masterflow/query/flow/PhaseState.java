package io.masterflow.query.flow;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where one phase of a flow stands. */
public enum PhaseState {
    PENDING,
    RUNNING,
    /** An attempt failed and the retry policy granted another, due at the phase's next attempt time. */
    RETRY_WAIT,
    COMPLETED,
    FAILED,
    SKIPPED,
    /** Running, or waiting for a retry, when the flow was deleted: the attempt will never report, nor the retry come. */
    CANCELLED;

    /** Done for good: the flow has moved past it. */
    public boolean isDone() {
        return this == COMPLETED || this == SKIPPED;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
