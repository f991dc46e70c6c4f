package io.masterflow.web;

/**
 * Control characters (Unicode's Cc: U+0000 to U+001F and U+007F to U+009F) have no place in what masterflow stores or
 * shows: a U+0000 cannot be stored by PostgreSQL at all, and the others corrupt logs, CSV exports and terminals.
 * Free text keeps its tabs and line breaks (LF, and CR for text written on Windows); names, ids and headers do not.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Where the first control character the text may not hold is, or -1. */
    public static int firstRefused(String text, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaksAllowed && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    /** Refuses the text with a 400 naming the field, when it holds a control character it may not. */
    public static void check(String field, String text, boolean lineBreaksAllowed) {
        int at = text == null ? -1 : firstRefused(text, lineBreaksAllowed);
        if (at >= 0) {
            throw new InvalidRequest(field, "'" + field + "' holds a control character (U+%04X) at position %d; %s".formatted(
                    (int) text.charAt(at), at, lineBreaksAllowed ? "only tabs and line breaks are allowed in it"
                            : "it allows none, not even tabs or line breaks"));
        }
    }
}
