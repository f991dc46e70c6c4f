package io.masterflow.benchmark.migration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * What the benchmarks share: an embedded PostgreSQL set up as a database that must survive a crash runs (fsync,
 * synchronous commit, full page writes), databases on it, and the figures that say how busy the machine was.
 */
final class BenchPostgres {

    static final String USER = "postgres";

    private BenchPostgres() {
    }

    /** Options as {@code --name value} pairs over the defaults. */
    static Map<String, String> options(String[] args, Map<String, String> defaults) {
        Map<String, String> options = new java.util.HashMap<>(defaults);
        for (int index = 0; index + 1 < args.length; index += 2) {
            options.put(args[index], args[index + 1]);
        }
        return options;
    }

    static EmbeddedPostgres start(Path dataDir, String sharedBuffers) throws Exception {
        Map<String, String> settings = Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on",
                "shared_buffers", sharedBuffers, "max_wal_size", "8GB", "checkpoint_timeout", "15min");
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %s, PostgreSQL data in %s, settings %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), dataDir, settings);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true);
        settings.forEach(builder::setServerConfig);
        return builder.start();
    }

    static String database(EmbeddedPostgres server, String name) throws Exception {
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
    }

    static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, USER, USER); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, USER, USER); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    static String resource(String path) throws Exception {
        try (InputStream in = BenchPostgres.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Other work on the machine skews the figures: the 1, 5 and 15 minute load averages say how much there was. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
