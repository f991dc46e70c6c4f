package io.masterflow.migration.rollback;

import io.masterflow.migration.store.EventStoreTarget;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The events a rollback may delete: those whose metadata carries one run's id ({@link EventStoreTarget#MIGRATION_RUN_ID},
 * stamped on every event a migration run appends), or any run's id. Every statement that reads or deletes the run's
 * events takes its condition from here, so that no statement can reach an event the migration did not append.
 */
final class RunStamp {

    /** The run id an event's metadata carries; null for an event the migration did not append. */
    static final String RUN_OF_EVENT = "convert_from(metadata, 'UTF8')::jsonb ->> '" + EventStoreTarget.MIGRATION_RUN_ID + "'";

    private final String runId;

    private RunStamp(String runId) {
        this.runId = runId;
    }

    /** @param runId one run's id; null: every run */
    static RunStamp of(String runId) {
        return new RunStamp(runId);
    }

    /**
     * The SQL condition on an event row, with parameters ({@link #bind}): a cheap search of the raw metadata bytes,
     * which only narrows the rows that the exact comparison of the JSON value then decides on.
     */
    String condition() {
        return "position(?::bytea in metadata) > 0 AND " + RUN_OF_EVENT + (runId == null ? " IS NOT NULL" : " = ?");
    }

    /** Binds the condition's parameters from {@code index} on; the next free index. */
    int bind(PreparedStatement statement, int index) throws SQLException {
        String needle = runId == null ? EventStoreTarget.MIGRATION_RUN_ID : runId;
        statement.setBytes(index++, needle.getBytes(StandardCharsets.UTF_8));
        if (runId != null) {
            statement.setString(index++, runId);
        }
        return index;
    }

    /** True when an event stamped with {@code eventRunId} (null: not from the migration) is the rollback's to delete. */
    boolean covers(String eventRunId) {
        return eventRunId != null && (runId == null || runId.equals(eventRunId));
    }
}
