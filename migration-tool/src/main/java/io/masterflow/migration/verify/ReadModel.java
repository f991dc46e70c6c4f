package io.masterflow.migration.verify;

import io.masterflow.events.FlowId;
import io.masterflow.migration.Jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query side's flow-status read model ({@code flow_status}, created by the query side's own migration), read
 * only for the flows a verification asks about: migrated flows are looked up by their ids, so flows created
 * natively since never enter the counts.
 */
public final class ReadModel implements AutoCloseable {

    private static final List<String> COLUMNS = List.of("flow_id", "client_account_id", "engagement_id", "flow_type",
            "status", "version");

    private final Connection connection;
    private final String description;

    /** What the read model holds of one flow; {@code version} is the sequence number of the last event it applied. */
    public record Row(String clientAccountId, String engagementId, String flowType, String status, long version) {
    }

    /** The read model cannot be checked, and why (a reason for the report, never a failure of the run). */
    public static final class Unavailable extends Exception {

        Unavailable(String reason) {
            super(reason);
        }
    }

    private ReadModel(Connection connection, String description) {
        this.connection = connection;
        this.description = description;
    }

    /**
     * @param separate true when the URL was given for the read model, false when it is the event store's database
     * @throws Unavailable when it cannot be reached or has no flow-status read model
     */
    public static ReadModel open(String url, String user, String password, boolean separate) throws Unavailable {
        String description = Jdbc.describe(url);
        Connection connection;
        try {
            connection = Jdbc.connect(url, user, password);
        } catch (SQLException e) {
            throw new Unavailable("cannot connect to " + description + ": " + Jdbc.message(e));
        }
        try {
            Set<String> columns = Jdbc.columns(connection, "flow_status");
            if (columns.isEmpty()) {
                throw new Unavailable(separate
                        ? description + " has no table flow_status (start the query side once against it)"
                        : "the target " + description + " has no table flow_status: the query side keeps its read models "
                        + "elsewhere (give --read-model-url) or has not started against it yet");
            }
            List<String> missing = COLUMNS.stream().filter(column -> !columns.contains(column)).toList();
            if (!missing.isEmpty()) {
                throw new Unavailable(description + " has a table flow_status without column " + String.join(", ", missing)
                        + ": it is not the query side's read model");
            }
            connection.setReadOnly(true);
            return new ReadModel(connection, description);
        } catch (Unavailable e) {
            Jdbc.closeQuietly(connection);
            throw e;
        } catch (SQLException e) {
            Jdbc.closeQuietly(connection);
            throw new Unavailable("cannot read " + description + ": " + Jdbc.message(e));
        }
    }

    public String description() {
        return description;
    }

    /** The rows of these flows that the read model holds (flows it does not hold are absent from the map). */
    public Map<FlowId, Row> rows(List<FlowId> flowIds) throws Unavailable {
        Map<FlowId, Row> rows = new HashMap<>();
        if (flowIds.isEmpty()) {
            return rows;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT flow_id, client_account_id, engagement_id, flow_type, status, version
                FROM flow_status WHERE flow_id = ANY (?)""")) {
            Array ids = connection.createArrayOf("uuid", flowIds.stream().map(FlowId::value).toArray());
            query.setArray(1, ids);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.put(FlowId.of(result.getString(1)), new Row(result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5), result.getLong(6)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new Unavailable("lost the read model " + description + " during the verification: " + Jdbc.message(e));
        }
    }

    @Override
    public void close() {
        Jdbc.closeQuietly(connection);
    }
}
