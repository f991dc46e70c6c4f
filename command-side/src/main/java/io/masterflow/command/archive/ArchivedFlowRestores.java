package io.masterflow.command.archive;

import io.masterflow.command.flow.ArchivedFlows;
import io.masterflow.command.flow.ArchivedFlows.ArchivedFlow;
import io.masterflow.command.flow.FlowRejected;
import io.masterflow.eventstore.archive.ArchiveRestore;
import io.masterflow.eventstore.archive.ArchiveStore;
import io.masterflow.eventstore.archive.S3Connection;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.web.server.ResponseStatusException;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Restores one archived flow from the archive its {@code archived_flows} row names, with the migration tool's own
 * restore ({@link ArchiveRestore}): its events back under their own ids, its row gone (so the event store takes its
 * events again) and, where the read models share the event store's database, its tombstone gone, all in one
 * transaction. The query side's processors then project its events as new ones.
 */
public class ArchivedFlowRestores {

    private static final String RESTORE_TOMBSTONES = "masterflow_restore_flows(text[])";

    private final DataSource dataSource;
    private final ArchivedFlows archivedFlows;
    private final S3Connection s3;

    public ArchivedFlowRestores(DataSource dataSource, ArchivedFlows archivedFlows, S3Connection s3) {
        this.dataSource = dataSource;
        this.archivedFlows = archivedFlows;
        this.s3 = s3;
    }

    /**
     * Restores the flow if it is archived and {@code account} (null: any account, the platform operator's reach) owns
     * it; a flow that is not archived, or another account's, is answered like one that does not exist.
     */
    public RestoredFlow restore(String flowId, @Nullable UUID account) {
        ArchivedFlow archived = archivedFlows.find(flowId)
                .filter(flow -> account == null || account.toString().equals(flow.account()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, FlowRejected.notFoundMessage(flowId)));
        String location = archived.archiveLocation();
        ArchiveRestore.Result result;
        try (Connection connection = dataSource.getConnection()) {
            result = ArchiveRestore.runOne(connection, ArchivedFlowRestores::removeTombstones, location, s3, flowId);
        } catch (IOException unreadable) {
            // the archive is elsewhere: a bucket that failed is a gateway's failure, a path this node cannot read its own
            HttpStatus status = ArchiveStore.isS3(location) ? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE;
            throw new ResponseStatusException(status, "the archive of flow " + flowId + " could not be read, nothing was "
                    + "restored: " + unreadable.getMessage(), unreadable);
        } catch (SQLException failure) {
            throw new IllegalStateException("the event store failed while restoring flow " + flowId + ", nothing was restored: "
                    + failure.getMessage(), failure);
        }
        if (result.flowsRestored() == 0) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "flow " + flowId + " has events in the store already: "
                    + "a restore never adds to a flow that is there");
        }
        return new RestoredFlow(flowId, location, result.eventsRestored(), Instant.now());
    }

    /** The query side's function, where its read models share this database; elsewhere its tombstone stays (documented). */
    private static long removeTombstones(Connection connection, List<String> flowIds) throws SQLException {
        try (PreparedStatement present = connection.prepareStatement("SELECT to_regprocedure(?) IS NOT NULL")) {
            present.setString(1, RESTORE_TOMBSTONES);
            try (ResultSet result = present.executeQuery()) {
                result.next();
                if (!result.getBoolean(1) || flowIds.isEmpty()) {
                    return 0;
                }
            }
        }
        try (PreparedStatement remove = connection.prepareStatement("SELECT masterflow_restore_flows(?)")) {
            remove.setArray(1, connection.createArrayOf("text", flowIds.toArray()));
            try (ResultSet result = remove.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
