package io.masterflow.command.task;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a task is, as the task table's {@code status} column holds it. A task is made {@link #AVAILABLE} when its
 * attempt starts and is {@link #CLAIMED} by a worker or a node's in-process handler, under a lease. It is
 * {@link #DONE} when its attempt ends, whoever ended it; an in-process handler that leaves the decision to someone
 * else makes it {@link #AWAITING} (no lease) until then. A lease that runs out makes it {@link #EXPIRING} while the
 * attempt's failure is reported, then {@link #EXPIRED}.
 */
public enum TaskStatus {
    AVAILABLE, CLAIMED, AWAITING, EXPIRING, EXPIRED, DONE;

    /** Until it is done or expired, the task's attempt may still be decided. */
    public boolean open() {
        return this == AVAILABLE || this == CLAIMED || this == AWAITING;
    }

    /**
     * The status as an SQL literal. Statements name statuses literally rather than binding them: the table's partial
     * indexes ({@code where status = 'AVAILABLE'}) serve only statements whose condition matches theirs as written.
     */
    String sql() {
        return "'" + name() + "'";
    }

    /** An SQL list of literals, for {@code status in (...)}. */
    static String sql(TaskStatus... statuses) {
        return Arrays.stream(statuses).map(status -> status.sql()).collect(Collectors.joining(", ", "(", ")"));
    }
}
