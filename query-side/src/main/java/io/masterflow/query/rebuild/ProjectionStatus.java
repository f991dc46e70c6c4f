package io.masterflow.query.rebuild;

import org.springframework.lang.Nullable;

import java.util.List;

/**
 * A projection as this node sees it: the live processor's segments (every one in the token table, with its owner;
 * position and state only for those this node works on), how far the slowest of those is behind the head of the
 * store, and its latest rebuild on this node, if any.
 */
public record ProjectionStatus(String name, boolean running, @Nullable Long head, @Nullable Long lag, List<Segment> segments,
                               @Nullable RebuildProgress rebuild) {

    /** One segment of the live processor; {@code position}, {@code caughtUp} and {@code error} only if claimed here. */
    public record Segment(int segment, @Nullable String owner, boolean claimedHere, @Nullable Long position,
                          @Nullable Boolean caughtUp, @Nullable String error) {
    }
}
