package io.masterflow.migration.support;

import io.masterflow.eventstore.EventStoreMigrations;
import io.masterflow.testsupport.TestPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The databases of the migration's tests, each a fresh one on the tests' shared PostgreSQL ({@link TestPostgres}): a
 * legacy database loaded with the legacy DDL, or an event store migrated by the command side's own Flyway migration
 * (the real scripts it ships).
 */
public final class TestDatabases {

    public static final String USER = TestPostgres.user();
    public static final String PASSWORD = TestPostgres.password();

    private TestDatabases() {
    }

    /** A new, empty database; its JDBC URL (user and password are {@link #USER}, {@link #PASSWORD}). */
    public static String newDatabase(String purpose) {
        return TestPostgres.newDatabase(purpose);
    }

    /** A legacy database: the legacy DDL, then the given classpath SQL files. */
    public static String legacyDatabase(String... sqlResources) {
        String url = newDatabase("legacy");
        execute(url, resource("/legacy/legacy-schema.sql"));
        for (String sql : sqlResources) {
            execute(url, resource(sql));
        }
        return url;
    }

    /** An event store as the command side creates it on its first start. */
    public static String eventStore() {
        String url = newDatabase("events");
        EventStoreMigrations.configuration().dataSource(url, USER, PASSWORD).load().migrate();
        return url;
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    public static void execute(String url, String sql) {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run SQL on " + url + ": " + e.getMessage(), e);
        }
    }

    public static String resource(String path) {
        try (InputStream in = TestDatabases.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
