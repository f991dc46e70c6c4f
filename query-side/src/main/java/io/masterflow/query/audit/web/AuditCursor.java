package io.masterflow.query.audit.web;

import io.masterflow.query.web.OpaqueCursor;

/** The opaque {@code cursor} of the audit list: the global sequence of the last entry of the previous page. */
final class AuditCursor {

    private static final String PREFIX = "audit1:";

    private AuditCursor() {
    }

    static String encode(long globalSequence) {
        return OpaqueCursor.encode(PREFIX, Long.toString(globalSequence));
    }

    static Long decode(String cursor) {
        String position = OpaqueCursor.decode(PREFIX, cursor);
        try {
            return position == null ? null : Long.parseLong(position);
        } catch (NumberFormatException malformed) {
            throw OpaqueCursor.invalid();
        }
    }
}
