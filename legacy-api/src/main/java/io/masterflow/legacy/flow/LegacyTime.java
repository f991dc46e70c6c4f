package io.masterflow.legacy.flow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the legacy services wrote them: ISO-8601 with a numeric offset ({@code +00:00}, as Python's
 * {@code isoformat()} gives it), to the microsecond, the precision PostgreSQL keeps.
 */
final class LegacyTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private LegacyTime() {
    }

    static String of(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
