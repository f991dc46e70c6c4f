package io.masterflow.command.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The PostgreSQL every integration test of this JVM shares: an embedded server from Maven Central binaries, or
 * an external one when {@code MASTERFLOW_TEST_DB_URL} (with _USER and _PASSWORD) is set.
 */
public final class TestDatabase {

    private static EmbeddedPostgres embedded;

    private TestDatabase() {
    }

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
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    public static String user() {
        return System.getenv().getOrDefault("MASTERFLOW_TEST_DB_USER", "postgres");
    }

    public static String password() {
        return System.getenv().getOrDefault("MASTERFLOW_TEST_DB_PASSWORD", "postgres");
    }

    /**
     * A database of its own on the same server, created on first use: for tests that start applications of their own
     * and must not share deadlines or tasks with the other tests' application.
     */
    public static synchronized String url(String database) {
        String base = url();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(base, user(), password());
             java.sql.Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (!exists.next()) {
                    statement.execute("create database " + database);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create test database " + database, e);
        }
        int query = base.indexOf('?');
        String path = query < 0 ? base : base.substring(0, query);
        return path.substring(0, path.lastIndexOf('/') + 1) + database + (query < 0 ? "" : base.substring(query));
    }
}
