package io.masterflow.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
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
        return base.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }
}
