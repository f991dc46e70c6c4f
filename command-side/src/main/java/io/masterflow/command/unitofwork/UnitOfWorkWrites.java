package io.masterflow.command.unitofwork;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes that belong to a unit of work's transaction, sent to PostgreSQL together in one round trip when the
 * unit of work prepares its commit, instead of one round trip each. A command's unit of work writes its flow's events
 * and then, as separate concerns, ends and makes tasks and cancels and schedules deadlines; sent one by one they cost
 * a phase more round trips than its events do.
 *
 * <p>All of a unit of work's writes go in one multi-statement execution, which the PostgreSQL driver sends before a
 * single sync; they run in the order they were asked for, each seeing the ones before it, in the unit of work's
 * transaction: all of them commit with its events or none does, and whatever the transaction reads after the unit of
 * work (the next task's lease of a worker's report) sees them. A write asked for by a nested unit of work (an event
 * handler's) joins the outermost one's when the nested one prepares its commit, so a nested unit of work rolled back
 * writes nothing. Outside a unit of work, or once it is past preparing its commit, a write is sent at once.
 */
@Component
public class UnitOfWorkWrites {

    private static final String PENDING = UnitOfWorkWrites.class.getName() + ".pending";

    private final JdbcTemplate jdbc;

    public UnitOfWorkWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes with {@code sql}, which returns no rows. */
    public void write(String sql, Object... arguments) {
        writeReturning(sql, null, arguments);
    }

    /** Writes with {@code sql}, whose returned rows ({@code ... returning}) are handed to {@code eachRow} once sent. */
    public void writeReturning(String sql, RowCallbackHandler eachRow, Object... arguments) {
        Write write = new Write(sql, arguments.clone(), eachRow);
        if (!CurrentUnitOfWork.isStarted()) {
            send(List.of(write));
            return;
        }
        UnitOfWork<?> asking = CurrentUnitOfWork.get();
        if (preparedItsCommit(asking)) {
            send(List.of(write));
        } else {
            asking.onPrepareCommit(prepared -> join(prepared.root(), write));
        }
    }

    private record Write(String sql, Object[] arguments, RowCallbackHandler eachRow) {
    }

    private void join(UnitOfWork<?> root, Write write) {
        if (preparedItsCommit(root)) {
            send(List.of(write));
            return;
        }
        root.getOrComputeResource(PENDING, key -> {
            List<Write> pending = new ArrayList<>();
            // runs in the root's prepare-commit phase after the handlers registered before it (the events' append and
            // the handling of those events); a write joining after it was sent starts a new list
            root.onPrepareCommit(prepared -> {
                prepared.resources().remove(PENDING);
                send(pending);
            });
            return pending;
        }).add(write);
    }

    private static boolean preparedItsCommit(UnitOfWork<?> unitOfWork) {
        return unitOfWork.phase().isAfter(UnitOfWork.Phase.PREPARE_COMMIT);
    }

    private void send(List<Write> writes) {
        String sql = writes.stream().map(Write::sql).collect(Collectors.joining(";\n"));
        Object[] arguments = writes.stream().flatMap(write -> Arrays.stream(write.arguments())).toArray();
        jdbc.execute(sql, (PreparedStatementCallback<Void>) statement -> {
            new ArgumentPreparedStatementSetter(arguments).setValues(statement);
            boolean rows = statement.execute();
            // one result per statement, in order: rows for a returning one, an update count for the others
            for (Write write : writes) {
                if (rows && write.eachRow() != null) {
                    handRows(statement, write.eachRow());
                }
                rows = statement.getMoreResults();
            }
            return null;
        });
    }

    private static void handRows(PreparedStatement statement, RowCallbackHandler eachRow) throws SQLException {
        try (ResultSet rows = statement.getResultSet()) {
            while (rows.next()) {
                eachRow.processRow(rows);
            }
        }
    }
}
