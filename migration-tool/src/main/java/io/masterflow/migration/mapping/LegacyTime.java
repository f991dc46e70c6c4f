package io.masterflow.migration.mapping;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Timestamps written into the legacy JSON columns. */
final class LegacyTime {

    private LegacyTime() {
    }

    /**
     * An ISO-8601 date-time, with an offset or {@code Z}, or without one (the legacy services wrote UTC); a space
     * may stand for the {@code T}. Anything else (empty, "yesterday", a number) is no timestamp.
     */
    static Optional<Instant> parse(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return Optional.empty();
        }
        String iso = text.strip();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            return Optional.of(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
