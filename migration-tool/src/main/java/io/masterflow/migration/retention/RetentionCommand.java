package io.masterflow.migration.retention;

import io.masterflow.eventstore.archive.ArchiveRestore;
import io.masterflow.eventstore.archive.ArchiveStore;
import io.masterflow.eventstore.archive.S3Connection;
import io.masterflow.eventstore.archive.S3Location;
import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.migration.Jdbc;
import io.masterflow.migration.Migration;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.OptionReader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code masterflow-migrate --retention-dry-run --target-url URL --retain TYPE=DAYS ... [--as-of TIMESTAMP]}: what the
 * retention rules would archive, counted per account and flow type; {@code --retention-export DIR} instead of
 * {@code --retention-dry-run}: those flows' events written to archive files in DIR. Both read the event store only.
 * {@code --archive DIR [--dry-run]}: those flows appended to the archive files in DIR, then removed from the event store
 * and the read models ({@link ArchiveRun}). {@code --restore-archive FILE}: such a file's flows appended back to the
 * event store, archived ones no longer archived. Each of DIR and FILE may be an {@code s3://} location instead
 * ({@link ArchiveStore}), with {@code --s3-endpoint URL} for an S3-compatible store.
 */
public final class RetentionCommand {

    public static final String OPTION = "--retention-dry-run";
    public static final String EXPORT = "--retention-export";
    public static final String RESTORE = "--restore-archive";
    public static final String ARCHIVE = "--archive";
    static final String S3_ENDPOINT = "--s3-endpoint";
    static final int DEFAULT_BATCH_SIZE = 500;

    private RetentionCommand() {
    }

    public static boolean asked(String[] args) {
        for (String arg : args) {
            if (arg.equals(OPTION) || arg.equals(EXPORT) || arg.startsWith(EXPORT + "=") || arg.equals(RESTORE)
                    || arg.startsWith(RESTORE + "=") || arg.equals(ARCHIVE) || arg.startsWith(ARCHIVE + "=")) {
                return true;
            }
        }
        return false;
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String targetUrl = null;
        String targetUser = null;
        String targetPassword = environment.get("MASTERFLOW_TARGET_PASSWORD");
        List<String> retain = new ArrayList<>();
        Instant asOf = Instant.now();
        String exportDir = null;
        String restoreFile = null;
        Path flowTypesDir = null;
        String archiveDir = null;
        String s3Endpoint = null;
        S3Connection s3 = S3Connection.AWS;
        String readModelUrl = null;
        String readModelUser = null;
        String readModelPassword = environment.get("MASTERFLOW_READ_MODEL_PASSWORD");
        int batchSize = DEFAULT_BATCH_SIZE;
        boolean archiveDryRun = false;
        boolean dryRun = false;
        boolean asOfGiven = false;
        RetentionRules rules;
        try {
            for (OptionReader.Option option : OptionReader.read(args, Set.of(OPTION, "--dry-run"),
                    Set.of("--target-url", "--target-user", "--target-password", "--retain", "--as-of", "--flow-types-dir", EXPORT,
                            RESTORE, ARCHIVE, "--batch-size", "--read-model-url", "--read-model-user", "--read-model-password", S3_ENDPOINT),
                    name -> name + " does not go with " + OPTION + ", " + EXPORT + ", " + ARCHIVE + " or " + RESTORE)) {
                String value = option.value();
                switch (option.name()) {
                    case OPTION -> dryRun = true;
                    case "--dry-run" -> archiveDryRun = true;
                    case "--target-url" -> targetUrl = value;
                    case "--target-user" -> targetUser = value;
                    case "--target-password" -> targetPassword = value;
                    case "--retain" -> retain.add(value);
                    case EXPORT -> exportDir = value;
                    case "--flow-types-dir" -> flowTypesDir = Path.of(value);
                    case RESTORE -> restoreFile = value;
                    case ARCHIVE -> archiveDir = value;
                    case S3_ENDPOINT -> s3Endpoint = value;
                    case "--read-model-url" -> readModelUrl = value;
                    case "--read-model-user" -> readModelUser = value;
                    case "--read-model-password" -> readModelPassword = value;
                    case "--batch-size" -> batchSize = batchSize(value);
                    default -> {
                        asOf = instant(value);
                        asOfGiven = true;
                    }
                }
            }
            int modes = (dryRun ? 1 : 0) + (exportDir != null ? 1 : 0) + (restoreFile != null ? 1 : 0) + (archiveDir != null ? 1 : 0);
            if (modes != 1) {
                throw MigrationFailure.usage("one of " + OPTION + ", " + EXPORT + " DIR, " + ARCHIVE + " DIR or " + RESTORE
                        + " FILE, not several");
            }
            String mode = dryRun ? OPTION : exportDir != null ? EXPORT : archiveDir != null ? ARCHIVE : RESTORE;
            if (archiveDryRun && archiveDir == null) {
                throw MigrationFailure.usage("--dry-run goes with " + ARCHIVE + "; " + OPTION + " is the dry run of the others");
            }
            if (targetUrl == null) {
                throw MigrationFailure.usage(mode + " needs --target-url, the event store's database");
            }
            if (restoreFile != null) {
                if (!retain.isEmpty() || asOfGiven) {
                    throw MigrationFailure.usage(RESTORE + " restores a whole file: --retain and --as-of do not go with it");
                }
                if (!ArchiveStore.isS3(restoreFile) && !Files.isReadable(Path.of(restoreFile))) {
                    throw MigrationFailure.usage(RESTORE + ": cannot read " + restoreFile);
                }
            }
            String location = exportDir != null ? exportDir : archiveDir != null ? archiveDir : restoreFile;
            if (location != null && ArchiveStore.isS3(location)) {
                s3 = s3(location, s3Endpoint);
            } else if (s3Endpoint != null) {
                throw MigrationFailure.usage(S3_ENDPOINT + " goes with an s3://BUCKET/PREFIX location of " + EXPORT + ", "
                        + ARCHIVE + " or " + RESTORE);
            }
            rules = restoreFile != null ? null : RetentionRules.parse(retain, flowTypeRules(flowTypesDir));
        } catch (MigrationFailure failure) {
            err.println("masterflow-migrate: " + failure.getMessage());
            err.println("run with --help for the options");
            return failure.kind().exitCode();
        }
        try (Connection connection = Jdbc.connect(targetUrl, targetUser, targetPassword)) {
            if (!Jdbc.columns(connection, "domainevententry").contains("payloadtype")) {
                err.println("masterflow-migrate: " + Jdbc.describe(targetUrl) + " has no event store (domainevententry)");
                return MigrationFailure.Kind.TARGET.exitCode();
            }
            if (restoreFile != null) {
                try (ReadModelArchive readModel = ReadModelArchive.open(connection, Jdbc.describe(targetUrl), readModelUrl,
                        readModelUser, readModelPassword, false)) {
                    ArchiveRestore.run(connection, readModel, restoreFile, s3).print(out);
                }
            } else if (archiveDir != null && archiveDryRun) {
                RetentionDryRun.run(connection, rules, asOf).print(out);
                out.println("(" + ARCHIVE + " " + archiveDir + " without --dry-run appends these flows to their files there "
                        + "and removes them from the event store and the read models)");
            } else if (archiveDir != null) {
                try (ReadModelArchive readModel = ReadModelArchive.open(connection, Jdbc.describe(targetUrl), readModelUrl,
                        readModelUser, readModelPassword, true); ArchiveStore store = ArchiveStore.at(archiveDir, s3)) {
                    ArchiveRun.run(connection, readModel, rules, asOf, store, batchSize).print(out);
                }
            } else if (exportDir == null) {
                RetentionDryRun.run(connection, rules, asOf).print(out);
            } else {
                try (ArchiveStore store = ArchiveStore.at(exportDir, s3)) {
                    ArchiveExport.run(connection, rules, asOf, store).print(out);
                }
            }
            return 0;
        } catch (UncheckedIOException failure) {
            err.println("masterflow-migrate: " + failure.getMessage());
            return MigrationFailure.Kind.INTERNAL.exitCode();
        } catch (IOException failure) {
            err.println(archiveDir != null
                    ? "masterflow-migrate: could not write the archive in " + archiveDir + ", the batch it was archiving was "
                    + "not archived (the batches before it were): " + failure
                    : "masterflow-migrate: could not read the archive " + restoreFile + ", nothing was restored: "
                    + failure.getMessage());
            return MigrationFailure.Kind.SOURCE.exitCode();
        } catch (SQLException failure) {
            err.println("masterflow-migrate: the event store " + Jdbc.describe(targetUrl) + " failed, "
                    + (archiveDir != null ? "the batch it was archiving was not archived (the batches before it were): "
                    : "nothing was changed: ") + Jdbc.message(failure));
            return MigrationFailure.Kind.TARGET.exitCode();
        } catch (MigrationFailure failure) {
            err.println("masterflow-migrate: " + failure.getMessage());
            return failure.kind().exitCode();
        } catch (IllegalStateException noRegion) {
            err.println("masterflow-migrate: " + noRegion.getMessage());
            return MigrationFailure.Kind.USAGE.exitCode();
        }
    }

    /** How to reach an s3:// location: its endpoint checked, the region and credentials left to the SDK's chains. */
    private static S3Connection s3(String location, String endpoint) {
        try {
            S3Location.parse(location);
        } catch (IllegalArgumentException wrong) {
            throw MigrationFailure.usage(wrong.getMessage());
        }
        if (endpoint == null) {
            return S3Connection.AWS;
        }
        try {
            URI uri = new URI(endpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return new S3Connection(uri);
            }
        } catch (URISyntaxException wrong) {
            // answered below
        }
        throw MigrationFailure.usage(S3_ENDPOINT + " takes the S3-compatible store's URL, e.g. http://minio:9000: '" + endpoint + "'");
    }

    /** retention.days of each type's latest version, where it has one. */
    private static Map<String, Integer> flowTypeRules(Path flowTypesDir) {
        Map<String, Integer> rules = new TreeMap<>();
        for (FlowTypeDefinition type : Migration.registry(flowTypesDir).latestOfEachType()) {
            if (type.retentionDays() != null) {
                rules.put(type.type(), type.retentionDays());
            }
        }
        return rules;
    }

    private static int batchSize(String value) {
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= 10_000) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw MigrationFailure.usage("--batch-size takes a number of flows from 1 to 10000: '" + value + "'");
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException wrong) {
            throw MigrationFailure.usage("--as-of takes an ISO-8601 time with its offset, e.g. 2026-03-01T18:00:00Z: '"
                    + value + "'");
        }
    }
}
