package io.masterflow.query.webhook;

import io.masterflow.events.personal.PersonalPayload;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.masterflow.query.flow.FlowStatusRepository.instant;
import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/**
 * The outbox (webhook_delivery): deliveries added by the webhooks processor, claimed by the senders of every node,
 * listed for admins.
 */
@Repository
public class Deliveries {

    /** Finished deliveries deleted per statement by the retention sweep, so that no sweep holds a long transaction. */
    private static final int SWEEP_CHUNK = 5_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final PersonalPayload personal;

    public Deliveries(NamedParameterJdbcTemplate jdbc, PersonalPayload personal) {
        this.personal = personal;
        this.jdbc = jdbc;
    }

    /** A delivery to add: due at once. */
    public record NewDelivery(UUID deliveryId, UUID webhookId, StoredFlowEvent event, String body) {
    }

    /** Adds deliveries in the caller's transaction; one already there for the same webhook and event is left alone. */
    public void add(List<NewDelivery> deliveries, Instant now) {
        SqlParameterSource[] rows = deliveries.stream().map(delivery -> new MapSqlParameterSource()
                .addValue("id", delivery.deliveryId()).addValue("webhookId", delivery.webhookId())
                .addValue("eventId", delivery.event().eventId()).addValue("eventType", delivery.event().type())
                .addValue("position", delivery.event().position()).addValue("flowId", delivery.event().flowId())
                .addValue("flowVersion", delivery.event().flowVersion()).addValue("body", delivery.body())
                .addValue("now", timestamp(now))).toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO webhook_delivery (delivery_id, webhook_id, event_id, event_type, global_position, flow_id,
                                              flow_version, body, state, created_at, next_attempt_at)
                VALUES (:id, :webhookId, :eventId, :eventType, :position, :flowId, :flowVersion, :body, 'PENDING', :now, :now)
                ON CONFLICT (webhook_id, event_id) DO NOTHING""", rows);
    }

    /**
     * Claims up to {@code limit} due deliveries of active webhooks for this node until {@code until}. A delivery is due
     * when its time has come, no node holds it, and no earlier event of its flow waits for the same webhook: a flow's
     * events reach a receiver in order, one at a time, while other flows' go on.
     */
    public List<DueDelivery> claim(String node, int limit, Instant now, Instant until) {
        return jdbc.query("""
                WITH due AS (
                    SELECT d.delivery_id FROM webhook_delivery d
                    JOIN webhook w ON w.webhook_id = d.webhook_id AND w.state = 'ACTIVE'
                    WHERE d.state = 'PENDING' AND d.next_attempt_at <= :now
                      AND (d.claimed_until IS NULL OR d.claimed_until < :now)
                      AND NOT EXISTS (SELECT 1 FROM webhook_delivery earlier
                                      WHERE earlier.webhook_id = d.webhook_id AND earlier.flow_id = d.flow_id
                                        AND earlier.state = 'PENDING' AND earlier.flow_version < d.flow_version)
                    ORDER BY d.next_attempt_at, d.global_position
                    LIMIT :limit
                    FOR UPDATE OF d SKIP LOCKED)
                UPDATE webhook_delivery d SET claimed_by = :node, claimed_until = :until
                FROM due, webhook w
                WHERE d.delivery_id = due.delivery_id AND w.webhook_id = d.webhook_id
                RETURNING d.delivery_id, d.webhook_id, w.url, w.secret, d.event_type, d.body, d.attempts, d.first_attempt_at""",
                new MapSqlParameterSource("node", node).addValue("limit", limit).addValue("now", timestamp(now))
                        .addValue("until", timestamp(until)),
                (row, number) -> new DueDelivery(row.getObject("delivery_id", UUID.class), row.getObject("webhook_id", UUID.class),
                        row.getString("url"), row.getString("secret"), row.getString("event_type"),
                        DeliveryBody.opened(row.getString("body"), personal), row.getInt("attempts"), instant(row, "first_attempt_at")));
    }

    /** Gives back what this node holds without having sent it: another node, or this one started again, sends it. */
    public void release(String node) {
        jdbc.update("UPDATE webhook_delivery SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = :node AND state = 'PENDING'",
                new MapSqlParameterSource("node", node));
    }

    /** A webhook's deliveries, newest event first, optionally of one state, before a position. */
    public List<Delivery> page(UUID webhookId, DeliveryState state, Long before, int limit) {
        return jdbc.query("""
                SELECT * FROM webhook_delivery
                WHERE webhook_id = :webhookId AND (CAST(:state AS VARCHAR) IS NULL OR state = :state)
                  AND (CAST(:before AS BIGINT) IS NULL OR global_position < :before)
                ORDER BY global_position DESC LIMIT :limit""",
                new MapSqlParameterSource("webhookId", webhookId).addValue("state", state == null ? null : state.name())
                        .addValue("before", before).addValue("limit", limit),
                (row, number) -> delivery(row));
    }

    /** Deletes finished deliveries made before {@code before}; pending ones stay whatever their age. */
    public int sweep(Instant before) {
        int deleted = 0;
        int chunk;
        do {
            chunk = jdbc.update("""
                    DELETE FROM webhook_delivery WHERE delivery_id IN (
                        SELECT delivery_id FROM webhook_delivery WHERE created_at < :before AND state <> 'PENDING' LIMIT :chunk)""",
                    new MapSqlParameterSource("before", timestamp(before)).addValue("chunk", SWEEP_CHUNK));
            deleted += chunk;
        } while (chunk == SWEEP_CHUNK);
        return deleted;
    }

    private static Delivery delivery(ResultSet row) throws SQLException {
        DeliveryState state = DeliveryState.valueOf(row.getString("state"));
        return new Delivery(row.getObject("delivery_id", UUID.class), row.getString("event_id"), row.getString("event_type"),
                row.getString("flow_id"), row.getLong("flow_version"), row.getLong("global_position"), state,
                row.getInt("attempts"), instant(row, "created_at"), instant(row, "first_attempt_at"),
                instant(row, "last_attempt_at"), row.getObject("last_status", Integer.class), row.getString("last_error"),
                state == DeliveryState.PENDING ? instant(row, "next_attempt_at") : null, instant(row, "delivered_at"));
    }
}
