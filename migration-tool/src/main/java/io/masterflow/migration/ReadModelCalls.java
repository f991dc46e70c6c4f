package io.masterflow.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where the tool asks the query side's read model something or calls one of its functions: in the event store's
 * database, on the caller's connection and in its transaction; or in a database of its own ({@code --read-model-url}),
 * each call committed there at once, before the caller's transaction, so that a run killed in between makes the same
 * call again when it is run again.
 */
public final class ReadModelCalls implements AutoCloseable {

    /** Sets a statement's parameters, on the connection that runs it (arrays are made by a connection). */
    @FunctionalInterface
    public interface Parameters {
        void set(Connection connection, PreparedStatement statement) throws SQLException;
    }

    private final Connection separate;

    /** @param separate the read model's own database, in manual commit; null: the read model is in the caller's */
    public ReadModelCalls(Connection separate) {
        this.separate = separate;
    }

    public boolean separate() {
        return separate != null;
    }

    /** The connection the read model is reached on. */
    public Connection connection(Connection target) {
        return separate != null ? separate : target;
    }

    /** Runs {@code sql}, whose answer is one number, and answers it. */
    public long number(Connection target, String sql, Parameters parameters) throws SQLException {
        Connection connection = connection(target);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(connection, statement);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                long number = result.getLong(1);
                if (separate != null) {
                    separate.commit();
                }
                return number;
            }
        } catch (SQLException e) {
            if (separate != null) {
                separate.rollback();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (separate != null) {
            Jdbc.closeQuietly(separate);
        }
    }
}
