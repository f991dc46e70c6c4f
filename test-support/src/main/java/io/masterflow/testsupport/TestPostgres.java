package io.masterflow.testsupport;

import io.masterflow.eventstore.EventStoreMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL the tests of one JVM share: an embedded server from Maven Central binaries, or an external one when
 * {@code MASTERFLOW_TEST_DB_URL} (with _USER and _PASSWORD) is set; each test that needs a clean slate takes a
 * database of its own on it.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres embedded;
    private static boolean sharedEventStore;

    private TestPostgres() {
    }

    /** The server's own database ({@code postgres}), started on first use. */
    public static synchronized String url() {
        String external = System.getenv("MASTERFLOW_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
            }
        }
        return embedded.getJdbcUrl(user(), "postgres");
    }

    public static String user() {
        return System.getenv().getOrDefault("MASTERFLOW_TEST_DB_USER", "postgres");
    }

    public static String password() {
        return System.getenv().getOrDefault("MASTERFLOW_TEST_DB_PASSWORD", "postgres");
    }

    /**
     * The database of this name on the same server, created on first use; its JDBC URL. For tests that start
     * applications of their own, which must not share deadlines, tasks or processors with the shared application.
     */
    public static synchronized String database(String name) {
        String base = url();
        try (Connection connection = DriverManager.getConnection(base, user(), password());
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        return at(base, name);
    }

    /** The server's own database with the event store's tables, as the command side leaves it for the query side. */
    public static synchronized String eventStore() {
        String url = url();
        if (!sharedEventStore) {
            eventStore(url);
            sharedEventStore = true;
        }
        return url;
    }

    /** The database of this name (see {@link #database}) with the event store's tables. */
    public static String eventStoreDatabase(String name) {
        return eventStore(database(name));
    }

    /**
     * The event store's tables in the database at {@code url}, migrated as the command side migrates them (the
     * event-store-schema module's scripts, its history table): what the query side reads (the events, and the keys
     * their personal data is sealed with) and never creates. {@code url} again.
     */
    public static String eventStore(String url) {
        EventStoreMigrations.configuration().dataSource(url, user(), password()).load().migrate();
        return url;
    }

    /** A new, empty database on the same server, named after its purpose; its JDBC URL. */
    public static String newDatabase(String purpose) {
        String name = purpose + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        String base = url();
        try (Connection connection = DriverManager.getConnection(base, user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        return at(base, name);
    }

    private static String at(String base, String database) {
        return base.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }
}
