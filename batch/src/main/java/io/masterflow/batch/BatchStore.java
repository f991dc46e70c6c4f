package io.masterflow.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowId;
import io.masterflow.security.Caller;
import io.masterflow.security.EngagementScope;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.lang.Nullable;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.masterflow.query.flow.FlowStatusRepository.instant;
import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/** The batch and batch_item tables: what each batch selected, and each flow's outcome. */
public class BatchStore {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    private final NamedParameterJdbcTemplate jdbc;

    public BatchStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A flow the batch selected, at the version it had then. */
    public record Selected(FlowId flowId, long version) {
    }

    /** A batch as it stands: its request and how far it got. */
    public record Batch(UUID batchId, String createdBy, BatchOperation operation, BatchArguments arguments, BatchState state,
                        int selected, Map<ItemState, Long> outcomes, Instant createdAt, Instant finishedAt,
                        Map<String, Object> filter) {
    }

    /** One item to act on, with everything needed to act as the batch's creator. */
    public record Claimed(UUID batchId, FlowId flowId, long expectedVersion, BatchOperation operation, BatchArguments arguments,
                          Caller caller) {
    }

    public record Item(FlowId flowId, long expectedVersion, ItemState state, @Nullable String reason, @Nullable Instant actedAt) {
    }

    @Transactional
    public void create(UUID batchId, Caller caller, BatchOperation operation, BatchArguments arguments,
                       Map<String, Object> filter, List<Selected> flows, Instant now) {
        jdbc.update("""
                INSERT INTO batch (batch_id, client_account_id, created_by, engagement_scope, operation, arguments, filter,
                                   state, selected, created_at)
                VALUES (:batchId, :account, :user, :scope, :operation, CAST(:arguments AS jsonb), CAST(:filter AS jsonb),
                        :state, :selected, :now)""", new MapSqlParameterSource()
                .addValue("batchId", batchId).addValue("account", caller.account().value()).addValue("user", caller.userId())
                .addValue("scope", caller.engagements().encode()).addValue("operation", operation.name())
                .addValue("arguments", json(arguments)).addValue("filter", json(filter))
                .addValue("state", flows.isEmpty() ? BatchState.COMPLETED.name() : BatchState.RUNNING.name())
                .addValue("selected", flows.size()).addValue("now", timestamp(now)));
        SqlParameterSource[] items = flows.stream().map(flow -> new MapSqlParameterSource().addValue("batchId", batchId)
                .addValue("flowId", flow.flowId().value()).addValue("version", flow.version())).toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO batch_item (batch_id, flow_id, expected_version, state)
                VALUES (:batchId, :flowId, :version, 'PENDING')""", items);
    }

    /** The account's batch, or nothing: another account's batch is no batch. */
    public Optional<Batch> find(UUID batchId, ClientAccountId account) {
        List<Batch> batches = jdbc.query("SELECT * FROM batch WHERE batch_id = :batchId AND client_account_id = :account",
                new MapSqlParameterSource("batchId", batchId).addValue("account", account.value()), (row, number) -> batch(row));
        return batches.stream().findFirst();
    }

    /** Items of a batch in flow id order, after {@code after}, optionally of one state. */
    public List<Item> items(UUID batchId, ItemState state, UUID after, int limit) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("batchId", batchId).addValue("limit", limit)
                .addValue("after", after).addValue("state", state == null ? null : state.name());
        return jdbc.query("""
                SELECT flow_id, expected_version, state, reason, acted_at FROM batch_item
                WHERE batch_id = :batchId AND (CAST(:state AS VARCHAR) IS NULL OR state = :state)
                  AND (CAST(:after AS UUID) IS NULL OR flow_id > :after)
                ORDER BY flow_id LIMIT :limit""", parameters, (row, number) -> new Item(new FlowId(row.getObject("flow_id", UUID.class)),
                row.getLong("expected_version"), ItemState.valueOf(row.getString("state")), row.getString("reason"),
                instant(row, "acted_at")));
    }

    /**
     * Leases up to {@code limit} pending items of running batches to this node, oldest batch first; an item leased to a
     * node that stopped comes free when its lease ends.
     */
    @Transactional
    public List<Claimed> claim(String node, int limit, Instant now, Instant leaseUntil) {
        return jdbc.query("""
                WITH due AS (
                    SELECT i.batch_id, i.flow_id FROM batch_item i JOIN batch b ON b.batch_id = i.batch_id
                    WHERE b.state = 'RUNNING' AND i.state = 'PENDING' AND (i.claimed_until IS NULL OR i.claimed_until < :now)
                    ORDER BY b.created_at, i.batch_id, i.flow_id
                    LIMIT :limit FOR UPDATE OF i SKIP LOCKED)
                UPDATE batch_item i SET claimed_by = :node, claimed_until = :until
                FROM due, batch b
                WHERE i.batch_id = due.batch_id AND i.flow_id = due.flow_id AND b.batch_id = i.batch_id
                RETURNING i.batch_id, i.flow_id, i.expected_version, b.operation, b.arguments, b.created_by,
                          b.client_account_id, b.engagement_scope""",
                new MapSqlParameterSource("node", node).addValue("limit", limit).addValue("now", timestamp(now))
                        .addValue("until", timestamp(leaseUntil)),
                (row, number) -> new Claimed(row.getObject("batch_id", UUID.class), new FlowId(row.getObject("flow_id", UUID.class)),
                        row.getLong("expected_version"), BatchOperation.valueOf(row.getString("operation")),
                        read(row.getString("arguments"), BatchArguments.class),
                        new Caller(row.getString("created_by"), new ClientAccountId(row.getObject("client_account_id", UUID.class)),
                                EngagementScope.decode(row.getString("engagement_scope")))));
    }

    /** An item's outcome; only an item still pending takes one (a stopped batch's skip comes first). */
    public boolean finish(UUID batchId, FlowId flowId, ItemState state, String reason, Instant at) {
        return jdbc.update("""
                UPDATE batch_item SET state = :state, reason = :reason, acted_at = :at, claimed_by = NULL, claimed_until = NULL
                WHERE batch_id = :batchId AND flow_id = :flowId AND state = 'PENDING'""",
                new MapSqlParameterSource("batchId", batchId).addValue("flowId", flowId.value()).addValue("state", state.name())
                        .addValue("reason", reason).addValue("at", timestamp(at))) == 1;
    }

    /** Gives a leased item back, to be tried again (the command could not be sent: the event store is away). */
    public void release(UUID batchId, FlowId flowId) {
        jdbc.update("UPDATE batch_item SET claimed_by = NULL, claimed_until = NULL WHERE batch_id = :batchId AND flow_id = :flowId",
                new MapSqlParameterSource("batchId", batchId).addValue("flowId", flowId.value()));
    }

    /** Marks running batches with no pending item left completed. */
    public void completeFinished(Instant now) {
        jdbc.update("""
                UPDATE batch b SET state = 'COMPLETED', finished_at = :now
                WHERE b.state = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM batch_item i WHERE i.batch_id = b.batch_id AND i.state = 'PENDING')""",
                new MapSqlParameterSource("now", timestamp(now)));
    }

    /** Stops a running batch: its pending items are skipped. False when it was not running. */
    @Transactional
    public boolean stop(UUID batchId, String by, Instant now) {
        int stopped = jdbc.update("UPDATE batch SET state = 'STOPPED', finished_at = :now WHERE batch_id = :batchId AND state = 'RUNNING'",
                new MapSqlParameterSource("batchId", batchId).addValue("now", timestamp(now)));
        if (stopped == 0) {
            return false;
        }
        jdbc.update("""
                UPDATE batch_item SET state = 'SKIPPED', reason = :reason, acted_at = :now, claimed_by = NULL, claimed_until = NULL
                WHERE batch_id = :batchId AND state = 'PENDING'""",
                new MapSqlParameterSource("batchId", batchId).addValue("now", timestamp(now))
                        .addValue("reason", "the batch was stopped by " + by + " before it got to this flow"));
        return true;
    }

    private Batch batch(ResultSet row) throws SQLException {
        UUID batchId = row.getObject("batch_id", UUID.class);
        Map<ItemState, Long> outcomes = new EnumMap<>(ItemState.class);
        for (ItemState state : ItemState.values()) {
            outcomes.put(state, 0L);
        }
        jdbc.query("SELECT state, count(*) AS items FROM batch_item WHERE batch_id = :batchId GROUP BY state",
                new MapSqlParameterSource("batchId", batchId),
                (ResultSet counts) -> {
                    outcomes.put(ItemState.valueOf(counts.getString("state")), counts.getLong("items"));
                });
        @SuppressWarnings("unchecked")
        Map<String, Object> filter = read(row.getString("filter"), Map.class);
        return new Batch(batchId, row.getString("created_by"), BatchOperation.valueOf(row.getString("operation")),
                read(row.getString("arguments"), BatchArguments.class), BatchState.valueOf(row.getString("state")),
                row.getInt("selected"), outcomes, instant(row, "created_at"), instant(row, "finished_at"), filter);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a batch's request as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a batch's stored request is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
