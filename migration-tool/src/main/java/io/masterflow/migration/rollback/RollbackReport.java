package io.masterflow.migration.rollback;

import io.masterflow.migration.MigrationOptions.RollbackRequest;
import io.masterflow.migration.report.ReportFile;
import io.masterflow.migration.rollback.FlowEvents.Action;
import io.masterflow.migration.rollback.FlowEvents.Verdict;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rollback found and did: the runs it covers, the flows it removed or shortened (or, in a dry run, would), the
 * flows in its way, and what became of the read model. Written as JSON with {@code --report}, summed up on the console.
 */
public final class RollbackReport {

    /** The first flows in the way that the console lists; the JSON report lists them all. */
    private static final int LISTED = 20;

    /** A flow the rollback must not touch, and why. */
    public record Blocked(String flowId, String legacyFlowId, String reason, String detail) {
    }

    private final RollbackRequest request;
    private final String target;
    private final Instant startedAt;
    private final Map<String, StoredFlows.RunCount> runs = new TreeMap<>();
    private final Map<Action, Long> planned = new EnumMap<>(Action.class);
    private final List<Blocked> blocked = new ArrayList<>();
    private long flowsInScope;
    private long flowsClassified;
    private long eventsToDelete;
    private long flowsRemoved;
    private long flowsShortened;
    private long flowsDone;
    private long eventsDeleted;
    private long readModelRows;
    private String readModel;
    private boolean rebuildNeeded;
    private boolean refused;
    private boolean complete;
    private Instant finishedAt;

    RollbackReport(RollbackRequest request, String target, Instant startedAt) {
        this.request = request;
        this.target = target;
        this.startedAt = startedAt;
    }

    synchronized void runs(Map<String, StoredFlows.RunCount> found, long flows) {
        runs.putAll(found);
        flowsInScope = flows;
    }

    synchronized void planned(FlowEvents flow, Verdict verdict) {
        flowsClassified++;
        planned.merge(verdict.action(), 1L, Long::sum);
        eventsToDelete += verdict.delete();
        if (verdict.action() == Action.CONTINUED) {
            blocked.add(new Blocked(flow.flowId(), flow.legacyFlowId(), "CONTINUED", "event " + verdict.blocker().sequence()
                    + " (" + simpleName(verdict.blocker().payloadType()) + ") was not appended by the migration"));
        } else if (verdict.action() == Action.LATER_RUN) {
            blocked.add(new Blocked(flow.flowId(), flow.legacyFlowId(), "LATER_RUN", "event " + verdict.blocker().sequence()
                    + " was appended later by migration run " + verdict.blocker().runId() + ": roll that run back first"));
        }
    }

    synchronized void done(StampedEventDeletion.Outcome outcome) {
        flowsRemoved += outcome.removed().size();
        flowsShortened += outcome.shortened().size();
        flowsDone += outcome.removed().size() + outcome.shortened().size() + outcome.changed().size();
        eventsDeleted += outcome.eventsDeleted();
        readModelRows += outcome.readModelRows();
        for (FlowEvents flow : outcome.changed()) {
            blocked.add(new Blocked(flow.flowId(), flow.legacyFlowId(), "CHANGED",
                    "the flow's events changed between the plan and its batch; left as it is"));
        }
    }

    synchronized void readModel(String state, boolean rebuildNeeded) {
        this.readModel = state;
        this.rebuildNeeded = rebuildNeeded;
    }

    synchronized void readModelRows(long rows) {
        this.readModelRows = rows;
    }

    synchronized void refused() {
        this.refused = true;
    }

    synchronized void finish(Instant at, boolean complete) {
        this.finishedAt = at;
        this.complete = complete;
    }

    public synchronized boolean isRefused() {
        return refused;
    }

    public synchronized long flowsRemoved() {
        return flowsRemoved;
    }

    public synchronized long flowsShortened() {
        return flowsShortened;
    }

    public synchronized long eventsDeleted() {
        return eventsDeleted;
    }

    public synchronized List<Blocked> blocked() {
        return List.copyOf(blocked);
    }

    public synchronized long flowsInScopeCount() {
        return flowsInScope;
    }

    public synchronized long eventsToDelete() {
        return eventsToDelete;
    }

    /** Flows gone through so far: classified, then deleted (progress counts both passes). */
    synchronized long progress() {
        return flowsClassified + flowsDone;
    }

