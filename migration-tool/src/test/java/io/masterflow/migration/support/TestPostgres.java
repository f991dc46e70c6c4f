package io.masterflow.migration.support;

import io.masterflow.eventstore.EventStoreMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL for every test of this JVM, and a fresh database per source or target a test asks for:
 * a legacy database loaded with the legacy DDL, or an event store migrated by the command side's own Flyway
 * migration (the real {@code db/command} scripts of the event-store-schema module).
 */
public final class TestPostgres {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
            }
        }
        return server;
    }

    /** A new, empty database; its JDBC URL (user and password are {@link #USER}, {@link #PASSWORD}). */
    public static String newDatabase(String purpose) {
        String name = purpose + "_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name;
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
        try (InputStream in = TestPostgres.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
