package io.masterflow.migration.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The statuses the legacy services wrote, grouped by what they mean for the new state machine. */
public enum LegacyStatus {
    /** Created, no phase started: CREATED. */
    INITIALIZED("initialized"),
    /** RUNNING while an attempt runs (or waits for its retry), else WAITING: the replayed history decides. */
    RUNNING("running", "in_progress"),
    /** PAUSED, the legacy status kept as the pause's reason. */
    PAUSED("paused", "waiting_for_approval"),
    COMPLETED("completed"),
    FAILED("failed"),
    /** DELETED (soft), the legacy status kept as the deletion's reason. */
    DELETED("cancelled", "deleted");

    private final List<String> spellings;

    LegacyStatus(String... spellings) {
        this.spellings = List.of(spellings);
    }

    /** The status a legacy spelling means, in any case and with blanks around it; empty when unknown. */
    public static Optional<LegacyStatus> parse(String spelled) {
        if (spelled == null) {
            return Optional.empty();
        }
        String normalized = spelled.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(status -> status.spellings.contains(normalized)).findFirst();
    }
}
