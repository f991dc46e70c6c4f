package io.masterflow.query.axon;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a write the database refused for the data it was given from one it could not make at all. PostgreSQL's
 * SQLSTATE class 22 ("data exception": a value out of range, too long, a character it cannot store) and the not-null
 * and check violations are about the data: the same write fails every time, whatever the database's state.
 */
public final class DatabaseRefusal {

    private static final String DATA_EXCEPTION_CLASS = "22";
    private static final Set<String> DATA_VIOLATIONS = Set.of("23502", "23514");

    private DatabaseRefusal() {
    }

    public static boolean ofData(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith(DATA_EXCEPTION_CLASS) || DATA_VIOLATIONS.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** The database's own words, for the dead letter: which value it refused and why. */
    public static String message(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                // a batch's exception quotes its whole statement; the server's own error follows it
                SQLException server = sql.getNextException() != null ? sql.getNextException() : sql;
                return server.getSQLState() + " " + server.getMessage();
            }
        }
        return failure.toString();
    }
}
