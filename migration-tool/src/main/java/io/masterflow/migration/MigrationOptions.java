package io.masterflow.migration;

import io.masterflow.migration.report.MigrationReport.Mode;
import io.masterflow.migration.store.AxonServerTarget;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a run is asked to do, from the command line.
 *
 * @param readModelUrl the query side's database when it is not the target's (verify only); null: the target's
 * @param batchSize flows appended per transaction
 * @param writers   connections appending batches side by side
 * @param axonServer Axon Server's HOST:PORT when it is the target instead of the PostgreSQL event store; else null
 * @param axonServerToken the token Axon Server's access control asks for ({@code AXONSERVER_TOKEN}, as the sides read
 *                        it); null when it asks for none
 * @param since      a delta run: only legacy flows with a row created or updated after this instant; null: every flow
 * @param rollback   a rollback instead of a migration; null for a migration, dry run or verification
 */
public record MigrationOptions(Mode mode, String sourceUrl, String sourceUser, String sourcePassword, String targetUrl,
                               String targetUser, String targetPassword, String readModelUrl, String readModelUser,
                               String readModelPassword, int batchSize, int writers, Path reportFile, Path flowTypesDir,
                               boolean help, String axonServer, String axonServerToken, Instant since,
                               RollbackRequest rollback) {

    /**
     * What a rollback removes: the events one migration run appended ({@code runId}), or those of every run (null).
     *
     * @param dryRun         only say what it would remove
     * @param leaveContinued leave alone the flows that have events the migration did not append, instead of refusing
     */
    public record RollbackRequest(String runId, boolean dryRun, boolean leaveContinued) {

        public boolean all() {
            return runId == null;
        }

        /** The run as messages name it. */
        public String describe() {
            return all() ? "every migration run" : "migration run " + runId;
        }
    }

    /** Options with the PostgreSQL event store as target. */
    public MigrationOptions(Mode mode, String sourceUrl, String sourceUser, String sourcePassword, String targetUrl,
                            String targetUser, String targetPassword, String readModelUrl, String readModelUser,
                            String readModelPassword, int batchSize, int writers, Path reportFile, Path flowTypesDir,
                            boolean help) {
        this(mode, sourceUrl, sourceUser, sourcePassword, targetUrl, targetUser, targetPassword, readModelUrl, readModelUser,
                readModelPassword, batchSize, writers, reportFile, flowTypesDir, help, null, null, null, null);
    }

    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The variable the sides' axonserver profile reads Axon Server's access token from. */
    public static final String AXON_SERVER_TOKEN = "AXONSERVER_TOKEN";
    public static final int DEFAULT_WRITERS = 2;

    private static final Set<String> FLAGS = Set.of("--help", "-h", "--dry-run", "--verify", "--rollback-all", "--leave-continued");
    private static final Set<String> VALUE_OPTIONS = Set.of("--source-url", "--source-user", "--source-password",
            "--target-url", "--target-user", "--target-password", "--read-model-url", "--read-model-user",
            "--read-model-password", "--batch-size", "--writers", "--report", "--flow-types-dir", "--axonserver", "--since",
            "--since-report", "--rollback", "--confirm");

    /** What --rollback-all's --confirm must say. */
    public static final String CONFIRM_ALL = "all";

    public static final String USAGE = """
            usage: java -jar masterflow-migrate.jar --source-url JDBC_URL [--source-user U --source-password P]
                                                    (--target-url JDBC_URL [--target-user U --target-password P]
                                                     | --axonserver HOST:PORT)
                                                    [--dry-run | --verify [--read-model-url JDBC_URL
                                                    [--read-model-user U --read-model-password P]]]
                                                    [--since TIMESTAMP | --since-report FILE]
                                                    [--batch-size N] [--writers N]
                                                    [--report FILE] [--flow-types-dir DIR]
                   java -jar masterflow-migrate.jar (--rollback RUN_ID | --rollback-all) --target-url JDBC_URL
                                                    [--target-user U --target-password P]
                                                    (--dry-run | --confirm RUN_ID|all) [--leave-continued]
                                                    [--read-model-url JDBC_URL ...] [--batch-size N] [--report FILE]
                   java -jar masterflow-migrate.jar (--retention-dry-run | --retention-export DIR) --target-url JDBC_URL
                                                    [--target-user U --target-password P]
                                                    [--retain TYPE=DAYS[,TYPE=DAYS...]] [--as-of TIMESTAMP]
                                                    [--flow-types-dir DIR]
                   java -jar masterflow-migrate.jar --archive DIR --target-url JDBC_URL [--dry-run]
                                                    [--target-user U --target-password P]
                                                    [--retain TYPE=DAYS[,TYPE=DAYS...]] [--as-of TIMESTAMP]
                                                    [--flow-types-dir DIR] [--read-model-url JDBC_URL ...]
                                                    [--batch-size N]
                   java -jar masterflow-migrate.jar --restore-archive FILE --target-url JDBC_URL
                                                    [--target-user U --target-password P]
                                                    [--read-model-url JDBC_URL ...]
                   java -jar masterflow-migrate.jar --seal-personal-data --target-url JDBC_URL
                                                    [--target-user U --target-password P] [--batch-size N]

              --source-url        the legacy PostgreSQL database (read only, in one snapshot)
              --target-url        the event store's PostgreSQL database; its tables must exist (start the
                                  command side once against it); optional with --dry-run
              --axonserver        append to Axon Server (gRPC address, context 'default') instead of the
                                  PostgreSQL event store; not with --target-url, nor with --verify
              --dry-run           read and map every row, write nothing, print the report
              --verify            compare legacy flows per account, engagement, type and status with the
                                  flows the event store holds, and with the query side's read model
                                  (flow_status) when the target database has it; exit code 1 when they differ
              --read-model-url    with --verify, a rollback, --archive or --restore-archive: the query side's
                                  database, when it is not the target's
              --since TIMESTAMP   a delta run: only legacy flows with a row created or updated after TIMESTAMP
                                  (ISO-8601, e.g. 2026-03-01T18:00:00Z); flows migrated before are brought up to
                                  date by appending the events their legacy rows add
              --since-report FILE a delta run since the source snapshot of the run whose report FILE is
              --rollback RUN_ID   delete the events that migration run appended, and the read-model rows of its
                                  flows; --rollback-all: of every migration run. Refuses when a flow has events the
                                  migration did not append (--leave-continued: leave those flows as they are).
                                  Deletes only with --confirm repeating RUN_ID (or 'all'); --dry-run shows what
                                  it would delete
              --retention-dry-run what retention would archive: the completed or deleted flows whose last event
                                  is older than their type's rule (retention.days in its definition, or
                                  --retain TYPE=DAYS, * for every other type), counted per account and type;
                                  changes nothing (--as-of: judge as of that time)
              --retention-export DIR  write those flows' events to DIR/ACCOUNT/YYYY-MM-DD.jsonl.gz (gzipped JSON
                                  lines, one file per account and day of last activity); removes nothing
              --archive DIR       append those flows' events to the same files in DIR, then remove the flows
                                  from the event store and the read models, leaving a tombstone (when, which
                                  rule, which file); one transaction per batch, resumable after a kill;
                                  --dry-run: what it would archive, changing nothing
              --restore-archive FILE  append the flows of such a file back to the event store, with their own
                                  event ids, in one transaction; a flow already in the store is left as it is;
                                  an archived flow is archived no more
                                  DIR and FILE may be s3://BUCKET/PREFIX and s3://BUCKET/KEY: the AWS SDK's
                                  region and credentials (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a
                                  profile, a role); --archive writes one object per account, day and batch
              --s3-endpoint URL   an S3-compatible store (MinIO, ...) instead of AWS S3, path-style
              --seal-personal-data  the one-time upgrade of a store written before users were sealed: the
                                  metadata of every event with a plain userId rewritten with it sealed
                                  (docs/retention.md); nothing else changes; run again after an interruption
              --batch-size N      flows appended per transaction (default 500)
              --writers N         connections appending side by side (default 2)
              --report FILE       also write the report as JSON to FILE
              --flow-types-dir    a folder of further flow-type definitions (*.yml), as the command side's
                                  masterflow.flow-types.external-dir
              passwords may also come from MASTERFLOW_SOURCE_PASSWORD, MASTERFLOW_TARGET_PASSWORD and
              MASTERFLOW_READ_MODEL_PASSWORD; Axon Server's access token comes from AXONSERVER_TOKEN, as the
              command and query sides read it

            exit codes: 0 done, 1 verification found differences, 2 wrong arguments, 3 source problem,
                        4 target problem, 5 unexpected failure, 6 rollback refused (flows listed)""";

    /**
     * Reads {@code --name value} and {@code --name=value} arguments.
     *
     * @throws MigrationFailure of kind USAGE naming the wrong argument
     */
    public static MigrationOptions parse(String[] args, Map<String, String> environment) {
        Mode mode = Mode.MIGRATE;
        String sourceUrl = null;
        String sourceUser = null;
        String sourcePassword = environment.get("MASTERFLOW_SOURCE_PASSWORD");
        String targetUrl = null;
        String targetUser = null;
        String targetPassword = environment.get("MASTERFLOW_TARGET_PASSWORD");
        String readModelUrl = null;
        String readModelUser = null;
        String readModelPassword = environment.get("MASTERFLOW_READ_MODEL_PASSWORD");
        int batchSize = DEFAULT_BATCH_SIZE;
        int writers = DEFAULT_WRITERS;
        Path reportFile = null;
        Path flowTypesDir = null;
        String axonServer = null;
        boolean help = false;
        boolean dryRun = false;
        boolean verify = false;
        Instant since = null;
        Path sinceReport = null;
        String rollbackRun = null;
        boolean rollbackAll = false;
        boolean leaveContinued = false;
        String confirm = null;
        for (OptionReader.Option option : OptionReader.read(args, FLAGS, VALUE_OPTIONS, name -> "unknown option " + name)) {
            String name = option.name();
            String value = option.value();
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--dry-run" -> dryRun = true;
                case "--verify" -> verify = true;
                case "--rollback-all" -> rollbackAll = true;
                case "--leave-continued" -> leaveContinued = true;
                case "--source-url" -> sourceUrl = value;
                case "--source-user" -> sourceUser = value;
                case "--source-password" -> sourcePassword = value;
                case "--target-url" -> targetUrl = value;
                case "--target-user" -> targetUser = value;
                case "--target-password" -> targetPassword = value;
                case "--read-model-url" -> readModelUrl = value;
                case "--read-model-user" -> readModelUser = value;
                case "--read-model-password" -> readModelPassword = value;
                case "--batch-size" -> batchSize = positive(name, value);
                case "--writers" -> writers = positive(name, value);
                case "--report" -> reportFile = Path.of(value);
                case "--flow-types-dir" -> flowTypesDir = Path.of(value);
                case "--axonserver" -> axonServer = hostAndPort(name, value);
                case "--since" -> since = instant(name, value);
                case "--since-report" -> sinceReport = Path.of(value);
                case "--rollback" -> rollbackRun = runId(name, value);
                case "--confirm" -> confirm = value;
                default -> throw MigrationFailure.usage("unknown option " + name);
            }
        }
        if (help) {
            return new MigrationOptions(mode, null, null, null, null, null, null, null, null, null, batchSize, writers, null,
                    null, true);
        }
        if (rollbackRun != null || rollbackAll) {
            return rollback(args, environment, rollbackRun, rollbackAll, dryRun, verify, leaveContinued, confirm, targetUrl,
                    targetUser, targetPassword, readModelUrl, readModelUser, readModelPassword, batchSize, reportFile,
                    axonServer, since != null || sinceReport != null);
        }
        if (leaveContinued || confirm != null) {
            throw MigrationFailure.usage((leaveContinued ? "--leave-continued" : "--confirm") + " goes with --rollback or --rollback-all");
        }
        if (since != null && sinceReport != null) {
            throw MigrationFailure.usage("--since and --since-report exclude each other: name one starting point");
        }
        if (sinceReport != null) {
            since = SinceReport.snapshotOf(sinceReport);
        }
        if (dryRun && verify) {
            throw MigrationFailure.usage("--dry-run and --verify exclude each other");
        }
        mode = dryRun ? Mode.DRY_RUN : verify ? Mode.VERIFY : Mode.MIGRATE;
        if (sourceUrl == null) {
            throw MigrationFailure.usage("--source-url is required");
        }
        if (axonServer != null && targetUrl != null) {
            throw MigrationFailure.usage("--axonserver and --target-url exclude each other: name one target");
        }
        if (axonServer != null && mode == Mode.VERIFY) {
            throw MigrationFailure.usage("--verify works on the PostgreSQL event store only (--target-url): it counts the "
                    + "store's imported flows by their content in SQL, which Axon Server has no query for (docs/migration.md)");
        }
        if (targetUrl == null && axonServer == null && mode != Mode.DRY_RUN) {
            throw MigrationFailure.usage(mode == Mode.VERIFY ? "--target-url is required with --verify"
                    : "--target-url is required (or --axonserver HOST:PORT)");
        }
        if (readModelUrl != null && mode != Mode.VERIFY) {
            throw MigrationFailure.usage("--read-model-url is read only with --verify or a rollback");
        }
        if (since != null && axonServer != null) {
            throw MigrationFailure.usage("--since works on the PostgreSQL event store only (--target-url): a delta run reads "
                    + "the stored events of the flows it brings up to date");
        }
        if (since != null && mode == Mode.VERIFY) {
            throw MigrationFailure.usage("--verify compares every legacy flow: it takes no --since");
        }
        String axonServerToken = environment.get(AXON_SERVER_TOKEN);
        return new MigrationOptions(mode, sourceUrl, sourceUser, sourcePassword, targetUrl, targetUser, targetPassword,
                readModelUrl, readModelUser, readModelPassword, batchSize, writers, reportFile, flowTypesDir, false, axonServer,
                axonServerToken == null || axonServerToken.isBlank() ? null : axonServerToken, since, null);
    }

    /**
     * A rollback deletes events, the one thing nothing else in masterflow does: it needs the PostgreSQL target, and
     * either {@code --dry-run} or {@code --confirm} repeating the run id (or 'all'), so that no command line meant for
     * something else, and no run id mistyped once, deletes anything.
     */
    private static MigrationOptions rollback(String[] args, Map<String, String> environment, String runId, boolean all,
                                             boolean dryRun, boolean verify, boolean leaveContinued, String confirm,
                                             String targetUrl, String targetUser, String targetPassword, String readModelUrl,
                                             String readModelUser, String readModelPassword, int batchSize, Path reportFile,
                                             String axonServer, boolean delta) {
        if (runId != null && all) {
            throw MigrationFailure.usage("--rollback RUN_ID and --rollback-all exclude each other");
        }
        if (verify || delta) {
            throw MigrationFailure.usage("a rollback takes no " + (verify ? "--verify" : "--since") + ": it only removes what a run appended");
        }
        if (axonServer != null) {
            throw MigrationFailure.usage("a rollback works on the PostgreSQL event store only (--target-url): Axon Server never deletes events");
        }
        if (targetUrl == null) {
            throw MigrationFailure.usage("--target-url is required with " + (all ? "--rollback-all" : "--rollback"));
        }
        String expected = all ? CONFIRM_ALL : runId;
        if (!dryRun && confirm == null) {
            throw MigrationFailure.usage("a rollback deletes events: run it with --dry-run first to see what it would delete, "
                    + "then with --confirm " + expected);
        }
        if (dryRun && confirm != null) {
            throw MigrationFailure.usage("--dry-run deletes nothing: it takes no --confirm");
        }
        if (!dryRun && !confirm.equals(expected)) {
            throw MigrationFailure.usage("--confirm '" + confirm + "' does not repeat " + (all ? "'all' for --rollback-all"
                    : "the run id of --rollback (" + runId + ")") + ": nothing was deleted");
        }
        for (String arg : args) {
            if (arg.startsWith("--source-") || arg.startsWith("--writers") || arg.startsWith("--flow-types-dir")) {
                throw MigrationFailure.usage("a rollback reads no legacy data: it takes no " + arg.split("=")[0]);
            }
        }
        return new MigrationOptions(Mode.MIGRATE, null, null, null, targetUrl, targetUser, targetPassword, readModelUrl,
                readModelUser, readModelPassword, batchSize, 1, reportFile, null, false, null, null, null,
                new RollbackRequest(runId, dryRun, leaveContinued));
    }

    private static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw MigrationFailure.usage(name + " must be an ISO-8601 time with its offset (2026-03-01T18:00:00Z), not '" + value + "'");
        }
    }

    private static String runId(String name, String value) {
        try {
            return UUID.fromString(value.strip()).toString();
        } catch (IllegalArgumentException e) {
            throw MigrationFailure.usage(name + " needs the run id a migration report names (a UUID), not '" + value + "'");
        }
    }

    /** The target, as the report and errors name it: the JDBC URL without password, or Axon Server's address. */
    public String targetDescription() {
        return axonServer != null ? AxonServerTarget.describe(axonServer) : Jdbc.describe(targetUrl);
    }

    private static String hostAndPort(String name, String value) {
        int colon = value.lastIndexOf(':');
        if (colon > 0) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port > 0 && port < 65536) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw MigrationFailure.usage(name + " must be HOST:PORT (Axon Server's gRPC port, usually 8124), not '" + value + "'");
    }

    private static int positive(String name, String value) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw MigrationFailure.usage(name + " must be a whole number of 1 or more, not '" + value + "'");
    }
}
