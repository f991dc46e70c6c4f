package io.masterflow.migration;

import io.masterflow.migration.personal.SealCommand;
import io.masterflow.migration.report.MigrationReport;
import io.masterflow.migration.report.MigrationReport.Mode;
import io.masterflow.migration.rollback.Rollback;
import io.masterflow.migration.rollback.RollbackReport;
import io.masterflow.migration.retention.RetentionCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar masterflow-migrate.jar ...}: the legacy flow tables to events in the event store. Errors are one
 * line on standard error and an exit code a script can test; the summary goes to standard output, progress to
 * standard error.
 */
public final class MigrateCommand {

    private MigrateCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (SealCommand.asked(args)) {
            return SealCommand.run(args, environment, out, err);
        }
        if (RetentionCommand.asked(args)) {
            return RetentionCommand.run(args, environment, out, err);
        }
        MigrationOptions options;
        try {
            options = MigrationOptions.parse(args, environment);
        } catch (MigrationFailure failure) {
            err.println("masterflow-migrate: " + failure.getMessage());
            err.println("run with --help for the options");
            return failure.kind().exitCode();
        }
        if (options.help()) {
            out.println(MigrationOptions.USAGE);
            return 0;
        }
        if (options.rollback() != null) {
            return rollback(options, out, err);
        }
        Migration migration = new Migration(options, err);
        try {
            MigrationReport report = migration.run();
            writeReport(report::writeJson, options.reportFile(), err);
            report.printSummary(out);
            if (!report.accountsForEveryRow()) {
                err.println("masterflow-migrate: the run does not account for every legacy row: see the per-table counts");
                return MigrationFailure.Kind.INTERNAL.exitCode();
            }
            if (report.mode() == Mode.VERIFY && !report.verification().matches()) {
                return 1;
            }
            return 0;
        } catch (MigrationFailure failure) {
            stopped(migration, options, err);
            err.println("masterflow-migrate: " + failure.getMessage());
            return failure.kind().exitCode();
        } catch (RuntimeException failure) {
            stopped(migration, options, err);
            err.println("masterflow-migrate: stopped on an unexpected failure: " + Jdbc.message(failure));
            failure.printStackTrace(err);
            return MigrationFailure.Kind.INTERNAL.exitCode();
        }
    }

    private static int rollback(MigrationOptions options, PrintStream out, PrintStream err) {
        Rollback rollback = new Rollback(options, err);
        try {
            RollbackReport report = rollback.run();
            writeReport(report::writeJson, options.reportFile(), err);
            report.printSummary(out);
            if (report.isRefused()) {
                err.println("masterflow-migrate: " + report.refusal());
                return MigrationFailure.Kind.REFUSED.exitCode();
            }
            return 0;
        } catch (MigrationFailure failure) {
            rollbackStopped(rollback, options, err);
            err.println("masterflow-migrate: " + failure.getMessage());
            return failure.kind().exitCode();
        } catch (RuntimeException failure) {
            rollbackStopped(rollback, options, err);
            err.println("masterflow-migrate: stopped on an unexpected failure: " + Jdbc.message(failure));
            failure.printStackTrace(err);
            return MigrationFailure.Kind.INTERNAL.exitCode();
        }
    }

    /** Whole batches a stopped rollback committed stay deleted: say so, and how to finish. */
    private static void rollbackStopped(Rollback rollback, MigrationOptions options, PrintStream err) {
        RollbackReport report = rollback.report();
        if (report == null) {
            return;
        }
        writeReport(report::writeJson, options.reportFile(), err);
        if (report.eventsDeleted() > 0) {
            err.printf("masterflow-migrate: %d events of %d flows were deleted before the rollback stopped; run it again to "
                    + "delete the rest%n", report.eventsDeleted(), report.flowsRemoved() + report.flowsShortened());
        }
    }

    /** What a stopped run did stays done: say so, and keep its report. */
    private static void stopped(Migration migration, MigrationOptions options, PrintStream err) {
        MigrationReport report = migration.report();
        if (report == null) {
            return;
        }
        writeReport(report::writeJson, options.reportFile(), err);
        if (report.mode() == Mode.MIGRATE && report.flowsMigrated() > 0) {
            err.printf("masterflow-migrate: %d flows were appended before the run stopped; run it again to append the rest%n",
                    report.flowsMigrated());
        }
    }

    /** Something that writes itself as JSON to a file: either report. */
    @FunctionalInterface
    private interface JsonWriter {
        void writeJson(Path file) throws IOException;
    }

    private static void writeReport(JsonWriter report, Path file, PrintStream err) {
        if (file == null) {
            return;
        }
        try {
            report.writeJson(file);
        } catch (IOException e) {
            err.println("masterflow-migrate: cannot write the report to " + file + ": " + e.getMessage());
        }
    }
}
