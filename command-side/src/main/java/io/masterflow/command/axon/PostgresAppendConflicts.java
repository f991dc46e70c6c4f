package io.masterflow.command.axon;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells Axon that an append failed because the flow moved on under it, by PostgreSQL's SQL state anywhere in the cause
 * chain (a batch insert hides it in the next exception): 23505, the event store's unique (aggregate, sequence) key, when
 * another node appended first; MFA01, the event store's refusal to append to an archived flow (event-store schema V5),
 * when archival took the flow out of the store after this node cached it. Axon then raises a ConcurrencyException, which
 * {@code FlowCommandSender} answers by deciding again on the stored state: two nodes acting on one flow at once (a
 * deadline firing on one, a request on another) must not end in a server error, and an archived flow, which the store
 * no longer holds, is then answered 410 by {@link RejectionInterceptor}.
 */
public class PostgresAppendConflicts implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ARCHIVED_FLOW = "MFA01";
    private static final Set<String> FLOW_MOVED_ON = Set.of(UNIQUE_VIOLATION, ARCHIVED_FLOW);

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException each = sql; each != null; each = each.getNextException()) {
                    if (FLOW_MOVED_ON.contains(each.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
