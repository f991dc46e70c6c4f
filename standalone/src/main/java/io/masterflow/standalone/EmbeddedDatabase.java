package io.masterflow.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Only the quickstart's own user may reach it: it listens on 127.0.0.1 only, its socket is in its data directory
 * (owner-only, as PostgreSQL keeps it), and every connection needs the password kept owner-only in the data folder
 * (scram-sha-256). The library initialises a database trusting every local user as superuser; here initdb is told
 * otherwise, and a data directory it initialised so is secured on its next start.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    static final String DATABASE = "masterflow";
    static final String USER = "postgres";
    static final String HOST = "127.0.0.1";

    /** Recovery after an unclean stop replays the write-ahead log before the server accepts connections. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);
    /** The longest path of a Unix socket (sun_path, less its terminating NUL): the socket goes where it fits. */
    private static final int LONGEST_SOCKET_PATH = 107;
    private static final String AUTHENTICATION = "scram-sha-256";
    /** Every connection, over TCP on loopback or the socket, with the password. */
    private static final String PASSWORDS_ONLY = """
            # written by masterflow at every start: only its own user, with the password in its data folder
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            """;
    /** For one start only, that of a data directory initialised trusting everyone: just long enough to set a password. */
    private static final String OWNER_SETS_A_PASSWORD = """
            # written by masterflow for one start, to give a data directory initialised without a password one
            host  postgres postgres 127.0.0.1/32 trust
            """;

    private final EmbeddedPostgres postgres;
    private final DataDirectoryLock lock;
    private final DataDirectory directory;
    private final String password;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryLock lock, DataDirectory directory, String password) {
        this.postgres = postgres;
        this.lock = lock;
        this.directory = directory;
        this.password = password;
    }

    static EmbeddedDatabase start(DataDirectory directory) throws IOException {
        OwnerOnlySecret.createOwnerOnlyDirectories(directory.root());
        DataDirectoryLock lock = DataDirectoryLock.acquire(directory.lock());
        EmbeddedPostgres postgres = null;
        try {
            StalePostmaster.clear(directory.postgres());
            boolean initialised = Files.exists(directory.postgres().resolve("PG_VERSION"));
            boolean withoutPassword = initialised && !Files.exists(directory.databasePassword());
            // a password is kept only once the database asks for it: a start that stops halfway is taken up again
            String password = withoutPassword ? OwnerOnlySecret.newSecret() : OwnerOnlySecret.loadOrCreate(directory.databasePassword());
            postgres = builder(directory, password, withoutPassword).start();
            if (withoutPassword) {
                securePasswordless(postgres, directory, password);
                OwnerOnlySecret.store(directory.databasePassword(), password);
            }
            createDatabaseIfMissing(postgres);
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, lock, directory, password);
            log.info("Embedded PostgreSQL is up on {}:{} with its data in {} (fsync and synchronous commit on, password in {}); "
                    + "JDBC URL {}", HOST, postgres.getPort(), directory.postgres(), directory.databasePassword(), database.jdbcUrl());
            return database;
        } catch (IOException | RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            lock.close();
            throw e;
        }
    }

    private static EmbeddedPostgres.Builder builder(DataDirectory directory, String password, boolean withoutPassword) {
        Path socket = directory.postgres();
        boolean socketFits = (socket + "/.s.PGSQL.65535").length() <= LONGEST_SOCKET_PATH;
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory.postgres().toFile())
                .setCleanDataDirectory(false)
                // stopped by the application context after everything that uses it, not by a JVM hook racing it
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", HOST)
                // in a folder too deep for a socket path, no socket at all: TCP on loopback is the way in
                .setServerConfig("unix_socket_directories", socketFits ? "'" + socket + "'" : "''")
                .setServerConfig("unix_socket_permissions", "0700")
                .setServerConfig("password_encryption", AUTHENTICATION)
                // initdb takes the library's options and then these: the later --auth wins over its -A trust
                .setLocaleConfig("auth", AUTHENTICATION)
                .setLocaleConfig("pwfile", directory.databasePassword().toString())
                .setConnectConfig("password", password)
                .setDataDirectoryCustomizer(data -> writeAccessRules(data.toPath(), withoutPassword ? OWNER_SETS_A_PASSWORD : PASSWORDS_ONLY));
    }

    /**
     * A data directory an earlier version initialised trusting everyone has no password: it starts once with loopback
     * trusted for its superuser alone, which gets the password, and then, before anything else connects, accepts
     * passwords only.
     */
    private static void securePasswordless(EmbeddedPostgres postgres, DataDirectory directory, String password) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
            writeAccessRules(directory.postgres(), PASSWORDS_ONLY);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot give the embedded PostgreSQL in " + directory.postgres() + " a password: " + e.getMessage(), e);
        }
        log.warn("The embedded PostgreSQL in {} let every local user in; it now asks for the password in {}",
                directory.postgres(), directory.databasePassword());
    }

    private static void writeAccessRules(Path data, String rules) {
        try {
            Files.writeString(data.resolve("pg_hba.conf"), rules, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the access rules of " + data, e);
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
        return "jdbc:postgresql://" + HOST + ":" + postgres.getPort() + "/" + DATABASE;
    }

    String username() {
        return USER;
    }

    String password() {
        return password;
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
