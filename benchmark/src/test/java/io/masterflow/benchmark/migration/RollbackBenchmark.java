package io.masterflow.benchmark.migration;

import io.masterflow.migration.Migration;
import io.masterflow.migration.MigrationOptions;
import io.masterflow.migration.MigrationOptions.RollbackRequest;
import io.masterflow.migration.report.MigrationReport;
import io.masterflow.migration.report.MigrationReport.Mode;
import io.masterflow.migration.rollback.Rollback;
import io.masterflow.migration.rollback.RollbackReport;
import io.masterflow.migration.support.LegacyDataGenerator;
import io.masterflow.migration.support.RunningSides;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import static io.masterflow.benchmark.migration.BenchPostgres.USER;
import static io.masterflow.benchmark.migration.BenchPostgres.count;
import static io.masterflow.benchmark.migration.BenchPostgres.database;
import static io.masterflow.benchmark.migration.BenchPostgres.execute;
import static io.masterflow.benchmark.migration.BenchPostgres.loadAverage;
import static io.masterflow.benchmark.migration.BenchPostgres.processCpuNanos;
import static io.masterflow.benchmark.migration.BenchPostgres.resource;
import static io.masterflow.benchmark.migration.BenchPostgres.seconds;

/**
 * A rollback at scale, on this machine: N legacy flows generated and migrated (as {@link MigrationBenchmark} does),
 * the real query side started on the same database until every projection has caught up, so that the read models
 * hold every flow, then stopped (as the cut-over's rollback procedure stops both sides); then the rollback of that
 * run, dry run first, timed, and checked: no event of the run and no read-model row of its flows left.
 * {@code bench/rollback.sh} runs it.
 *
 * <pre>
 * --flows N (100000)  --batch-size N (500)  --shared-buffers SIZE (1GB)  --data-dir DIR (a temp dir)
 * --read-model true (false: an event store alone, no query side)
 * </pre>
 */
public final class RollbackBenchmark {

    private RollbackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchPostgres.options(args, Map.of("--flows", "100000", "--batch-size",
                String.valueOf(MigrationOptions.DEFAULT_BATCH_SIZE), "--shared-buffers", "1GB", "--read-model", "true"));
        int flows = Integer.parseInt(options.get("--flows").replace("_", ""));
        int batchSize = Integer.parseInt(options.get("--batch-size"));
        boolean readModel = Boolean.parseBoolean(options.get("--read-model"));
        Path dataDir = options.containsKey("--data-dir") ? Path.of(options.get("--data-dir"))
                : Files.createTempDirectory("masterflow-bench");

        try (EmbeddedPostgres server = BenchPostgres.start(dataDir, options.get("--shared-buffers"))) {
            String source = database(server, "legacy");
            String target = database(server, "events");
            execute(source, resource("/legacy/legacy-schema.sql"));
            long started = System.nanoTime();
            try (LegacyDataGenerator generator = new LegacyDataGenerator(source, 7)) {
                generator.generate(flows, LegacyDataGenerator.Mix.BENCHMARK);
            }
            execute(source, "VACUUM ANALYZE");
            System.out.printf(Locale.ROOT, "generated %,d legacy flows in %.1f s%n", flows, seconds(started));

            started = System.nanoTime();
            MigrationReport migrated = new Migration(new MigrationOptions(Mode.MIGRATE, source, USER, USER, target, USER, USER,
                    null, null, null, MigrationOptions.DEFAULT_BATCH_SIZE, MigrationOptions.DEFAULT_WRITERS, null, null, false),
                    System.out).run();
            System.out.printf(Locale.ROOT, "migrated %,d flows, %,d events in %.1f s (run %s)%n", migrated.flowsMigrated(),
                    migrated.eventsAppended(), seconds(started), migrated.runId());

            if (readModel) {
                started = System.nanoTime();
                try (ConfigurableApplicationContext ignored = RunningSides.querySide(target, USER, USER)) {
                    RunningSides.awaitProjected(target, Duration.ofHours(1));
                }
                System.out.printf(Locale.ROOT, "query side projected them in %.1f s: %,d flow_status rows, %,d audit entries, %,d assets%n",
                        seconds(started), count(target, "SELECT count(*) FROM flow_status"),
                        count(target, "SELECT count(*) FROM audit_entry"), count(target, "SELECT count(*) FROM flow_asset"));
            }
            execute(target, "VACUUM ANALYZE");

            RollbackReport dryRun = rollback(target, migrated.runId(), batchSize, true);
            RollbackReport rolledBack = rollback(target, migrated.runId(), batchSize, false);
            long eventsLeft = count(target, "SELECT count(*) FROM domainevententry");
            long rowsLeft = readModel ? count(target, "SELECT count(*) FROM flow_status") + count(target, "SELECT count(*) FROM audit_entry")
                    + count(target, "SELECT count(*) FROM flow_asset") + count(target, "SELECT count(*) FROM analytics_flow") : 0;
            System.out.printf(Locale.ROOT, "after the rollback: %,d events and %,d read-model rows left (both must be 0); "
                    + "removed %,d flows, deleted %,d events%n", eventsLeft, rowsLeft, rolledBack.flowsRemoved(), rolledBack.eventsDeleted());
            if (eventsLeft != 0 || rowsLeft != 0 || dryRun.isRefused() || rolledBack.flowsRemoved() != flows) {
                throw new IllegalStateException("the rollback did not remove the run whole");
            }
        }
    }

    private static RollbackReport rollback(String target, String runId, int batchSize, boolean dryRun) {
        MigrationOptions options = new MigrationOptions(Mode.MIGRATE, null, null, null, target, USER, USER, null, null, null,
                batchSize, 1, null, null, false, null, null, null, new RollbackRequest(runId, dryRun, false));
        long started = System.nanoTime();
        long cpu = processCpuNanos();
        RollbackReport report = new Rollback(options, System.out).run();
        double took = seconds(started);
        report.printSummary(System.out);
        System.out.printf(Locale.ROOT, "%s: %.1f s (%.1f s of this process's CPU), %,.0f flows/s, %,.0f events/s (batch %d); load average %s%n",
                dryRun ? "rollback dry run" : "rollback", took, (processCpuNanos() - cpu) / 1e9,
                report.flowsInScopeCount() / took, (dryRun ? report.eventsToDelete() : report.eventsDeleted()) / took, batchSize,
                loadAverage());
        return report;
    }
}
