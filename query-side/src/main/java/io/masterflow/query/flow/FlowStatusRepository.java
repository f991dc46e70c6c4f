package io.masterflow.query.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.query.axon.StorableText;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** The flow-status read model in PostgreSQL: one row per flow and one per pinned phase. */
@Repository
public class FlowStatusRepository {

    static final String FLOW_COLUMNS = """
            flow_id, client_account_id, engagement_id, flow_type, flow_type_version, name, status, status_before_pause,
            current_phase, auto_advance, created_at, created_by, updated_at, last_user, version, deleted, legacy_flow_id""";

    /** A flow's whole row: the list's columns and its configuration, which only a single flow's view shows. */
    static final String VIEW_COLUMNS = FLOW_COLUMNS + ", configuration";

    /** The columns' element types, in the order of {@link #VIEW_COLUMNS} and of the phase columns below. */
    private static final List<String> FLOW_TYPES = List.of("uuid", "uuid", "uuid", "text", "int4", "text", "text", "text",
            "text", "bool", "timestamptz", "text", "timestamptz", "text", "int8", "bool", "text", "jsonb");

    private static final ObjectMapper JSON = EventSerialization.objectMapper();
    private static final List<String> PHASE_TYPES = List.of("uuid", "int4", "text", "bool", "text", "int4", "timestamptz",
            "timestamptz", "timestamptz", "int8", "text", "timestamptz", "int8");

    /**
     * A batch's flow rows and phase rows in one statement, one array per column: one round trip whatever the batch's
     * size, and one statement text, prepared and planned once per connection. Each upsert keeps its own version
     * guard, so a row never goes back to an older version. The phase rows' foreign key is checked at the end of the
     * statement, when their flows are in.
     */
    private static final String UPSERT = """
            WITH flows AS (
                INSERT INTO flow_status (%s)
                SELECT * FROM %s
                ON CONFLICT (flow_id) DO UPDATE SET
                    status = EXCLUDED.status, status_before_pause = EXCLUDED.status_before_pause,
                    current_phase = EXCLUDED.current_phase, updated_at = EXCLUDED.updated_at, last_user = EXCLUDED.last_user,
                    version = EXCLUDED.version, deleted = EXCLUDED.deleted, configuration = EXCLUDED.configuration
                WHERE flow_status.version < EXCLUDED.version)
            INSERT INTO flow_phase_status (flow_id, position, name, required, state, attempts, started_at,
                    last_attempt_started_at, finished_at, duration_ms, last_error, next_attempt_at, flow_version)
            SELECT * FROM %s
            ON CONFLICT (flow_id, position) DO UPDATE SET
                state = EXCLUDED.state, attempts = EXCLUDED.attempts, started_at = EXCLUDED.started_at,
                last_attempt_started_at = EXCLUDED.last_attempt_started_at, finished_at = EXCLUDED.finished_at,
                duration_ms = EXCLUDED.duration_ms, last_error = EXCLUDED.last_error,
                next_attempt_at = EXCLUDED.next_attempt_at, flow_version = EXCLUDED.flow_version
            WHERE flow_phase_status.flow_version < EXCLUDED.flow_version""".formatted(VIEW_COLUMNS, unnest(FLOW_TYPES), unnest(PHASE_TYPES));

    private final NamedParameterJdbcTemplate jdbc;

    /** {@code unnest(?::t1[], ?::t2[], ...)}: one array parameter per column, rows out of them side by side. */
    private static String unnest(List<String> types) {
        return types.stream().map(type -> "?::" + type + "[]").collect(Collectors.joining(", ", "unnest(", ")"));
    }

    public FlowStatusRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<FlowView> find(FlowId flowId) {
        return Optional.ofNullable(findAll(List.of(flowId)).get(flowId));
    }