    synchronized long planned(Action action) {
        return planned.getOrDefault(action, 0L);
    }

    /** The refusal, one line, for standard error. */
    public synchronized String refusal() {
        long continued = planned(Action.CONTINUED);
        long later = planned(Action.LATER_RUN);
        List<String> parts = new ArrayList<>();
        if (continued > 0) {
            parts.add(continued + " flows have events the migration did not append (--leave-continued leaves them as they are)");
        }
        if (later > 0) {
            parts.add(later + " flows have events of a later migration run (roll it back first, or use --rollback-all)");
        }
        return "the rollback of " + request.describe() + " is refused, nothing was deleted: " + String.join("; ", parts)
                + "; the flows are listed above and in the report";
    }

    public synchronized Map<String, Object> toDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("mode", request.dryRun() ? "rollback-dry-run" : "rollback");
        document.put("rollback", request.all() ? "all" : request.runId());
        document.put("target", target);
        document.put("startedAt", startedAt.toString());
        document.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        document.put("complete", complete);
        document.put("refused", refused);
        Map<String, Object> byRun = new LinkedHashMap<>();
        runs.forEach((run, count) -> byRun.put(run, Map.of("flows", count.flows(), "events", count.events())));
        document.put("runs", byRun);
        Map<String, Object> flows = new LinkedHashMap<>();
        flows.put("inScope", flowsInScope);
        flows.put("toRemove", planned(Action.REMOVE));
        flows.put("toShorten", planned(Action.SHORTEN));
        flows.put("continued", planned(Action.CONTINUED));
        flows.put("laterRun", planned(Action.LATER_RUN));
        flows.put("removed", flowsRemoved);
        flows.put("shortened", flowsShortened);
        document.put("flows", flows);
        document.put("events", Map.of("toDelete", eventsToDelete, "deleted", eventsDeleted));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("state", readModel);
        model.put("flowStatusRows", readModelRows);
        model.put("rebuildNeeded", rebuildNeeded);
        document.put("readModel", model);
        document.put("blocked", blocked);
        return document;
    }

    public void writeJson(Path file) throws IOException {
        ReportFile.write(file, toDocument());
    }

    public synchronized void printSummary(PrintStream out) {
        Duration took = Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
        out.printf("masterflow-migrate %s of %s: %s in %.1f s%n", request.dryRun() ? "rollback dry run" : "rollback",
                request.describe(), refused ? "refused" : complete ? "finished" : "stopped", took.toMillis() / 1000.0);
        out.println("target: " + target);
        runs.forEach((run, count) -> out.printf("run %s: %d flows, %d events in the store%n", run, count.flows(), count.events()));
        if (runs.isEmpty()) {
            out.println("no event of " + (request.all() ? "any migration run" : request.describe()) + " is in the store");
        }
        if (request.dryRun() || refused) {
            out.printf("would delete %d events: remove %d flows whole, shorten %d flows to the events of earlier runs%n",
                    eventsToDelete, planned(Action.REMOVE), planned(Action.SHORTEN));
        } else {
            out.printf("deleted %d events: removed %d flows whole, shortened %d flows to the events of earlier runs%n",
                    eventsDeleted, flowsRemoved, flowsShortened);
        }
        if (!blocked.isEmpty()) {
            out.printf("%d flows in the way%s:%n", blocked.size(), request.leaveContinued() && !refused ? " (left as they are)" : "");
            blocked.stream().limit(LISTED).forEach(flow -> out.printf("  flow %s (legacy %s) %s: %s%n", flow.flowId(),
                    flow.legacyFlowId(), flow.reason(), flow.detail()));
            if (blocked.size() > LISTED) {
                out.printf("  ... and %d more in the report%n", blocked.size() - LISTED);
            }
        }
        if (readModel != null) {
            out.printf("readModel: %s%s%n", readModel, request.dryRun() ? "; " + readModelRows + " flow_status rows would be removed"
                    : "; " + readModelRows + " flow_status rows removed");
        }
        if (rebuildNeeded) {
            out.println("rebuild the query side's projections (POST /api/v1/admin/projections/{name}/rebuild for flow-status, "
                    + "audit-trail, analytics, assets): the read model of shortened flows is rebuilt from the events that stay");
        }
    }

    private static String simpleName(String type) {
        return type == null ? "?" : type.substring(type.lastIndexOf('.') + 1);
    }
}
