package io.masterflow.query.web;

import io.masterflow.web.InvalidRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A page cursor clients pass back unread: where the previous page ended, behind a prefix naming the list it was
 * made for, so that a cursor of another list, or one made up, is a 400 rather than a wrong page.
 */
public final class OpaqueCursor {

    private OpaqueCursor() {
    }

    public static String encode(String prefix, String position) {
        return position == null ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString((prefix + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor of this list carries, or null for no cursor. */
    public static String decode(String prefix, String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(prefix)) {
                return text.substring(prefix.length());
            }
        } catch (IllegalArgumentException malformed) {
            // answered below, like any other cursor this API did not issue
        }
        throw invalid();
    }

    public static InvalidRequest invalid() {
        return new InvalidRequest("cursor", "the cursor is not one this API issued; use the nextCursor of a previous page");
    }
}
