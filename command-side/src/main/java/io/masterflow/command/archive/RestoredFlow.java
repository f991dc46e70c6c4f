package io.masterflow.command.archive;

import java.time.Instant;

/**
 * An archived flow put back into the event store.
 *
 * @param flowId          the flow
 * @param archiveLocation the archive it came from (a file's path or an {@code s3://} URL)
 * @param eventsRestored  how many of its events went back, each with its own event id and sequence number
 * @param restoredAt      when
 */
public record RestoredFlow(String flowId, String archiveLocation, long eventsRestored, Instant restoredAt) {
}