    /** The flows of the read model among {@code flowIds}, in two queries whatever their number. */
    public Map<FlowId, FlowView> findAll(Collection<FlowId> flowIds) {
        if (flowIds.isEmpty()) {
            return Map.of();
        }
        // one array parameter: the same statement text whatever the batch's size, prepared and planned once per
        // connection, where an IN list of hundreds of parameters was a new statement for every size
        Object[] ids = flowIds.stream().map(FlowId::value).toArray();
        PreparedStatementSetter byIds = statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
        Map<FlowId, List<FlowPhaseView>> phases = new HashMap<>();
        jdbc.getJdbcTemplate().query("SELECT * FROM flow_phase_status WHERE flow_id = ANY (?) ORDER BY flow_id, position", byIds,
                (RowCallbackHandler) row -> phases.computeIfAbsent(new FlowId(row.getObject("flow_id", UUID.class)),
                        id -> new ArrayList<>()).add(phase(row)));
        Map<FlowId, FlowView> flows = new HashMap<>();
        jdbc.getJdbcTemplate().query("SELECT " + VIEW_COLUMNS + " FROM flow_status WHERE flow_id = ANY (?)", byIds, (RowCallbackHandler) row -> {
            FlowId id = new FlowId(row.getObject("flow_id", UUID.class));
            flows.put(id, flow(row, phases.getOrDefault(id, List.of())));
        });
        return flows;
    }

    /**
     * The flow the legacy platform knew by {@code legacyFlowId} in the account, if the migration tool brought one over.
     * Legacy flow ids were unique in the legacy tables, so at most one flow has each; should two ever, the oldest
     * answers, the same one every time.
     */
    public Optional<FlowId> findByLegacyFlowId(ClientAccountId account, String legacyFlowId) {
        return jdbc.getJdbcTemplate().query("""
                        SELECT flow_id FROM flow_status WHERE client_account_id = ? AND legacy_flow_id = ?
                        ORDER BY created_at, flow_id LIMIT 1""",
                (row, number) -> new FlowId(row.getObject("flow_id", UUID.class)), account.value(), legacyFlowId)
                .stream().findFirst();
    }

    /**
     * Writes what changed between each view as loaded and as it is now. Each row keeps the version that wrote it,
     * and an older view never overwrites a newer row, so writing a view twice, or late, changes nothing.
     */
    public void saveAll(Collection<Change> changes) {
        Columns flows = new Columns(FLOW_TYPES);
        Columns phases = new Columns(PHASE_TYPES);
        for (Change change : changes) {
            FlowView view = change.now();
            if (change.before() != null && view.version() <= change.before().version()) {
                continue;
            }
            flows.add(flowRow(view));
            for (FlowPhaseView phase : view.phases()) {
                FlowPhaseView before = change.before() == null || change.before().phases().size() <= phase.position() ? null
                        : change.before().phases().get(phase.position());
                if (!phase.equals(before)) {
                    phases.add(phaseRow(view, phase));
                }
            }
        }
        if (flows.isEmpty()) {
            return;
        }
        jdbc.getJdbcTemplate().update(UPSERT, statement -> {
            int next = flows.bind(statement, 1);
            phases.bind(statement, next);
        });
    }

    /** Rows as one array per column, bound as array parameters of the given element types. */
    private static final class Columns {

        private final List<String> types;
        private final List<List<Object>> values;

        Columns(List<String> types) {
            this.types = types;
            this.values = types.stream().<List<Object>>map(type -> new ArrayList<>()).toList();
        }

        void add(Object[] row) {
            for (int column = 0; column < row.length; column++) {
                values.get(column).add(row[column]);
            }
        }

        boolean isEmpty() {
            return values.get(0).isEmpty();
        }

        /** Binds the columns from parameter {@code first} on; returns the next parameter's index. */
        int bind(PreparedStatement statement, int first) throws SQLException {
            for (int column = 0; column < types.size(); column++) {
                statement.setArray(first + column, statement.getConnection().createArrayOf(types.get(column),
                        values.get(column).toArray()));
            }
            return first + types.size();
        }
    }

