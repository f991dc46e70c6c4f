package io.masterflow.migration.retention;

import io.masterflow.eventstore.archive.ArchiveRestore;
import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.ReadModelCalls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The query side's part of archival and restore, through its own functions (query migration V16): an archived flow's
 * read-model rows forgotten and a tombstone left ({@code masterflow_archive_flows}), a restored flow's tombstone removed
 * ({@code masterflow_restore_flows}). The tool never names a read-model table. The read model is in the event store's
 * database (changed in the archival's own transaction) or in one of its own ({@code --read-model-url}: committed there
 * just before the events' transaction, as the rollback does, so that a run killed in between archives the flows again).
 */
final class ReadModelArchive implements ArchiveRestore.Tombstones, AutoCloseable {

    private static final String ARCHIVE = "masterflow_archive_flows(text[], uuid[], uuid[], text[], bigint[], bigint[], text[], text[], timestamptz)";
    private static final String RESTORE = "masterflow_restore_flows(text[])";

    /** One archived flow, as the read models' tombstone records it. */
    record Tombstone(String flowId, String account, String engagement, String flowType, long lastSequence,
                     long lastGlobalIndex, String rule, String location) {
    }

    private final ReadModelCalls calls;
    private final boolean present;
    private final String description;

    private ReadModelArchive(Connection separate, boolean present, String description) {
        this.calls = new ReadModelCalls(separate);
        this.present = present;
        this.description = description;
    }

    /**
     * The read model in the event store's database, or in the database at {@code url} when one is given. A read model
     * without the functions is refused for archiving (its rows would stay); for a restore it has no tombstones to remove.
     */
    static ReadModelArchive open(Connection target, String targetDescription, String url, String user, String password,
                                 boolean archiving) throws SQLException {
        Connection separate = url == null ? null : Jdbc.connect(url, user, password);
        try {
            Connection connection = separate != null ? separate : target;
            String description = separate != null ? Jdbc.describe(url) : targetDescription;
            if (Jdbc.columns(connection, "flow_status").isEmpty()) {
                return new ReadModelArchive(separate, false, description);
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT to_regprocedure(?) IS NOT NULL")) {
                query.setString(1, ARCHIVE);
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1) && !archiving) {
                        return new ReadModelArchive(separate, false, description);
                    }
                    if (!result.getBoolean(1)) {
                        throw MigrationFailure.target("the read model in " + description + " has no masterflow_archive_flows "
                                + "(a query side older than this tool): archived flows would keep their rows there; "
                                + "upgrade the query side first", null);
                    }
                }
            }
            if (separate != null) {
                separate.setAutoCommit(false);
            }
            return new ReadModelArchive(separate, true, description);
        } catch (SQLException | RuntimeException e) {
            if (separate != null) {
                Jdbc.closeQuietly(separate);
            }
            throw e;
        }
    }

    String description() {
        return present ? description : "no read model (flow_status) in " + description;
    }

    /** Forgets the flows' rows and leaves their tombstones; the flow_status rows removed. */
    long archive(Connection target, List<Tombstone> flows, Instant archivedAt) throws SQLException {
        if (!present) {
            return 0;
        }
        return calls.number(target, "SELECT masterflow_archive_flows(?, ?::uuid[], ?::uuid[], ?, ?, ?, ?, ?, ?)", (connection, call) -> {
            call.setArray(1, connection.createArrayOf("text", flows.stream().map(Tombstone::flowId).toArray()));
            call.setArray(2, connection.createArrayOf("text", flows.stream().map(Tombstone::account).toArray()));
            call.setArray(3, connection.createArrayOf("text", flows.stream().map(Tombstone::engagement).toArray()));
            call.setArray(4, connection.createArrayOf("text", flows.stream().map(Tombstone::flowType).toArray()));
            call.setArray(5, connection.createArrayOf("bigint", flows.stream().map(Tombstone::lastSequence).toArray()));
            call.setArray(6, connection.createArrayOf("bigint", flows.stream().map(Tombstone::lastGlobalIndex).toArray()));
            call.setArray(7, connection.createArrayOf("text", flows.stream().map(Tombstone::rule).toArray()));
            call.setArray(8, connection.createArrayOf("text", flows.stream().map(Tombstone::location).toArray()));
            call.setTimestamp(9, Timestamp.from(archivedAt));
        });
    }

    /** Removes restored flows' tombstones; how many there were. */
    @Override
    public long remove(Connection target, List<String> flowIds) throws SQLException {
        if (!present || flowIds.isEmpty()) {
            return 0;
        }
        return calls.number(target, "SELECT masterflow_restore_flows(?)",
                (connection, call) -> call.setArray(1, connection.createArrayOf("text", flowIds.toArray())));
    }

    @Override
    public void close() {
        calls.close();
    }
}
