package io.masterflow.migration;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.EventSerialization;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code --since-report FILE}: a delta run picks up where the run that wrote FILE left off, at the moment its source
 * snapshot was taken ({@code sourceSnapshotAt}). Only a migration that finished is a starting point: a stopped one
 * left rows of its snapshot unmigrated, which no row change after it would bring back.
 */
final class SinceReport {

    private SinceReport() {
    }

    static Instant snapshotOf(Path file) {
        JsonNode report;
        try {
            report = EventSerialization.objectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw MigrationFailure.usage("--since-report: cannot read the report " + file + ": " + Jdbc.message(e));
        }
        if (report == null || !report.isObject()) {
            throw MigrationFailure.usage("--since-report: " + file + " is not a report of masterflow-migrate");
        }
        if (!"migrate".equals(report.path("mode").asText())) {
            throw MigrationFailure.usage("--since-report: " + file + " is the report of a " + report.path("mode").asText("?")
                    + " run, not of a migration");
        }
        if (!report.path("complete").asBoolean(false)) {
            throw MigrationFailure.usage("--since-report: the run of " + file + " did not finish: run the full migration again "
                    + "(it skips what is there) and start the delta from its report");
        }
        String at = report.path("sourceSnapshotAt").asText(null);
        if (at == null) {
            throw MigrationFailure.usage("--since-report: " + file + " has no sourceSnapshotAt (written by an older tool): "
                    + "give the time with --since");
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw MigrationFailure.usage("--since-report: " + file + " has an unreadable sourceSnapshotAt '" + at + "'");
        }
    }
}