    /** The version the read model has reached for a flow, if it has the flow at all, with its owner. */
    public Optional<Progress> progress(FlowId flowId) {
        return jdbc.query("SELECT client_account_id, engagement_id, version FROM flow_status WHERE flow_id = :flowId",
                new MapSqlParameterSource("flowId", flowId.value()),
                (row, number) -> new Progress(new ClientAccountId(row.getObject("client_account_id", java.util.UUID.class)),
                        new EngagementId(row.getObject("engagement_id", java.util.UUID.class)), row.getLong("version")))
                .stream().findFirst();
    }

    /** A view as loaded and as events have changed it since. */
    public record Change(FlowView before, FlowView now) {

        public Change {
            Objects.requireNonNull(now, "view");
        }
    }

    public record Progress(ClientAccountId account, EngagementId engagement, long version) {
    }

    /** A flow row in the columns' order ({@link #FLOW_COLUMNS}). */
    private static Object[] flowRow(FlowView view) {
        return new Object[] {view.flowId().value(), view.account().value(), view.engagement().value(), view.flowType().type(),
                view.flowType().version(), StorableText.of(view.name()), view.status().name(),
                view.statusBeforePause() == null ? null : view.statusBeforePause().name(), view.currentPhase(),
                view.autoAdvance(), text(view.createdAt()), StorableText.of(view.createdBy()), text(view.updatedAt()),
                StorableText.of(view.lastUser()), view.version(), view.deleted(), StorableText.of(view.legacyFlowId()),
                json(view.configuration())};
    }

    private static Object[] phaseRow(FlowView view, FlowPhaseView phase) {
        return new Object[] {view.flowId().value(), phase.position(), phase.name(), phase.required(), phase.state().name(),
                phase.attempts(), text(phase.startedAt()), text(phase.lastAttemptStartedAt()), text(phase.finishedAt()),
                phase.duration() == null ? null : phase.duration().toMillis(), StorableText.of(phase.lastError()), text(phase.nextAttemptAt()),
                phase.changedIn()};
    }

    private static String json(Map<String, Object> configuration) {
        try {
            return JSON.writeValueAsString(configuration);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a flow's configuration as JSON", e);
        }
    }

    private static Map<String, Object> configuration(String json) throws SQLException {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("a flow's configuration is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** An instant as an array element: ISO-8601 in UTC, which PostgreSQL reads as a timestamptz to the microsecond. */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static FlowView flow(ResultSet row, List<FlowPhaseView> phases) throws SQLException {
        String beforePause = row.getString("status_before_pause");
        return new FlowView(new FlowId(row.getObject("flow_id", java.util.UUID.class)),
                new ClientAccountId(row.getObject("client_account_id", java.util.UUID.class)),
                new EngagementId(row.getObject("engagement_id", java.util.UUID.class)),
                new FlowTypeRef(row.getString("flow_type"), row.getInt("flow_type_version")),
                row.getString("name"),
                row.getString("legacy_flow_id"),
                configuration(row.getString("configuration")),
                FlowStatus.valueOf(row.getString("status")),
                beforePause == null ? null : FlowStatus.valueOf(beforePause),
                row.getString("current_phase"),
                row.getBoolean("auto_advance"),
                instant(row, "created_at"),
                row.getString("created_by"),
                instant(row, "updated_at"),
                row.getString("last_user"),
                row.getLong("version"),
                phases);
    }

    private static FlowPhaseView phase(ResultSet row) throws SQLException {
        long durationMs = row.getLong("duration_ms");
        Duration duration = row.wasNull() ? null : Duration.ofMillis(durationMs);
        return new FlowPhaseView(row.getInt("position"), row.getString("name"), row.getBoolean("required"),
                PhaseState.valueOf(row.getString("state")), row.getInt("attempts"), instant(row, "started_at"),
                instant(row, "last_attempt_started_at"), instant(row, "finished_at"), duration, row.getString("last_error"),
                instant(row, "next_attempt_at"), row.getLong("flow_version"));
    }

    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
