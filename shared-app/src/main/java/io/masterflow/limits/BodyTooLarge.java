package io.masterflow.limits;

import java.io.IOException;

/**
 * A request body that passed its account's limit while it was read (one sent chunked, or longer than it declared):
 * thrown by the body's stream, so the JSON parser stops there, and answered 413.
 */
public class BodyTooLarge extends IOException {

    BodyTooLarge(long limit) {
        super(detail(limit));
    }

    static String detail(long limit) {
        return "the request body is larger than the " + limit + " bytes this account may send (masterflow.limits)";
    }
}
