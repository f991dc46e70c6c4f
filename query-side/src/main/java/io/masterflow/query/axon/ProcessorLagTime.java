package io.masterflow.query.axon;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How far behind a query processor is in time: since the oldest event it has not handled yet was stored, 0 once it has
 * caught up. Lag in events says how much work is left; this says how stale its read model is, which is what a reader
 * notices. Every segment counts, whichever node holds it or none does (a segment released after a failed batch is
 * behind all the same): the segments this node claims by where they are now, the others by their tokens in the token
 * table. A token is stored with a batch, so an idle segment of another node may read older than it is. The event's time
 * comes from the PostgreSQL event store; with Axon Server there is no table to ask, and the figure is unknown.
 */
@Component
public class ProcessorLagTime {

    private final ProcessorProgress progress;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final boolean axonServer;
    private final Clock clock = Clock.systemUTC();

    public ProcessorLagTime(ProcessorProgress progress, JdbcTemplate jdbc, Serializer serializer,
                            @Value("${axon.axonserver.enabled:true}") boolean axonServer) {
        this.progress = progress;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.axonServer = axonServer;
    }

    /** Seconds; null when unknown (the processor has no token yet, or the store is Axon Server). */
    public Double seconds(String processor) {
        if (axonServer) {
            return null;
        }
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.query("select segment, token, tokentype from " + QueryProcessors.TOKEN_TABLE + " where processorname = ?",
                rs -> {
                    positions.put(rs.getInt(1), position(rs.getBytes(2), rs.getString(3)));
                }, QueryProcessors.processorOf(processor));
        positions.putAll(progress.positions(processor));
        if (positions.isEmpty()) {
            return null;
        }
        long lowest = positions.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        List<String> oldestUnhandled = jdbc.queryForList(
                "select timestamp from domainevententry where globalindex > ? order by globalindex limit 1", String.class, lowest);
        if (oldestUnhandled.isEmpty()) {
            return 0.0;
        }
        Duration behind = Duration.between(Instant.parse(oldestUnhandled.get(0)), clock.instant());
        return behind.isNegative() ? 0.0 : behind.toMillis() / 1000.0;
    }

    /** The token's position; -1 for a segment that has handled nothing yet (or a token without one). */
    private long position(byte[] token, String type) {
        if (token == null || type == null) {
            return -1;
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        OptionalLong position = tracking == null ? OptionalLong.empty() : tracking.position();
        return position.isPresent() ? position.getAsLong() : -1;
    }
}
