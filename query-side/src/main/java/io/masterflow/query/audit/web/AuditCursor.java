package io.masterflow.query.audit.web;

import io.masterflow.web.InvalidRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque {@code cursor} of the audit list: the global sequence of the last entry of the previous page. */
final class AuditCursor {

    private static final String PREFIX = "audit1:";

    private AuditCursor() {
    }

    static String encode(long globalSequence) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + globalSequence).getBytes(StandardCharsets.UTF_8));
    }

    static Long decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return Long.parseLong(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException malformed) {
            // answered below, like any other cursor this API did not issue
        }
        throw new InvalidRequest("cursor", "the cursor is not one this API issued; use the nextCursor of a previous page");
    }
}
