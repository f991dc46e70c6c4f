package io.masterflow.query.flow.web;

import io.masterflow.query.flow.FlowListQuery;
import io.masterflow.web.InvalidRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque {@code cursor} of a flow list: the sort it was made for and where the previous page ended. A cursor
 * is only valid with the sort it was made for; the filters should stay the same too, or pages may skip flows.
 */
final class FlowCursor {

    private static final String VERSION = "1";
    private static final String SEPARATOR = "|";

    private FlowCursor() {
    }

    static String encode(FlowListQuery.Sort sort, FlowListQuery.After after) {
        if (after == null) {
            return null;
        }
        String value = after.value() instanceof Instant at ? at.toString() : after.value().toString();
        // the value goes last: a name may contain anything, the separator included
        String text = String.join(SEPARATOR, VERSION, sort.field().parameter(), sort.descending() ? "desc" : "asc",
                after.flowId().toString(), value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static FlowListQuery.After decode(String cursor, FlowListQuery.Sort sort) {
        if (cursor == null) {
            return null;
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\" + SEPARATOR, 5);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            throw invalid();
        }
        if (!parts[1].equals(sort.field().parameter()) || !parts[2].equals(sort.descending() ? "desc" : "asc")) {
            throw new InvalidRequest("cursor", "the cursor was made for sort=" + parts[1] + "," + parts[2]
                    + "; send it with that sort, or start again without a cursor");
        }
        try {
            UUID flowId = UUID.fromString(parts[3]);
            Object value = sort.field() == FlowListQuery.SortField.NAME ? parts[4] : Instant.parse(parts[4]);
            return new FlowListQuery.After(value, flowId);
        } catch (RuntimeException malformed) {
            throw invalid();
        }
    }

    private static InvalidRequest invalid() {
        return new InvalidRequest("cursor", "the cursor is not one this API issued; use the nextCursor of a previous page");
    }
}
