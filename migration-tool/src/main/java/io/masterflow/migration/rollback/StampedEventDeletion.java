package io.masterflow.migration.rollback;

import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.rollback.FlowEvents.Action;
import io.masterflow.migration.rollback.FlowEvents.Verdict;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place in masterflow that deletes events. It deletes only rows the {@link RunStamp} covers, only of flows
 * whose events it has just read and locked in the same transaction and found to end with the run's events, and it
 * checks that the statement deleted exactly as many rows as those flows hold of the run, rolling everything back
 * otherwise. One transaction per batch: a rollback killed anywhere leaves whole batches done and the rest untouched,
 * and a new rollback of the same run finds only the rest.
 */
final class StampedEventDeletion {

    /** What one batch did: flows removed whole, flows shortened, flows left because they changed since the plan. */
    record Outcome(List<FlowEvents> removed, List<FlowEvents> shortened, List<FlowEvents> changed, long eventsDeleted,
                   long readModelRows) {
    }

    private final Connection connection;
    private final RunStamp stamp;
    private final ReadModelReset readModel;
    private final boolean commandSideTables;

    StampedEventDeletion(Connection connection, RunStamp stamp, ReadModelReset readModel) throws SQLException {
        this.connection = connection;
        this.stamp = stamp;
        this.readModel = readModel;
        this.commandSideTables = !Jdbc.columns(connection, "task_flow").isEmpty();
    }

    Outcome delete(List<String> flowIds) {
        try {
            Outcome outcome = deleteInTransaction(flowIds);
            connection.commit();
            return outcome;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the server rolls back an unfinished transaction when the connection ends
            }
            if (e instanceof MigrationFailure failure) {
                throw failure;
            }
            throw MigrationFailure.target("the rollback could not delete a batch (nothing of it was deleted): " + Jdbc.message(e), e);
        }
    }

    private Outcome deleteInTransaction(List<String> flowIds) throws SQLException {
        Map<String, FlowEvents> flows = StoredFlows.events(connection, flowIds, true);
        List<FlowEvents> removed = new ArrayList<>();
        List<FlowEvents> shortened = new ArrayList<>();
        List<FlowEvents> changed = new ArrayList<>();
        List<FlowEvents> deletable = new ArrayList<>();
        List<Long> keep = new ArrayList<>();
        long expected = 0;
        for (FlowEvents flow : flows.values()) {
            Verdict verdict = flow.verdict(stamp);
            switch (verdict.action()) {
                case REMOVE -> removed.add(flow);
                case SHORTEN -> shortened.add(flow);
                case NONE -> {
                    continue;
                }
                default -> {
                    changed.add(flow);
                    continue;
                }
            }
            deletable.add(flow);
            keep.add(flow.events().get(verdict.keep()).sequence());
            expected += verdict.delete();
        }
        if (deletable.isEmpty()) {
            return new Outcome(removed, shortened, changed, 0, 0);
        }
        long readModelRows = readModel.forget(connection, deletable);
        Object[] ids = deletable.stream().map(FlowEvents::flowId).toArray();
        long deleted;
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM domainevententry WHERE aggregateidentifier = ANY (?) AND " + stamp.condition())) {
            delete.setArray(1, connection.createArrayOf("varchar", ids));
            stamp.bind(delete, 2);
            deleted = delete.executeUpdate();
        }
        if (deleted != expected) {
            throw new MigrationFailure(MigrationFailure.Kind.INTERNAL, "the rollback would have deleted " + deleted
                    + " events of a batch whose flows hold " + expected + " of the run; it deleted none of them");
        }
        // a snapshot at or after the first deleted event would rebuild a flow from events that are gone
        try (PreparedStatement snapshots = connection.prepareStatement("""
                DELETE FROM snapshotevententry s USING unnest(?::varchar[], ?::bigint[]) AS f(id, keep)
                WHERE s.aggregateidentifier = f.id AND s.sequencenumber >= f.keep""")) {
            snapshots.setArray(1, connection.createArrayOf("varchar", ids));
            snapshots.setArray(2, connection.createArrayOf("bigint", keep.toArray()));
            snapshots.executeUpdate();
        }
        if (commandSideTables && !removed.isEmpty()) {
            // what the command side knows of a flow to make tasks of its phases: a removed flow has none
            try (PreparedStatement tasks = connection.prepareStatement("DELETE FROM task_flow WHERE flow_id = ANY (?)")) {
                tasks.setArray(1, connection.createArrayOf("varchar", removed.stream().map(FlowEvents::flowId).toArray()));
                tasks.executeUpdate();
            }
        }
        return new Outcome(removed, shortened, changed, deleted, readModelRows);
    }
}
