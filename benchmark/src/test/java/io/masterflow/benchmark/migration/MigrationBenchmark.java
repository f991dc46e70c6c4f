package io.masterflow.benchmark.migration;

import io.masterflow.migration.Migration;
import io.masterflow.migration.MigrationOptions;
import io.masterflow.migration.report.MigrationReport;
import io.masterflow.migration.report.MigrationReport.Mode;
import io.masterflow.migration.support.LegacyDataGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

import static io.masterflow.benchmark.migration.BenchPostgres.database;
import static io.masterflow.benchmark.migration.BenchPostgres.execute;
import static io.masterflow.benchmark.migration.BenchPostgres.loadAverage;
import static io.masterflow.benchmark.migration.BenchPostgres.processCpuNanos;
import static io.masterflow.benchmark.migration.BenchPostgres.resource;
import static io.masterflow.benchmark.migration.BenchPostgres.seconds;

/**
 * The migration at scale, on this machine: N legacy flows generated into an embedded PostgreSQL (fsync and
 * synchronous commit on, as a database that must survive a crash runs), migrated into an event store on the same
 * server, and, for scale, the raw bulk-load rate of PostgreSQL for the very same event rows (COPY of the stored
 * rows into a scratch table with the same indexes). {@code bench/migration.sh} runs it.
 *
 * <pre>
 * --flows N (1000000)  --batch-size N (500)  --writers N (2)  --shared-buffers SIZE (1GB)  --data-dir DIR (a temp dir)
 * --dry-run-first true (also time reading and mapping alone)
 * </pre>
 */
public final class MigrationBenchmark {

    private MigrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchPostgres.options(args, Map.of("--flows", "1000000", "--batch-size",
                String.valueOf(MigrationOptions.DEFAULT_BATCH_SIZE), "--writers", String.valueOf(MigrationOptions.DEFAULT_WRITERS),
                "--shared-buffers", "1GB"));
        int flows = Integer.parseInt(options.get("--flows").replace("_", ""));
        int batchSize = Integer.parseInt(options.get("--batch-size"));
        int writers = Integer.parseInt(options.get("--writers"));
        Path dataDir = options.containsKey("--data-dir") ? Path.of(options.get("--data-dir"))
                : Files.createTempDirectory("masterflow-bench");

        try (EmbeddedPostgres server = BenchPostgres.start(dataDir, options.get("--shared-buffers"))) {
            String source = database(server, "legacy");
            String target = database(server, "events");
            execute(source, resource("/legacy/legacy-schema.sql"));
            // the event store's tables: the migration run below creates them, as it does on any empty target

            long started = System.nanoTime();
            LegacyDataGenerator.Expected expected;
            try (LegacyDataGenerator generator = new LegacyDataGenerator(source, 7)) {
                expected = generator.generate(flows, LegacyDataGenerator.Mix.BENCHMARK);
            }
            execute(source, "VACUUM ANALYZE");
            System.out.printf(Locale.ROOT, "generated %,d legacy flows (%,d rows: %s) in %.1f s%n", expected.flows(), expected.totalRows(),
                    expected.rows, seconds(started));

            if (Boolean.parseBoolean(options.getOrDefault("--dry-run-first", "false"))) {
                MigrationOptions dryRun = new MigrationOptions(Mode.DRY_RUN, source, "postgres", "postgres", null, null, null,
                        null, null, null, batchSize, writers, null, null, false);
                started = System.nanoTime();
                long cpu = processCpuNanos();
                new Migration(dryRun, System.out).run();
                System.out.printf(Locale.ROOT, "dry run (read and map only): %.1f s, %.1f s of this process's CPU%n", seconds(started),
                        (processCpuNanos() - cpu) / 1e9);
            }
            MigrationOptions migrate = new MigrationOptions(Mode.MIGRATE, source, "postgres", "postgres", target, "postgres",
                    "postgres", null, null, null, batchSize, writers, null, null, false);
            started = System.nanoTime();
            long cpuBefore = processCpuNanos();
            MigrationReport report = new Migration(migrate, System.out).run();
            double migrationSeconds = seconds(started);
            System.out.printf(Locale.ROOT, "migration used %.1f s of this process's CPU in %.1f s (the rest of the machine: PostgreSQL)%n",
                    (processCpuNanos() - cpuBefore) / 1e9, migrationSeconds);
            report.printSummary(System.out);
            long events = report.eventsAppended();
            double eventsPerSecond = events / migrationSeconds;
            System.out.printf(Locale.ROOT, "migration: %,d flows, %,d events in %.1f s: %,.0f flows/s, %,.0f events/s (batch %d, writers %d); load average %s%n",
                    report.flowsMigrated(), events, migrationSeconds, report.flowsMigrated() / migrationSeconds, eventsPerSecond,
                    batchSize, writers, loadAverage());

            double copyRowsPerSecond = rawBulkLoad(target, events);
            System.out.printf(Locale.ROOT, "ratio: the migration appends events at %.2f of PostgreSQL's raw COPY rate for the same rows%n",
                    eventsPerSecond / copyRowsPerSecond);
            System.out.printf(Locale.ROOT, "projection for 1,000,000 flows at this rate: %.1f min; load average now %s%n",
                    1_000_000 / (report.flowsMigrated() / migrationSeconds) / 60, loadAverage());
        }
    }

    /**
     * The stored event rows copied out (not timed) and COPYed into a scratch table shaped like the event table,
     * indexes and constraints included: how fast this server takes these rows when nothing but loading them is done.
     */
    private static double rawBulkLoad(String target, long expectedRows) throws Exception {
        Path dump = Files.createTempFile("events", ".copy");
        String columns = "aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp";
        try (Connection connection = DriverManager.getConnection(target, "postgres", "postgres")) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dump))) {
                copy.copyOut("COPY domainevententry (" + columns + ") TO STDOUT (FORMAT binary)", out);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE scratch_events (LIKE domainevententry INCLUDING ALL)");
            }
            long started = System.nanoTime();
            long rows;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(dump))) {
                rows = copy.copyIn("COPY scratch_events (" + columns + ") FROM STDIN (FORMAT binary)", in);
            }
            double took = seconds(started);
            long bytes = Files.size(dump);
            try (Statement statement = connection.createStatement(); ResultSet size = statement.executeQuery(
                    "SELECT pg_size_pretty(pg_total_relation_size('domainevententry'))")) {
                size.next();
                System.out.printf(Locale.ROOT, "raw bulk load: COPY of the same %,d event rows (%,d MB, event table %s with indexes) in %.1f s: %,.0f rows/s%n",
                        rows, bytes >> 20, size.getString(1), took, rows / took);
            }
            if (rows != expectedRows) {
                System.out.printf("note: the store holds %,d rows, the run appended %,d%n", rows, expectedRows);
            }
            return rows / took;
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
