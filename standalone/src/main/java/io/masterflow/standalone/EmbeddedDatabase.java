package io.masterflow.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PostgreSQL server of the quickstart's own, on the data folder, kept across restarts and as durable as a real
 * one: the library's defaults are tuned for throwaway test databases and would lose committed events in a crash.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    static final String DATABASE = "masterflow";
    static final String USER = "postgres";

    /** Recovery after an unclean stop replays the write-ahead log before the server accepts connections. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);

    private final EmbeddedPostgres postgres;
    private final DataDirectoryLock lock;
    private final DataDirectory directory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryLock lock, DataDirectory directory) {
        this.postgres = postgres;
        this.lock = lock;
        this.directory = directory;
    }

    static EmbeddedDatabase start(DataDirectory directory) throws IOException {
        DataDirectoryLock lock = DataDirectoryLock.acquire(directory.lock());
        EmbeddedPostgres postgres = null;
        try {
            StalePostmaster.clear(directory.postgres());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.postgres().toFile())
                    .setCleanDataDirectory(false)
                    // stopped by the application context after everything that uses it, not by a JVM hook racing it
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            createDatabaseIfMissing(postgres);
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, lock, directory);
            log.info("Embedded PostgreSQL is up on port {} with its data in {} (fsync and synchronous commit on); JDBC URL {}",
                    postgres.getPort(), directory.postgres(), database.jdbcUrl());
            return database;
        } catch (IOException | RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            lock.close();
            throw e;
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("cannot create the database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    String username() {
        return USER;
    }

    int port() {
        return postgres.getPort();
    }

    /** Stops the server with a shutdown checkpoint; safe to call more than once. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            postgres.close();
            log.info("Embedded PostgreSQL on {} stopped", directory.postgres());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("Could not release {}: {}", directory.lock(), e.toString());
            }
        }
    }
}
