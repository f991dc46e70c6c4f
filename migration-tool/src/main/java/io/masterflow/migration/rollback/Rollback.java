package io.masterflow.migration.rollback;

import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.MigrationOptions;
import io.masterflow.migration.MigrationOptions.RollbackRequest;
import io.masterflow.migration.report.Progress;
import io.masterflow.migration.rollback.FlowEvents.Action;
import io.masterflow.migration.rollback.FlowEvents.Verdict;
import io.masterflow.migration.store.TargetSchema;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --rollback RUN_ID} and {@code --rollback-all}: takes out of the event store what migration runs appended,
 * and out of the read models what the query side made of it, so that both are as they were before those runs.
 *
 * <p>First a plan, reading only: the flows holding the runs' events, and for each whether its events end with the
 * runs' (it is removed whole, or shortened back to the events of an earlier run) or go on with events the migration did
 * not append (continued through the command API) or that a later run appended. Any such flow refuses the whole
 * rollback before anything is deleted, unless {@code --leave-continued} leaves the continued ones. A dry run stops
 * after the plan. Then {@link StampedEventDeletion}, one transaction per batch.
 */
public final class Rollback {

    private final MigrationOptions options;
    private final RollbackRequest request;
    private final PrintStream progressOut;
    private volatile RollbackReport report;

    public Rollback(MigrationOptions options, PrintStream progressOut) {
        this.options = options;
        this.request = options.rollback();
        this.progressOut = progressOut;
    }

    /** The report so far; after a failure, what was done before it. */
    public RollbackReport report() {
        return report;
    }

    public RollbackReport run() {
        String target = Jdbc.describe(options.targetUrl());
        report = new RollbackReport(request, target, Instant.now());
        boolean complete = false;
        TargetSchema.check(options.targetUrl(), options.targetUser(), options.targetPassword());
        try (Connection connection = connect(target); ReadModelReset readModel = readModel(connection, target)) {
            RunStamp stamp = RunStamp.of(request.runId());
            Map<String, StoredFlows.RunCount> runs = new LinkedHashMap<>();
            List<String> flows = StoredFlows.inScope(connection, stamp, runs);
            connection.commit();
            report.runs(runs, flows.size());
            try (Progress ignored = Progress.start(report::progress, request.dryRun() ? flows.size() : 2L * flows.size(),
                    "flows", progressOut)) {
                List<String> deletable = plan(connection, stamp, flows);
                describeReadModel(readModel);
                if (!request.dryRun() && !report.isRefused()) {
                    delete(connection, stamp, readModel, deletable);
                } else if (request.dryRun()) {
                    report.readModelRows(readModelRows(connection, readModel, deletable));
                }
            }
            complete = !report.isRefused();
            return report;
        } catch (SQLException e) {
            throw MigrationFailure.target("the rollback stopped on the target " + target + ": " + Jdbc.message(e), e);
        } finally {
            report.finish(Instant.now(), complete);
        }
    }

    /** Classifies every flow in scope, reading only; the flows whose run events may go, in id order. */
    private List<String> plan(Connection connection, RunStamp stamp, List<String> flows) throws SQLException {
        List<String> deletable = new ArrayList<>();
        for (List<String> batch : batches(flows)) {
            for (FlowEvents flow : StoredFlows.events(connection, batch, false).values()) {
                Verdict verdict = flow.verdict(stamp);
                report.planned(flow, verdict);
                if (verdict.action() == Action.REMOVE || verdict.action() == Action.SHORTEN) {
                    deletable.add(flow.flowId());
                }
            }
            connection.commit();
        }
        boolean continued = report.planned(Action.CONTINUED) > 0 && !request.leaveContinued();
        if (continued || report.planned(Action.LATER_RUN) > 0) {
            report.refused();
        }
        return deletable;
    }

    private void delete(Connection connection, RunStamp stamp, ReadModelReset readModel, List<String> deletable)
            throws SQLException {
        StampedEventDeletion deletion = new StampedEventDeletion(connection, stamp, readModel);
        for (List<String> batch : batches(deletable)) {
            report.done(deletion.delete(batch));
        }
    }

    private void describeReadModel(ReadModelReset readModel) {
        boolean shortened = report.planned(Action.SHORTEN) > 0;
        switch (readModel.kind()) {
            case SAME_TRANSACTION, SEPARATE -> report.readModel("the flows' rows are " + (request.dryRun() ? "to be " : "")
                    + "removed from every read model in " + readModel.description() + (readModel.kind() == ReadModelReset.Kind.SEPARATE
                    ? " (committed before each batch's events go)" : " (in each batch's transaction)"), shortened);
            case ABSENT -> report.readModel("no read model (flow_status) in " + readModel.description() + ": nothing to remove", false);
            case OUTDATED -> report.readModel("the read model in " + readModel.description() + " has no " + ReadModelReset.FUNCTION
                    + " (a query side older than this tool): its rows are not removed", true);
        }
    }

    private long readModelRows(Connection connection, ReadModelReset readModel, List<String> flows) throws SQLException {
        long rows = 0;
        for (List<String> batch : batches(flows)) {
            rows += readModel.rowsOf(connection, batch);
        }
        connection.commit();
        return rows;
    }

    private List<List<String>> batches(List<String> flows) {
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < flows.size(); from += options.batchSize()) {
            batches.add(flows.subList(from, Math.min(flows.size(), from + options.batchSize())));
        }
        return batches;
    }

    private Connection connect(String target) {
        Connection connection;
        try {
            connection = Jdbc.connect(options.targetUrl(), options.targetUser(), options.targetPassword());
        } catch (SQLException e) {
            throw MigrationFailure.target("cannot connect to the target " + target + ": " + Jdbc.message(e), e);
        }
        try {
            if (Jdbc.columns(connection, "domainevententry").isEmpty()) {
                throw MigrationFailure.target("the target " + target + " has no event store (table domainevententry): "
                        + "there is nothing to roll back", null);
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(connection);
            if (e instanceof MigrationFailure failure) {
                throw failure;
            }
            throw MigrationFailure.target("cannot use the target " + target + ": " + Jdbc.message(e), e);
        }
    }

    private ReadModelReset readModel(Connection connection, String target) throws SQLException {
        return options.readModelUrl() != null
                ? ReadModelReset.separate(options.readModelUrl(), options.readModelUser(), options.readModelPassword())
                : ReadModelReset.inTarget(connection, target);
    }
}
