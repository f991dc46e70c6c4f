package io.masterflow.migration.support;

import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowId;
import io.masterflow.events.personal.SubjectKeys;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The target's events as the command side reads them back (Axon's JDBC engine, the event store's serializer, which
 * opens the users' ids sealed in the metadata).
 */
public final class StoredEvents {

    private final String url;
    private final JdbcEventStorageEngine engine;

    public StoredEvents(String url) {
        this.url = url;
        Serializer serializer = EventSerialization.serializer();
        this.engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SharedConnection(url))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(EventSerialization.storageSerializer(
                        new SubjectKeys(() -> TestDatabases.connect(url), java.time.Duration.ofMinutes(1))))
                .snapshotSerializer(serializer)
                .build();
    }

    /** One connection for every read of the engine (it closes what it is given; this one stays open). */
    private static final class SharedConnection implements org.axonframework.common.jdbc.ConnectionProvider {

        private final String url;
        private Connection connection;

        SharedConnection(String url) {
            this.url = url;
        }

        @Override
        public synchronized Connection getConnection() throws SQLException {
            if (connection == null || connection.isClosed()) {
                Connection opened = TestDatabases.connect(url);
                connection = (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[]{Connection.class}, (proxy, method, arguments) -> {
                            if (method.getName().equals("close")) {
                                return null;
                            }
                            try {
                                return method.invoke(opened, arguments);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
            return connection;
        }
    }

    public JdbcEventStorageEngine engine() {
        return engine;
    }

    public List<? extends DomainEventMessage<?>> of(FlowId flowId) {
        return engine.readEvents(flowId.toString()).asStream().toList();
    }

    public List<Object> payloadsOf(FlowId flowId) {
        return of(flowId).stream().map(event -> (Object) event.getPayload()).toList();
    }

    public long count() {
        return single("SELECT count(*) FROM domainevententry");
    }

    public long flows() {
        return single("SELECT count(DISTINCT aggregateidentifier) FROM domainevententry");
    }

    /** Every stored event as its columns, by flow and sequence; metadata and payload as JSON text. */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT aggregateidentifier, sequencenumber, type, eventidentifier, timestamp, payloadtype, payloadrevision,
                            convert_from(payload, 'UTF8') AS payload, convert_from(metadata, 'UTF8') AS metadata
                     FROM domainevententry ORDER BY aggregateidentifier, sequencenumber""")) {
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                    row.put(result.getMetaData().getColumnLabel(column), result.getObject(column));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private long single(String sql) {
        try (Connection connection = TestDatabases.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
