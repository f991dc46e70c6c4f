package io.masterflow.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The most a command could hope for: N threads, one connection each, doing nothing but a single-row INSERT and
 * its COMMIT (autocommit) into a scratch table, on the same server with the same durability settings. Every
 * command of the API ends in at least one such durable commit, so the ratio commands/s to commits/s says how
 * much of the database's commit capacity the application turns into commands.
 */
final class PostgresCeiling {

    /** Roughly one small event row. */
    private static final int PAYLOAD_CHARS = 256;

    record Result(long commits, long errors, double perSecond, LatencySummary latency, Database.Counters counters,
                  CpuUsage.Usage cpu, String firstError) {
    }

    private final Database database;
    private final int clients;
    private final Duration warmup;
    private final Duration duration;
    private final CpuUsage.Watched watched;

    PostgresCeiling(Database database, int clients, Duration warmup, Duration duration, CpuUsage.Watched watched) {
        this.database = database;
        this.watched = watched;
        this.clients = clients;
        this.warmup = warmup;
        this.duration = duration;
    }

    Result run() throws SQLException, InterruptedException {
        String table = "masterflow_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<Connection> connections = new ArrayList<>();
        try (Connection admin = database.connect()) {
            try (Statement statement = admin.createStatement()) {
                // a logged table: its commits pay the WAL flush exactly like the event store's
                statement.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, client integer NOT NULL,"
                        + " seq bigint NOT NULL, payload text NOT NULL)");
            }
            // dropped even when the run is interrupted (Ctrl-C) while it measures
            Thread dropOnExit = new Thread(() -> dropQuietly(table), "drop-" + table);
            Runtime.getRuntime().addShutdownHook(dropOnExit);
            try {
                for (int i = 0; i < clients; i++) {
                    Connection connection = database.connect();
                    connection.setAutoCommit(true);
                    connections.add(connection);
                }
                return measure(admin, table, connections);
            } finally {
                for (Connection connection : connections) {
                    closeQuietly(connection);
                }
                try (Statement statement = admin.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + table);
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(dropOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway; dropping twice is harmless
                }
            }
        }
    }

    private Result measure(Connection admin, String table, List<Connection> connections)
            throws SQLException, InterruptedException {
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + duration.toNanos();
        String payload = "x".repeat(PAYLOAD_CHARS);
        LatencyRecorder[] recorders = new LatencyRecorder[clients];
        long[] errors = new long[clients];
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            recorders[i] = new LatencyRecorder(64 * 1024);
            Connection connection = connections.get(i);
            Thread thread = new Thread(() -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + table + " (client, seq, payload) VALUES (?, ?, ?)")) {
                    waitUntil(start);
                    long seq = 0;
                    for (long now = System.nanoTime(); now < measureUntil; now = System.nanoTime()) {
                        insert.setInt(1, client);
                        insert.setLong(2, seq++);
                        insert.setString(3, payload);
                        try {
                            insert.executeUpdate();
                            long end = System.nanoTime();
                            if (now >= measureFrom) {
                                recorders[client].record(end - now);
                            }
                        } catch (SQLException e) {
                            if (now >= measureFrom) {
                                errors[client]++;
                            }
                            firstError.compareAndSet(null, e.getMessage());
                        }
                    }
                } catch (SQLException e) {
                    errors[client]++;
                    firstError.compareAndSet(null, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "pg-ceiling-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        waitUntil(measureFrom);
        CpuUsage.Sample cpuFrom = CpuUsage.sample(watched);
        Database.Counters before = Database.counters(admin);
        waitUntil(measureUntil);
        CpuUsage.Sample cpuTo = CpuUsage.sample(watched);
        Database.Counters after = Database.counters(admin);
        done.await();
        for (Thread thread : threads) {
            thread.join();
        }
        LatencyRecorder all = LatencyRecorder.merge(List.of(recorders));
        long errorCount = 0;
        for (long e : errors) {
            errorCount += e;
        }
        double seconds = duration.toNanos() / 1e9;
        return new Result(all.count(), errorCount, all.count() / seconds, all.summarize(), after.minus(before),
                CpuUsage.between(cpuFrom, cpuTo), firstError.get());
    }

    static void waitUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }

    private void dropQuietly(String table) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException ignored) {
            // the database may be gone already
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }
}
