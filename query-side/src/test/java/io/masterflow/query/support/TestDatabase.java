package io.masterflow.query.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL every integration test of this JVM shares: an embedded server from Maven Central binaries, or
 * an external one when {@code MASTERFLOW_TEST_DB_URL} (with _USER and _PASSWORD) is set. It holds the command
 * side's event store tables before the query side starts, as a real deployment does.
 */
public final class TestDatabase {

    private static EmbeddedPostgres embedded;
    private static boolean eventStoreReady;

    private TestDatabase() {
    }

    public static synchronized String url() {
        String url;
        String external = System.getenv("MASTERFLOW_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            url = external;
        } else {
            if (embedded == null) {
                try {
                    embedded = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
                }
            }
            url = embedded.getJdbcUrl("postgres", "postgres");
        }
        if (!eventStoreReady) {
            createEventStore(url);
            eventStoreReady = true;
        }
        return url;
    }

    /**
     * A database of its own on the same server, holding an empty event store: for tests that start query sides of
     * their own, which the shared application context's processors must not join.
     */
    public static String freshDatabase(String name) {
        String shared = url();
        try (Connection connection = new DriverManagerDataSource(shared, user(), password()).getConnection()) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        String url = shared.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        createEventStore(url);
        return url;
    }

    public static String user() {
        return System.getenv().getOrDefault("MASTERFLOW_TEST_DB_USER", "postgres");
    }

    public static String password() {
        return System.getenv().getOrDefault("MASTERFLOW_TEST_DB_PASSWORD", "postgres");
    }

    private static void createEventStore(String url) {
        try (Connection connection = new DriverManagerDataSource(url, user(), password()).getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/test-event-store/event_store.sql"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the event store tables for tests", e);
        }
    }
}
