package io.masterflow.migration.store;

import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowId;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.personal.ConnectionSource;
import io.masterflow.events.personal.SubjectKeys;
import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.delta.StoredEvent;
import io.masterflow.migration.delta.Tail;
import io.masterflow.migration.mapping.MappedFlow;
import io.masterflow.migration.mapping.StampedEvent;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * The event store the command side reads: Axon's JDBC tables in PostgreSQL, written with Axon's own
 * {@link JdbcEventStorageEngine} and the one masterflow serializer, so that migrated events are stored exactly as
 * the command side stores its own.
 *
 * <p>The target's schema is the command side's (the Flyway migrations of the event-store-schema module, which
 * {@link TargetSchema} applies before a migration run); this class checks that the tables it writes are there. A run appends a batch of flows per transaction: a flow's events are in one batch, so
 * each flow is all there or not at all, and a flow is present in the store exactly when its first event is.
 */
public final class EventStoreTarget implements MigrationTarget {

    /** The aggregate type the command side stores flows under. */
    public static final String AGGREGATE_TYPE = "Flow";

    /** Provenance keys every migrated event carries besides the standard ones of {@link MetaDataKeys}. */
    public static final String SOURCE_TABLE = "sourceTable";
    public static final String LEGACY_ID = "legacyId";
    public static final String LEGACY_FLOW_ID = "legacyFlowId";
    public static final String MIGRATION_RUN_ID = "migrationRunId";
    /**
     * On the events a delta run appends to a migrated flow: the status the flow has after them, which its
     * LegacyFlowImported (never rewritten) no longer says; verification counts the flow under it.
     */
    public static final String MIGRATED_STATUS = "migratedStatus";

    private static final List<String> EVENT_COLUMNS = List.of("globalindex", "aggregateidentifier", "sequencenumber",
            "type", "eventidentifier", "metadata", "payload", "payloadrevision", "payloadtype", "timestamp");

    /** The tool is the only writer while it runs, and reads what it wrote: a key may stay cached for the whole run. */
    private static final Duration KEY_CACHE = Duration.ofDays(1);

    private final Connection connection;
    private final String description;
    private final JdbcEventStorageEngine engine;

