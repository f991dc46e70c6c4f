package io.masterflow.query.axon;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How far behind a query processor is in time: since the oldest event it has not handled yet was stored, 0 once it has
 * caught up. Lag in events says how much work is left; this says how stale its read model is, which is what a reader
 * notices. Read from the PostgreSQL event store (one indexed query, only while the processor lags); with Axon Server
 * there is no table to ask, and the figure is unknown.
 */
@Component
public class ProcessorLagTime {

    private final ProcessorProgress progress;
    private final JdbcTemplate jdbc;
    private final boolean axonServer;
    private final Clock clock = Clock.systemUTC();

    public ProcessorLagTime(ProcessorProgress progress, JdbcTemplate jdbc,
                            @Value("${axon.axonserver.enabled:true}") boolean axonServer) {
        this.progress = progress;
        this.jdbc = jdbc;
        this.axonServer = axonServer;
    }

    /** Seconds; null when unknown (no segment claimed here, or the store is Axon Server). */
    public Double seconds(String processor) {
        Long lag = progress.lag(processor);
        if (lag == null) {
            return null;
        }
        if (lag == 0) {
            return 0.0;
        }
        Long position = progress.position(processor);
        if (axonServer || position == null) {
            return null;
        }
        List<String> oldestUnhandled = jdbc.queryForList(
                "select timestamp from domainevententry where globalindex > ? order by globalindex limit 1", String.class, position);
        if (oldestUnhandled.isEmpty()) {
            return 0.0;
        }
        Duration behind = Duration.between(Instant.parse(oldestUnhandled.get(0)), clock.instant());
        return behind.isNegative() ? 0.0 : behind.toMillis() / 1000.0;
    }
}
