package io.masterflow.migration;

import io.masterflow.migration.report.MigrationReport.Mode;
import io.masterflow.migration.store.AxonServerTarget;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What a run is asked to do, from the command line.
 *
 * @param readModelUrl the query side's database when it is not the target's (verify only); null: the target's
 * @param batchSize flows appended per transaction
 * @param writers   connections appending batches side by side
 * @param axonServer Axon Server's HOST:PORT when it is the target instead of the PostgreSQL event store; else null
 * @param axonServerToken the token Axon Server's access control asks for ({@code AXONSERVER_TOKEN}, as the sides read
 *                        it); null when it asks for none
 */
public record MigrationOptions(Mode mode, String sourceUrl, String sourceUser, String sourcePassword, String targetUrl,
                               String targetUser, String targetPassword, String readModelUrl, String readModelUser,
                               String readModelPassword, int batchSize, int writers, Path reportFile, Path flowTypesDir,
                               boolean help, String axonServer, String axonServerToken) {

    /** Options with the PostgreSQL event store as target. */
    public MigrationOptions(Mode mode, String sourceUrl, String sourceUser, String sourcePassword, String targetUrl,
                            String targetUser, String targetPassword, String readModelUrl, String readModelUser,
                            String readModelPassword, int batchSize, int writers, Path reportFile, Path flowTypesDir,
                            boolean help) {
        this(mode, sourceUrl, sourceUser, sourcePassword, targetUrl, targetUser, targetPassword, readModelUrl, readModelUser,
                readModelPassword, batchSize, writers, reportFile, flowTypesDir, help, null, null);
    }

    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The variable the sides' axonserver profile reads Axon Server's access token from. */
    public static final String AXON_SERVER_TOKEN = "AXONSERVER_TOKEN";
    public static final int DEFAULT_WRITERS = 2;

    private static final Set<String> VALUE_OPTIONS = Set.of("--source-url", "--source-user", "--source-password",
            "--target-url", "--target-user", "--target-password", "--read-model-url", "--read-model-user",
            "--read-model-password", "--batch-size", "--writers", "--report", "--flow-types-dir", "--axonserver");

    public static final String USAGE = """
            usage: java -jar masterflow-migrate.jar --source-url JDBC_URL [--source-user U --source-password P]
                                                    (--target-url JDBC_URL [--target-user U --target-password P]
                                                     | --axonserver HOST:PORT)
                                                    [--dry-run | --verify [--read-model-url JDBC_URL
                                                    [--read-model-user U --read-model-password P]]]
                                                    [--batch-size N] [--writers N]
                                                    [--report FILE] [--flow-types-dir DIR]

              --source-url        the legacy PostgreSQL database (read only, in one snapshot)
              --target-url        the event store's PostgreSQL database; its tables must exist (start the
                                  command side once against it); optional with --dry-run
              --axonserver        append to Axon Server (gRPC address, context 'default') instead of the
                                  PostgreSQL event store; not with --target-url, nor with --verify
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
              MASTERFLOW_READ_MODEL_PASSWORD; Axon Server's access token comes from AXONSERVER_TOKEN, as the
              command and query sides read it

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
        String axonServer = null;
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
                        case "--axonserver" -> axonServer = hostAndPort(name, value);
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
            throw MigrationFailure.usage("--read-model-url is read only with --verify");
        }
        String axonServerToken = environment.get(AXON_SERVER_TOKEN);
        return new MigrationOptions(mode, sourceUrl, sourceUser, sourcePassword, targetUrl, targetUser, targetPassword,
                readModelUrl, readModelUser, readModelPassword, batchSize, writers, reportFile, flowTypesDir, false, axonServer,
                axonServerToken == null || axonServerToken.isBlank() ? null : axonServerToken);
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
