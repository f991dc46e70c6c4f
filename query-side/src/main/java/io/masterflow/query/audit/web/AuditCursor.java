package io.masterflow.query.audit.web;

import io.masterflow.events.ClientAccountId;
import io.masterflow.query.web.CursorSeal;
import io.masterflow.query.web.OpaqueCursor;
import org.springframework.stereotype.Component;

/**
 * The {@code cursor} of the audit list: the global sequence of the last entry of the previous page, sealed, since the
 * gaps between one account's sequences count the other accounts' events.
 */
@Component
class AuditCursor {

    private static final String LIST = "audit1";

    private final CursorSeal seal;

    AuditCursor(CursorSeal seal) {
        this.seal = seal;
    }

    String encode(ClientAccountId account, long globalSequence) {
        return seal.seal(LIST, account, Long.toString(globalSequence));
    }

    /** The global sequence the cursor seals, or null for no cursor. */
    Long decode(ClientAccountId account, String cursor) {
        if (cursor == null) {
            return null;
        }
        String position = seal.open(LIST, account, cursor).orElseThrow(OpaqueCursor::invalid);
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException malformed) {
            throw OpaqueCursor.invalid();
        }
    }
}
