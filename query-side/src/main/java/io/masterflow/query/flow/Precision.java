package io.masterflow.query.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the read model can hold: PostgreSQL keeps times to the microsecond (and rounds finer ones), durations are
 * kept in milliseconds. A view holds nothing finer, so what it shows is what the read model shows.
 */
final class Precision {

    private Precision() {
    }

    static Instant of(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Duration of(Duration duration) {
        return duration == null ? null : duration.truncatedTo(ChronoUnit.MILLIS);
    }
}
