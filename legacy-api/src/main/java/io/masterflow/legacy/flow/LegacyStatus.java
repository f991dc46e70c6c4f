package io.masterflow.legacy.flow;

import io.masterflow.events.FlowStatus;
import io.masterflow.web.InvalidRequest;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Flow statuses in the legacy services' words, both ways (LEGACY-API.md, "Translation into the legacy vocabulary"). */
public final class LegacyStatus {

    static final String WAITING_FOR_APPROVAL = "waiting_for_approval";

    private LegacyStatus() {
    }

    /** @param awaitingSignOff the flow is paused while a sign-off phase waits, which the legacy services told apart */
    public static String of(FlowStatus status, boolean awaitingSignOff) {
        return switch (status) {
            case CREATED -> "initialized";
            case RUNNING, WAITING -> "running";
            case PAUSED -> awaitingSignOff ? WAITING_FOR_APPROVAL : "paused";
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            case DELETED -> "deleted";
        };
    }

    /** The statuses a legacy client's status filter means; any case, and every spelling the legacy tables used. */
    public static Set<FlowStatus> statuses(String legacy, String field) {
        return switch (legacy.strip().toLowerCase(Locale.ROOT)) {
            case "initialized" -> EnumSet.of(FlowStatus.CREATED);
            case "running", "in_progress" -> EnumSet.of(FlowStatus.RUNNING, FlowStatus.WAITING);
            case "paused", WAITING_FOR_APPROVAL -> EnumSet.of(FlowStatus.PAUSED);
            case "completed" -> EnumSet.of(FlowStatus.COMPLETED);
            case "failed" -> EnumSet.of(FlowStatus.FAILED);
            case "deleted", "cancelled" -> EnumSet.of(FlowStatus.DELETED);
            default -> throw new InvalidRequest(field, "'" + field + "' must be one of initialized, running, paused, "
                    + "waiting_for_approval, completed, failed, deleted: " + legacy);
        };
    }
}
