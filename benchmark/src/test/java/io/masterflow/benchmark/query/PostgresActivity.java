package io.masterflow.benchmark.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * What PostgreSQL did while a rebuild ran, sampled every {@value #EVERY_MS} ms on a connection of its own: the CPU of
 * each kind of its processes (an autovacuum worker apart from the backends; a worker that ends between two samples
 * loses its last interval), what the busy backends were doing (running or the wait event), which tables autovacuum
 * worked on, and afterwards the tables whose autovacuum or autoanalyze counts moved (by oid: a table switched in
 * meanwhile counts from zero). The benchmark's CPU figure counts every PostgreSQL process; this says whose it was.
 */
final class PostgresActivity implements AutoCloseable {

    private static final int EVERY_MS = 200;

    private final long postmaster;
    private final Connection connection;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final Map<Long, Long> ticksByPid = new HashMap<>();
    private final Map<String, Long> ticksByKind = new TreeMap<>();
    private final Map<String, Integer> busy = new TreeMap<>();
    private final Map<String, Integer> vacuumed = new TreeMap<>();
    private final Map<String, long[]> countsBefore;
    private int samples;

    private PostgresActivity(long postmaster, Connection connection) throws SQLException {
        this.postmaster = postmaster;
        this.connection = connection;
        this.countsBefore = maintenanceCounts();
        sampleProcesses();
        ticksByKind.clear();
        sampler.scheduleAtFixedRate(this::sample, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    static PostgresActivity watch(String url, long postmaster) throws SQLException {
        return new PostgresActivity(postmaster, DriverManager.getConnection(url));
    }

    private synchronized void sample() {
        try {
            samples++;
            sampleProcesses();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("""
                         SELECT backend_type, coalesce(wait_event_type || ':' || wait_event, 'running') AS doing, query
                         FROM pg_stat_activity
                         WHERE pid <> pg_backend_pid() AND (state IS NULL OR state NOT LIKE 'idle%')""")) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    if (type.equals("autovacuum worker")) {
                        vacuumed.merge(rows.getString(3), 1, Integer::sum);
                    }
                    if (type.equals("client backend") || type.equals("autovacuum worker")) {
                        busy.merge(type + " " + rows.getString(2), 1, Integer::sum);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            busy.merge("sample failed: " + e, 1, Integer::sum);
        }
    }

    /** Adds each child process's CPU since the last sample to its kind, from its process title. */
    private void sampleProcesses() {
        PostgresProcesses.childTicks(postmaster).forEach((pid, ticks) -> {
            Long before = ticksByPid.put(pid, ticks);
            ticksByKind.merge(kind(PostgresProcesses.title(pid)), ticks - (before == null ? 0 : before), Long::sum);
        });
    }

    /** "postgres: autovacuum worker postgres" -> "autovacuum worker"; a client backend's title names its user and host. */
    private static String kind(String title) {
        String name = title.replaceFirst("^postgres: ", "");
        if (name.startsWith("autovacuum worker")) {
            return "autovacuum worker";
        }
        if (name.startsWith("postgres postgres")) {
            return "backends";
        }
        return name;
    }

    private Map<String, long[]> maintenanceCounts() throws SQLException {
        Map<String, long[]> counts = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT schemaname || '.' || relname || ' (' || relid || ')', autovacuum_count, autoanalyze_count, n_dead_tup
                     FROM pg_stat_user_tables""")) {
            while (rows.next()) {
                counts.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3), rows.getLong(4)});
            }
        }
        return counts;
    }

    void report(BiConsumer<String, Object[]> out) throws SQLException {
        sampler.shutdown();
        synchronized (this) {
            List<String> cpu = new ArrayList<>();
            ticksByKind.entrySet().stream().filter(kind -> kind.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(kind -> cpu.add("%s %.1f s".formatted(kind.getKey(), kind.getValue() / 100.0)));
            out.accept("  PostgreSQL's CPU by process (sampled every %d ms): %s%n", new Object[] {EVERY_MS, String.join(", ", cpu)});
            List<String> doing = new ArrayList<>();
            busy.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                    .forEach(entry -> doing.add("%s %.2f".formatted(entry.getKey(), (double) entry.getValue() / samples)));
            out.accept("  busy PostgreSQL processes, on average over %d samples: %s%n", new Object[] {samples, String.join(", ", doing)});
            vacuumed.forEach((query, seen) -> out.accept("  autovacuum seen in %d samples (%.1f s): %s%n",
                    new Object[] {seen, seen * EVERY_MS / 1000.0, query}));
            maintenanceCounts().forEach((table, after) -> {
                long[] before = countsBefore.getOrDefault(table, new long[3]);
                if (after[0] != before[0] || after[1] != before[1]) {
                    out.accept("  %s: %d autovacuum, %d autoanalyze; %,d dead rows now%n",
                            new Object[] {table, after[0] - before[0], after[1] - before[1], after[2]});
                }
            });
        }
    }

    @Override
    public void close() throws SQLException {
        sampler.shutdownNow();
        connection.close();
    }
}
