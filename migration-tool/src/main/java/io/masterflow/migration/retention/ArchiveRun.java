package io.masterflow.migration.retention;

import io.masterflow.eventstore.archive.ArchiveStore;
import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.retention.ReadModelArchive.Tombstone;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code --archive DIR|s3://BUCKET/PREFIX}: the flows the retention rules send away leave the event store for their
 * archive files. Each batch, in one transaction: the flows locked against appends (the event store's trigger, schema V5)
 * and their events read; their lines appended to their account's day ({@link ArchiveStore#append}: the day's file in a
 * directory, an object of the batch's own in a bucket; undone unless the transaction commits); an {@code archived_flows} row each; their events, snapshots, deadlines and tasks deleted; their read-model
 * rows forgotten and a tombstone left ({@link ReadModelArchive}). A run killed anywhere leaves every flow either
 * archived, its events in a file, or untouched in the store, and a new run archives the rest.
 *
 * <p>Besides the rollback of a migration run, the one place that deletes events: only those of flows it has just
 * locked and read whole, written to the file, and found unchanged since the plan, and exactly as many as it wrote.
 */
public final class ArchiveRun {

    /** The advisory lock class an archival holds per flow, and which the event store's trigger takes shared. */
    static final int LOCK_CLASS = 19782;

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** A flow the plan found eligible, as it was then. */
    private record Planned(String flowId, String account, String engagement, String flowType, String day, boolean completed,
                           long lastSequence) {
    }

    /** The flows archived of one account and type. */
    public record Group(String account, String flowType, long completed, long deleted) {

        Group plus(Planned flow) {
            return new Group(account, flowType, completed + (flow.completed() ? 1 : 0), deleted + (flow.completed() ? 0 : 1));
        }
    }

    /** What the run did. */
    public record Result(Instant archivedAt, Instant asOf, RetentionRules rules, String location, List<String> recovered,
                         Map<String, Group> groups, Set<String> files, long events, long readModelRows, List<String> left) {

        public long flows() {
            return groups.values().stream().mapToLong(group -> group.completed() + group.deleted()).sum();
        }

        public void print(PrintStream out) {
            for (String file : recovered) {
                out.printf(Locale.ROOT, "an append to %s left by an interrupted run was undone (its flows were not archived)%n", file);
            }
            out.printf(Locale.ROOT, "archived as of %s, rules %s: %d flows, %d events appended to %d files in %s and deleted "
                    + "from the event store; %d flow_status rows forgotten%n", asOf, rules.describe(), flows(), events,
                    files.size(), location, readModelRows);
            for (Group group : groups.values()) {
                out.printf(Locale.ROOT, "  account %s type %s: %d flows (%d completed, %d deleted)%n", group.account(),
                        group.flowType(), group.completed() + group.deleted(), group.completed(), group.deleted());
            }
            for (String flow : left) {
                out.printf(Locale.ROOT, "  left in the store: %s%n", flow);
            }
        }
    }

    private final Connection connection;
    private final ReadModelArchive readModel;
    private final RetentionRules rules;
    private final ArchiveStore store;
    private final int batchSize;
    private final Instant archivedAt = Instant.now();
    /** Names this run's batches in a bucket, where each is an object of its own: one run at a time, a millisecond apart. */
    private final String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC).format(archivedAt);
    private int batchNumber;
    private final boolean commandSideTables;

    private final Map<String, Group> groups = new TreeMap<>();
    private final Set<String> files = new TreeSet<>();
    private final List<String> left = new ArrayList<>();
    private long events;
    private long readModelRows;

    private ArchiveRun(Connection connection, ReadModelArchive readModel, RetentionRules rules, ArchiveStore store, int batchSize)
            throws SQLException {
        this.connection = connection;
        this.readModel = readModel;
        this.rules = rules;
        this.store = store;
        this.batchSize = batchSize;
        this.commandSideTables = !Jdbc.columns(connection, "task_flow").isEmpty();
    }

    public static Result run(Connection connection, ReadModelArchive readModel, RetentionRules rules, Instant asOf,
                             ArchiveStore store, int batchSize) throws SQLException, IOException {
        if (Jdbc.columns(connection, "archived_flows").isEmpty()) {
            throw MigrationFailure.target("the event store has no archived_flows table (event store schema 5): start the "
                    + "command side of this version once, or migrate into it, before archiving", null);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            if (!exclusive(connection)) {
                throw MigrationFailure.target("another archival is running on this event store; run one at a time", null);
            }
            ArchiveRun run = new ArchiveRun(connection, readModel, rules, store, batchSize);
            List<String> recovered = store.recover(run::allArchived);
            connection.commit();
            for (List<Planned> batch : run.batches(run.plan(asOf))) {
                run.archive(batch);
            }
            return new Result(run.archivedAt, asOf, rules, store.location(), recovered, run.groups, run.files, run.events,
                    run.readModelRows, run.left);
        } finally {
            connection.rollback();
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, 0)")) {
                unlock.setInt(1, LOCK_CLASS);
                unlock.execute();
            }
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
    }

    /** One archival at a time per store: a session lock, let go when the run ends or its connection drops. */
    private static boolean exclusive(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, 0)")) {
            lock.setInt(1, LOCK_CLASS);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** The eligible flows as the dry run counts them, by account, day and id; reads only. */
    private List<Planned> plan(Instant asOf) throws SQLException {
        String sql = RetentionDryRun.ELIGIBLE + """
                SELECT e.flow_id, e.account_id, to_char(e.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), e.flow_type, e.completed,
                       (SELECT max(d.sequencenumber) FROM domainevententry d WHERE d.aggregateidentifier = e.flow_id),
                       (SELECT convert_from(d.metadata, 'UTF8')::jsonb ->> 'engagementId' FROM domainevententry d
                        WHERE d.aggregateidentifier = e.flow_id AND d.sequencenumber = 0)
                FROM eligible e ORDER BY 2, 3, 1""";
        List<Planned> planned = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            RetentionDryRun.bind(query, rules, asOf);
            query.setFetchSize(10_000);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Planned flow = new Planned(result.getString(1), result.getString(2), result.getString(7),
                            result.getString(4), result.getString(3), result.getBoolean(5), result.getLong(6));
                    if (flow.account() == null || !UUID_TEXT.matcher(flow.account()).matches()
                            || flow.engagement() == null || !UUID_TEXT.matcher(flow.engagement()).matches()) {
                        // no caller can see such a flow, and its tombstone would have no owner
                        left.add(flow.flowId() + " (its first event names no account or engagement)");
                    } else {
                        planned.add(flow);
                    }
                }
            }
        }
        connection.commit();
        return planned;
    }

    /** Consecutive flows of one account and day, at most batchSize: one gzip member of a day's file, or one object, each. */
    private List<List<Planned>> batches(List<Planned> planned) {
        List<List<Planned>> batches = new ArrayList<>();
        List<Planned> batch = new ArrayList<>();
        for (Planned flow : planned) {
            if (!batch.isEmpty() && (batch.size() == batchSize || !batch.get(0).account().equals(flow.account())
                    || !batch.get(0).day().equals(flow.day()))) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
            batch.add(flow);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private void archive(List<Planned> batch) throws SQLException, IOException {
        Planned first = batch.get(0);
        ArchiveStore.Append append = null;
        try {
            lock(batch);
            Map<String, Planned> byId = new LinkedHashMap<>();
            batch.forEach(flow -> byId.put(flow.flowId(), flow));
            Map<String, List<String>> lines = new LinkedHashMap<>();
            Map<String, long[]> last = new LinkedHashMap<>();
            read(byId.keySet(), lines, last);
            List<Planned> unchanged = new ArrayList<>();
            for (Planned flow : batch) {
                long[] seen = last.get(flow.flowId());
                if (seen == null || seen[0] != flow.lastSequence()) {
                    left.add(flow.flowId() + " (changed since the plan: judged again by the next run)");
                } else {
                    unchanged.add(flow);
                }
            }
            if (unchanged.isEmpty()) {
                connection.commit();
                return;
            }
            List<String> ids = unchanged.stream().map(Planned::flowId).toList();
            List<String> batchLines = ids.stream().flatMap(id -> lines.get(id).stream()).toList();
            append = store.append(first.account(), first.day(), String.format(Locale.ROOT, "%s-%04d", runId, ++batchNumber),
                    ids, batchLines);
            String location = append.location();
            record(unchanged, location);
            List<Tombstone> tombstones = unchanged.stream().map(flow -> new Tombstone(flow.flowId(), flow.account(),
                    flow.engagement(), flow.flowType(), flow.lastSequence(), last.get(flow.flowId())[1],
                    rules.ruleFor(flow.flowType()), location)).toList();
            long forgotten = readModel.archive(connection, tombstones, archivedAt);
            long deleted = delete(ids);
            if (deleted != batchLines.size()) {
                throw new MigrationFailure(MigrationFailure.Kind.INTERNAL, "the archival would have deleted " + deleted
                        + " events of flows whose " + batchLines.size() + " events it wrote; it deleted none of them");
            }
            connection.commit();
            events += deleted;
            readModelRows += forgotten;
            files.add(location);
            for (Planned flow : unchanged) {
                groups.merge(flow.account() + " " + flow.flowType(), new Group(flow.account(), flow.flowType(), 0, 0).plus(flow),
                        (a, b) -> a.plus(flow));
            }
        } catch (SQLException | IOException | RuntimeException failure) {
            connection.rollback();
            throw failure;
        } finally {
            if (append != null) {
                try {
                    append.settle(this::allArchived);
                } catch (MigrationFailure storeGone) {
                    // the store cannot say whether the batch committed: the journal stays, the next run settles it
                }
            }
        }
    }

    /** Locks the flows against appends until the transaction ends (in id order: two lockers cannot deadlock). */
    private void lock(List<Planned> batch) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT count(pg_advisory_xact_lock(?, hashtext(id))) FROM (SELECT unnest(?::text[]) AS id ORDER BY 1) AS f")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setArray(2, connection.createArrayOf("text", batch.stream().map(Planned::flowId).sorted().toArray()));
            lock.execute();
        }
    }

    private void read(Set<String> flowIds, Map<String, List<String>> lines, Map<String, long[]> last) throws SQLException, IOException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT aggregateidentifier, sequencenumber, globalindex, eventidentifier, type, payloadtype, payloadrevision,
                       timestamp, convert_from(metadata, 'UTF8'), convert_from(payload, 'UTF8')
                FROM domainevententry WHERE aggregateidentifier = ANY (?) ORDER BY aggregateidentifier, sequencenumber""")) {
            query.setArray(1, connection.createArrayOf("varchar", flowIds.toArray()));
            query.setFetchSize(10_000);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    String flow = result.getString(1);
                    lines.computeIfAbsent(flow, id -> new ArrayList<>()).add(ArchiveExport.text(ArchiveExport.line(result, 1)));
                    last.put(flow, new long[] {result.getLong(2), result.getLong(3)});
                }
            }
        }
    }

    private void record(List<Planned> flows, String location) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO archived_flows (flow_id, account_id, engagement_id, flow_type, archived_at, rule, archive_location)
                SELECT f.flow_id, f.account_id, f.engagement_id, f.flow_type, ?, f.rule, ?
                FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                     AS f(flow_id, account_id, engagement_id, flow_type, rule)""")) {
            insert.setTimestamp(1, Timestamp.from(archivedAt));
            insert.setString(2, location);
            insert.setArray(3, connection.createArrayOf("varchar", flows.stream().map(Planned::flowId).toArray()));
            insert.setArray(4, connection.createArrayOf("varchar", flows.stream().map(Planned::account).toArray()));
            insert.setArray(5, connection.createArrayOf("varchar", flows.stream().map(Planned::engagement).toArray()));
            insert.setArray(6, connection.createArrayOf("varchar", flows.stream().map(Planned::flowType).toArray()));
            insert.setArray(7, connection.createArrayOf("varchar", flows.stream().map(flow -> rules.ruleFor(flow.flowType())).toArray()));
            insert.executeUpdate();
        }
    }

    /** The flows' events and what the command side keeps of them beside the events; the events deleted. */
    private long delete(List<String> ids) throws SQLException {
        Object[] flowIds = ids.toArray();
        long deleted;
        try (PreparedStatement events = connection.prepareStatement("DELETE FROM domainevententry WHERE aggregateidentifier = ANY (?)")) {
            events.setArray(1, connection.createArrayOf("varchar", flowIds));
            deleted = events.executeUpdate();
        }
        List<String> beside = new ArrayList<>(List.of("DELETE FROM snapshotevententry WHERE aggregateidentifier = ANY (?)",
                // a flow's deadlines are kept under its serialized scope, which names the flow id in quotes
                "DELETE FROM deadline_entry d USING unnest(?::text[]) AS f(id) WHERE position('\"' || f.id || '\"' IN d.scope) > 0"));
        if (commandSideTables) {
            beside.add("DELETE FROM phase_task WHERE flow_id = ANY (?)");
            beside.add("DELETE FROM task_flow WHERE flow_id = ANY (?)");
        }
        for (String sql : beside) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, connection.createArrayOf("varchar", flowIds));
                statement.executeUpdate();
            }
        }
        return deleted;
    }

    /** Whether the store records every one of these flows as archived: an interrupted append's transaction committed. */
    private boolean allArchived(List<String> flowIds) {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM archived_flows WHERE flow_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("varchar", flowIds.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1) == flowIds.size();
            }
        } catch (SQLException e) {
            throw MigrationFailure.target("cannot read archived_flows: " + Jdbc.message(e), e);
        }
    }
}
