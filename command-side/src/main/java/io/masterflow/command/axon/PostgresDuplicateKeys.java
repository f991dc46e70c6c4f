package io.masterflow.command.axon;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon that an append failed on the event store's unique (aggregate, sequence) key, by PostgreSQL's SQL state
 * 23505 anywhere in the cause chain (a batch insert hides it in the next exception). Axon then raises a
 * ConcurrencyException, which {@code FlowCommandSender} answers by deciding again on the newer state: two nodes acting on
 * one flow at once (a deadline firing on one, a request on another) must not end in a server error.
 */
public class PostgresDuplicateKeys implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException each = sql; each != null; each = each.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(each.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
