package io.masterflow.query.web;

import io.masterflow.events.EngagementId;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Reads query-string values, answering a value it cannot read with a 400 that names the parameter. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** Blank counts as absent: {@code ?status=} filters nothing. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public static String text(String name, String value, int maxLength) {
        String text = text(value);
        if (text != null && text.length() > maxLength) {
            throw new InvalidRequest(name, "'" + name + "' must be at most " + maxLength + " characters");
        }
        return text;
    }

    /** ISO-8601: an instant ({@code 2025-03-01T12:00:00Z}), a time with an offset, or a date (its start, UTC). */
    public static Instant instant(String name, String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new InvalidRequest(name, "'" + name + "' must be an ISO-8601 time such as 2025-03-01T12:00:00Z, or a date: " + text);
            }
        }
    }

    public static UUID uuid(String name, String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAUuid) {
            throw new InvalidRequest(name, "'" + name + "' must be a UUID: " + text);
        }
    }

    public static Long whole(String name, String value, long min, long max) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            throw new InvalidRequest(name, "'" + name + "' must be a whole number: " + text);
        }
        if (number < min || number > max) {
            throw new InvalidRequest(name, "'" + name + "' must be between " + min + " and " + max + ": " + number);
        }
        return number;
    }

    public static boolean flag(String name, String value) {
        String text = text(value);
        if (text == null) {
            return false;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidRequest(name, "'" + name + "' must be true or false: " + text);
    }

    /**
     * The engagement a list is narrowed to: the {@code engagement} parameter, or else the {@code X-Engagement-Id}
     * header. One the token does not grant is refused (403), as the command side refuses it.
     */
    public static EngagementId engagement(String parameter, String header, Caller caller) {
        UUID fromParameter = uuid("engagement", parameter);
        UUID fromHeader = uuid("X-Engagement-Id", header);
        if (fromParameter != null && fromHeader != null && !fromParameter.equals(fromHeader)) {
            throw new InvalidRequest("engagement", "the 'engagement' parameter and the X-Engagement-Id header name different engagements");
        }
        UUID chosen = fromParameter != null ? fromParameter : fromHeader;
        if (chosen == null) {
            return null;
        }
        EngagementId engagement = new EngagementId(chosen);
        if (!caller.engagements().includes(engagement)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the token does not grant engagement " + engagement);
        }
        return engagement;
    }
}
