package io.masterflow.migration;

import io.masterflow.migration.report.MigrationReport.Mode;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What a run is asked to do, from the command line.
 *
 * @param readModelUrl the query side's database when it is not the target's (verify only); null: the target's
 * @param batchSize flows appended per transaction
 * @param writers   connections appending batches side by side
 */
public record MigrationOptions(Mode mode, String sourceUrl, String sourceUser, String sourcePassword, String targetUrl,
                               String targetUser, String targetPassword, String readModelUrl, String readModelUser,
                               String readModelPassword, int batchSize, int writers, Path reportFile, Path flowTypesDir,
                               boolean help) {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_WRITERS = 2;

    private static final Set<String> VALUE_OPTIONS = Set.of("--source-url", "--source-user", "--source-password",
            "--target-url", "--target-user", "--target-password", "--read-model-url", "--read-model-user",
            "--read-model-password", "--batch-size", "--writers", "--report", "--flow-types-dir");

    public static final String USAGE = """
            usage: java -jar masterflow-migrate.jar --source-url JDBC_URL [--source-user U --source-password P]
                                                    --target-url JDBC_URL [--target-user U --target-password P]
                                                    [--dry-run | --verify [--read-model-url JDBC_URL
                                                    [--read-model-user U --read-model-password P]]]
                                                    [--batch-size N] [--writers N]
                                                    [--report FILE] [--flow-types-dir DIR]

              --source-url        the legacy PostgreSQL database (read only, in one snapshot)
              --target-url        the event store's PostgreSQL database; its tables must exist (start the
                                  command side once against it); optional with --dry-run
              --dry-run           read and map every row, write nothing, print the report
              --verify            compare legacy flows per account, engagement, type and status with the
                                  flows the event store holds, and with the query side's read model
                                  (flow_status) when the target database has it; exit code 1 when they differ
              --read-model-url    with --verify: the query side's database, when it is not the target's
              --batch-size N      flows appended per transaction (default 500)
              --writers N         connections appending side by side (default 2)
              --report FILE       also write the report as JSON to FILE
              --flow-types-dir    a folder of further flow-type definitions (*.yml), as the command side's
                                  masterflow.flow-types.external-dir
              passwords may also come from MASTERFLOW_SOURCE_PASSWORD, MASTERFLOW_TARGET_PASSWORD and
              MASTERFLOW_READ_MODEL_PASSWORD

            exit codes: 0 done, 1 verification found differences, 2 wrong arguments, 3 source problem,
                        4 target problem, 5 unexpected failure""";

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
        boolean help = false;
        boolean dryRun = false;
        boolean verify = false;
        for (int index = 0; index < args.length; index++) {
            String arg = args[index];
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--dry-run" -> dryRun = true;
                case "--verify" -> verify = true;
                case "--axonserver" -> throw MigrationFailure.usage("--axonserver is not supported yet: migrate into the "
                        + "PostgreSQL event store with --target-url (with Axon Server, migrate into PostgreSQL first)");
                default -> {
                    if (!name.startsWith("--")) {
                        throw MigrationFailure.usage("unexpected argument '" + arg + "'");
                    }
                    if (!VALUE_OPTIONS.contains(name)) {
                        throw MigrationFailure.usage("unknown option " + name);
                    }
                    String value = inlineValue;
                    if (value == null) {
                        if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
                            throw MigrationFailure.usage(name + " needs a value");
                        }
                        value = args[++index];
                    }
                    switch (name) {
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
                        default -> throw MigrationFailure.usage("unknown option " + name);
                    }
                }
            }
        }
        if (help) {
            return new MigrationOptions(mode, null, null, null, null, null, null, null, null, null, batchSize, writers, null,
                    null, true);
        }
        if (dryRun && verify) {
            throw MigrationFailure.usage("--dry-run and --verify exclude each other");
        }
        mode = dryRun ? Mode.DRY_RUN : verify ? Mode.VERIFY : Mode.MIGRATE;
        if (sourceUrl == null) {
            throw MigrationFailure.usage("--source-url is required");
        }
        if (targetUrl == null && mode != Mode.DRY_RUN) {
            throw MigrationFailure.usage("--target-url is required" + (mode == Mode.VERIFY ? " with --verify" : ""));
        }
        if (readModelUrl != null && mode != Mode.VERIFY) {
            throw MigrationFailure.usage("--read-model-url is read only with --verify");
        }
        return new MigrationOptions(mode, sourceUrl, sourceUser, sourcePassword, targetUrl, targetUser, targetPassword,
                readModelUrl, readModelUser, readModelPassword, batchSize, writers, reportFile, flowTypesDir, false);
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
