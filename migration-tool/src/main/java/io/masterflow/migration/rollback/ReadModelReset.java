package io.masterflow.migration.rollback;

import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.ReadModelCalls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Forgets rolled-back flows in the query side's read models through the query side's own function
 * ({@code masterflow_forget_flows(flow ids, their accounts)}, its migration V15): the tables are the query side's, so it is the query side that
 * says which rows belong to a flow. The tool never names a read-model table.
 */
final class ReadModelReset implements AutoCloseable {

    static final String FUNCTION = "masterflow_forget_flows";

    enum Kind {
        /** The read model is in the event store's database: forgotten in the transaction that deletes the events. */
        SAME_TRANSACTION,
        /** The read model has a database of its own: forgotten there, committed before the events go. */
        SEPARATE,
        /** No read model where it was looked for: nothing to forget. */
        ABSENT,
        /** A read model of a query side that predates the function: its rows cannot be forgotten by the tool. */
        OUTDATED
    }

    private final Kind kind;
    private final ReadModelCalls calls;
    private final String description;

    private ReadModelReset(Kind kind, Connection separate, String description) {
        this.kind = kind;
        this.calls = new ReadModelCalls(separate);
        this.description = description;
    }

    /** The read model in the event store's database, read on the rollback's own connection. */
    static ReadModelReset inTarget(Connection target, String description) throws SQLException {
        return new ReadModelReset(kindOf(target, Kind.SAME_TRANSACTION), null, description);
    }

    /** The read model in a database of its own ({@code --read-model-url}). */
    static ReadModelReset separate(String url, String user, String password) {
        String description = Jdbc.describe(url);
        Connection connection;
        try {
            connection = Jdbc.connect(url, user, password);
        } catch (SQLException e) {
            throw MigrationFailure.target("cannot connect to the read model " + description + ": " + Jdbc.message(e), e);
        }
        try {
            Kind kind = kindOf(connection, Kind.SEPARATE);
            connection.setAutoCommit(false);
            return new ReadModelReset(kind, connection, description);
        } catch (SQLException e) {
            Jdbc.closeQuietly(connection);
            throw MigrationFailure.target("cannot read the read model " + description + ": " + Jdbc.message(e), e);
        }
    }

    private static Kind kindOf(Connection connection, Kind usable) throws SQLException {
        if (Jdbc.columns(connection, "flow_status").isEmpty()) {
            return Kind.ABSENT;
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT to_regprocedure(? || '(text[], uuid[])') IS NOT NULL")) {
            query.setString(1, FUNCTION);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getBoolean(1) ? usable : Kind.OUTDATED;
            }
        }
    }

    Kind kind() {
        return kind;
    }

    String description() {
        return description;
    }

    /** flow_status rows of these flows: what a dry run says it would forget. */
    long rowsOf(Connection target, List<String> flowIds) throws SQLException {
        if (kind == Kind.ABSENT) {
            return 0;
        }
        return calls.number(target, "SELECT count(*) FROM flow_status WHERE flow_id = ANY (?::uuid[])",
                (connection, query) -> query.setArray(1, connection.createArrayOf("text", flowIds.toArray())));
    }

    /**
     * Forgets the flows: in the rollback's transaction when the read model shares its database; otherwise committed
     * at once on its own, before the events go, so that a rollback killed in between forgets them again when it is
     * run again (a flow whose events are gone is no longer found, and would keep its rows).
     *
     * @return flow_status rows removed
     */
    long forget(Connection target, List<FlowEvents> flows) throws SQLException {
        if (kind == Kind.ABSENT || kind == Kind.OUTDATED || flows.isEmpty()) {
            return 0;
        }
        return calls.number(target, "SELECT " + FUNCTION + "(?, ?::uuid[])", (connection, call) -> {
            call.setArray(1, connection.createArrayOf("text", flows.stream().map(FlowEvents::flowId).toArray()));
            call.setArray(2, connection.createArrayOf("text", flows.stream().map(FlowEvents::account).toArray()));
        });
    }

    @Override
    public void close() {
        calls.close();
    }
}
