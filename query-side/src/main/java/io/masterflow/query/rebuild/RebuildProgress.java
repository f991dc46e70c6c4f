package io.masterflow.query.rebuild;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * Where a rebuild stands. {@code replayedTo} is the lowest position its segments have reached and {@code target}
 * the head of the event store when it started: the replay is done with the events it found once the one reaches
 * the other, and goes on with the events stored since until it has caught up and switches.
 */
public record RebuildProgress(State state, Instant startedAt, @Nullable Instant finishedAt, @Nullable Long replayedTo,
                              @Nullable Long target, @Nullable String error) {

    public enum State { REPLAYING, SWITCHING, COMPLETED, FAILED }

    @JsonProperty("inProgress")
    public boolean inProgress() {
        return state == State.REPLAYING || state == State.SWITCHING;
    }

    /** The share of the events found at the start that the replay has gone through, 0 to 1. */
    @JsonProperty("progress")
    public double fraction() {
        if (state == State.COMPLETED) {
            return 1.0;
        }
        if (target == null || replayedTo == null) {
            return 0.0;
        }
        return target <= 0 ? 1.0 : Math.min(1.0, (double) replayedTo / target);
    }
}