    private EventStoreTarget(Connection connection, String description, ConnectionSource keyConnections) {
        this.connection = connection;
        this.description = description;
        this.engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new CurrentTransaction(connection))
                // the transaction is this class's: one per batch of flows, committed or rolled back here
                .transactionManager(NoTransactionManager.INSTANCE)
                // the legacy users' ids are sealed as the command side seals its callers' (docs/retention.md); a
                // user's key is created on a connection of its own, committed before the batch that first uses it
                .eventSerializer(EventSerialization.storageSerializer(new SubjectKeys(keyConnections, KEY_CACHE)))
                .snapshotSerializer(EventSerialization.serializer())
                .dataType(byte[].class)
                .build();
    }

    /**
     * Connects and checks that the target holds the command side's event store.
     *
     * @throws MigrationFailure of kind TARGET, with a one-line message, when it cannot or does not
     */
    public static EventStoreTarget open(String url, String user, String password) {
        String description = Jdbc.describe(url);
        Connection connection;
        try {
            Properties defaults = new Properties();
            // the engine sends a batch of single-row inserts; the driver turns it into multi-row ones
            defaults.setProperty("reWriteBatchedInserts", "true");
            connection = Jdbc.connect(url, user, password, defaults);
        } catch (SQLException e) {
            throw MigrationFailure.target("cannot connect to the target " + description + ": " + Jdbc.message(e), e);
        }
        try {
            checkSchema(connection, description);
            connection.setAutoCommit(false);
            return new EventStoreTarget(connection, description, () -> Jdbc.connect(url, user, password));
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(connection);
            if (e instanceof MigrationFailure failure) {
                throw failure;
            }
            throw MigrationFailure.target("cannot use the target " + description + ": " + Jdbc.message(e), e);
        }
    }

    @Override
    public Set<FlowId> present(List<FlowId> flowIds) {
        if (flowIds.isEmpty()) {
            return Set.of();
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT aggregateidentifier FROM domainevententry WHERE aggregateidentifier = ANY (?) AND sequencenumber = 0")) {
            Array ids = connection.createArrayOf("varchar", flowIds.stream().map(FlowId::toString).toArray());
            query.setArray(1, ids);
            Set<FlowId> present = new HashSet<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    present.add(FlowId.of(result.getString(1)));
                }
            }
            connection.commit();
            return present;
        } catch (SQLException e) {
            rollbackQuietly();
            throw MigrationFailure.target("cannot read the target " + description + ": " + Jdbc.message(e), e);
        }
    }

    /** The sequence number of the last event of each of these flows the store holds (absent: no event at all). */
    public Map<FlowId, Long> lastSequences(List<FlowId> flowIds) {
        Map<FlowId, Long> last = new HashMap<>();
        if (flowIds.isEmpty()) {
            return last;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT aggregateidentifier, max(sequencenumber) FROM domainevententry
                WHERE aggregateidentifier = ANY (?) GROUP BY aggregateidentifier""")) {
            query.setArray(1, connection.createArrayOf("varchar", flowIds.stream().map(FlowId::toString).toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    last.put(FlowId.of(result.getString(1)), result.getLong(2));
                }
            }
            connection.commit();
            return last;
        } catch (SQLException e) {
            rollbackQuietly();
            throw MigrationFailure.target("cannot read the target " + description + ": " + Jdbc.message(e), e);
        }
    }

    /** Every event of these flows, in sequence order, as stored: what a delta run compares the legacy rows with. */
    public Map<FlowId, List<StoredEvent>> storedEvents(List<FlowId> flowIds) {
        Map<FlowId, List<StoredEvent>> events = new HashMap<>();
        if (flowIds.isEmpty()) {
            return events;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT aggregateidentifier, sequencenumber, payloadtype, payload, metadata, timestamp FROM domainevententry
                WHERE aggregateidentifier = ANY (?) ORDER BY aggregateidentifier, sequencenumber""")) {
            query.setArray(1, connection.createArrayOf("varchar", flowIds.stream().map(FlowId::toString).toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    events.computeIfAbsent(FlowId.of(result.getString(1)), id -> new ArrayList<>()).add(new StoredEvent(
                            result.getLong(2), result.getString(3), result.getBytes(4), result.getBytes(5), result.getString(6)));
                }
            }
            connection.commit();
            return events;
        } catch (SQLException e) {
            rollbackQuietly();
            throw MigrationFailure.target("cannot read the target " + description + ": " + Jdbc.message(e), e);
        }
    }

    /** One transaction for the batch, committed here: each flow's events from sequence number 0, or none. */
    @Override
    public void append(List<MappedFlow> flows, String runId, Runnable beforeCommit) {
        append(flows, List.of(), runId, beforeCommit);
    }

    /**
     * One transaction for new flows and for the events a delta run appends to migrated ones: all of them, or none.
     * Appended events continue the flow's sequence; a flow appended meanwhile by another run makes the store refuse
     * the batch on its unique (flow, sequence) key, as for a new flow.
     */
    public void append(List<MappedFlow> flows, List<Tail> tails, String runId, Runnable beforeCommit) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (MappedFlow flow : flows) {
            messages.addAll(messages(flow, runId));
        }
        for (Tail tail : tails) {
            Map<String, Object> status = Map.of(MIGRATED_STATUS, tail.flow().status().name());
            messages(tail.flow(), runId).subList(tail.from(), tail.flow().events().size())
                    .forEach(message -> messages.add(message.andMetaData(status)));
        }
        try {
            engine.appendEvents(messages);
        } catch (RuntimeException e) {
            throw refused(e);
        }
        try {
            beforeCommit.run();
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            throw refused(e);
        }
    }

    private RuntimeException refused(Exception failure) {
        rollbackQuietly();
        if (isConnectionLost(failure)) {
            return MigrationFailure.target("lost the connection to the target " + description + ": " + Jdbc.message(failure), failure);
        }
        return new AppendRefused(Jdbc.message(failure), failure, isUniqueViolation(failure));
    }

    /** The store's unique (aggregate, sequence) or event-id key refused a flow: another run got to it first. */
    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The messages of one flow as the store gets them: the legacy times, sequence numbers from 0, and event ids
     * derived from the flow and sequence, so that any run writes the very same events for the same legacy rows.
     */
    public static List<DomainEventMessage<?>> messages(MappedFlow flow, String runId) {
        Map<String, Object> common = new HashMap<>();
        common.put(MetaDataKeys.CLIENT_ACCOUNT_ID, flow.account().toString());
        common.put(MetaDataKeys.ENGAGEMENT_ID, flow.engagement().toString());
        common.put(MetaDataKeys.USER_ID, flow.userId());
        common.put(MetaDataKeys.CORRELATION_ID, runId);
        common.put(LEGACY_FLOW_ID, flow.legacyFlowId());
        common.put(MIGRATION_RUN_ID, runId);
        List<DomainEventMessage<?>> messages = new ArrayList<>(flow.events().size());
        String aggregateId = flow.flowId().toString();
        long sequence = 0;
        for (StampedEvent event : flow.events()) {
            Map<String, Object> metaData = new HashMap<>(common);
            metaData.put(SOURCE_TABLE, event.sourceTable().tableName());
            metaData.put(LEGACY_ID, event.legacyId());
            String eventId = UUID.nameUUIDFromBytes(("legacy-event:" + aggregateId + ":" + sequence).getBytes(StandardCharsets.UTF_8))
                    .toString();
            messages.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregateId, sequence,
                    new GenericMessage<>(eventId, event.payload(), MetaData.from(metaData)), event.timestamp()));
            sequence++;
        }
        return messages;
    }

    /** Receives the flows the store holds that came from the legacy tables, counted by owner, type and imported status. */
    @FunctionalInterface
    public interface ImportedFlowCounts {
        void count(String clientAccountId, String engagementId, String flowType, String status, long flows);
    }

    /**
     * Counts LegacyFlowImported events (one per migrated flow), reading the JSON in the database; a flow a delta run
     * brought up to date counts under the status its last appended events carry.
     */
    public void importedFlowCounts(ImportedFlowCounts counts) {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT meta ->> 'clientAccountId', meta ->> 'engagementId', event -> 'flowType' ->> 'type',
                       coalesce(updated.status, event ->> 'status'), count(*)
                FROM (SELECT aggregateidentifier, convert_from(metadata, 'UTF8')::jsonb AS meta,
                             convert_from(payload, 'UTF8')::jsonb AS event
                      FROM domainevententry WHERE sequencenumber = 0 AND payloadtype = ?) imported
                LEFT JOIN (SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier,
                                  convert_from(metadata, 'UTF8')::jsonb ->> ? AS status
                           FROM domainevententry WHERE sequencenumber > 0 AND position(?::bytea in metadata) > 0
                           ORDER BY aggregateidentifier, sequencenumber DESC) updated USING (aggregateidentifier)
                GROUP BY 1, 2, 3, 4""")) {
            query.setString(1, LegacyFlowImported.class.getName());
            query.setString(2, MIGRATED_STATUS);
            query.setBytes(3, MIGRATED_STATUS.getBytes(StandardCharsets.UTF_8));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    counts.count(result.getString(1), result.getString(2), result.getString(3), result.getString(4), result.getLong(5));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw MigrationFailure.target("cannot read the target " + description + ": " + Jdbc.message(e), e);
        }
    }

    @Override
    public void close() {
        rollbackQuietly();
        Jdbc.closeQuietly(connection);
    }

    private static void checkSchema(Connection connection, String description) throws SQLException {
        Set<String> columns = Jdbc.columns(connection, "domainevententry");
        if (columns.isEmpty()) {
            throw MigrationFailure.target("the target " + description + " has no event store (table domainevententry): "
                    + "a migration run creates its tables, a dry run and --verify only read them", null);
        }
        List<String> missing = EVENT_COLUMNS.stream().filter(column -> !columns.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw MigrationFailure.target("the target " + description + " has a table domainevententry without column "
                    + String.join(", ", missing) + ": it is not the command side's event store", null);
        }
    }

    private static boolean isConnectionLost(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private void rollbackQuietly() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the server rolls back an unfinished transaction when the connection ends
        }
    }


    /**
     * Hands the engine this target's connection inside the current transaction; the engine closes what it is
     * given after each statement, so it gets a view whose close does nothing.
     */
    private static final class CurrentTransaction implements ConnectionProvider {

        private final Connection unclosable;

        CurrentTransaction(Connection connection) {
            this.unclosable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(connection, arguments);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection() {
            return unclosable;
        }
    }
}
