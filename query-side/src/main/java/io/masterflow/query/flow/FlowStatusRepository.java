package io.masterflow.query.flow;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

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

/** The flow-status read model in PostgreSQL: one row per flow and one per pinned phase. */
@Repository
public class FlowStatusRepository {

    static final String FLOW_COLUMNS = """
            flow_id, client_account_id, engagement_id, flow_type, flow_type_version, name, status, status_before_pause,
            current_phase, auto_advance, created_at, created_by, updated_at, last_user, version, deleted""";

    private static final String UPSERT_FLOW = """
            INSERT INTO flow_status (%s)
            VALUES (:flowId, :account, :engagement, :flowType, :flowTypeVersion, :name, :status, :statusBeforePause,
                    :currentPhase, :autoAdvance, :createdAt, :createdBy, :updatedAt, :lastUser, :version, :deleted)
            ON CONFLICT (flow_id) DO UPDATE SET
                status = EXCLUDED.status, status_before_pause = EXCLUDED.status_before_pause,
                current_phase = EXCLUDED.current_phase, updated_at = EXCLUDED.updated_at, last_user = EXCLUDED.last_user,
                version = EXCLUDED.version, deleted = EXCLUDED.deleted
            WHERE flow_status.version < EXCLUDED.version""".formatted(FLOW_COLUMNS);

    private static final String UPSERT_PHASE = """
            INSERT INTO flow_phase_status (flow_id, position, name, required, state, attempts, started_at,
                    last_attempt_started_at, finished_at, duration_ms, last_error, next_attempt_at, flow_version)
            VALUES (:flowId, :position, :name, :required, :state, :attempts, :startedAt, :lastAttemptStartedAt,
                    :finishedAt, :durationMs, :lastError, :nextAttemptAt, :flowVersion)
            ON CONFLICT (flow_id, position) DO UPDATE SET
                state = EXCLUDED.state, attempts = EXCLUDED.attempts, started_at = EXCLUDED.started_at,
                last_attempt_started_at = EXCLUDED.last_attempt_started_at, finished_at = EXCLUDED.finished_at,
                duration_ms = EXCLUDED.duration_ms, last_error = EXCLUDED.last_error,
                next_attempt_at = EXCLUDED.next_attempt_at, flow_version = EXCLUDED.flow_version
            WHERE flow_phase_status.flow_version < EXCLUDED.flow_version""";

    private final NamedParameterJdbcTemplate jdbc;

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
        Map<FlowId, List<PhaseView>> phases = new HashMap<>();
        jdbc.getJdbcTemplate().query("SELECT * FROM flow_phase_status WHERE flow_id = ANY (?) ORDER BY flow_id, position", byIds,
                (RowCallbackHandler) row -> phases.computeIfAbsent(new FlowId(row.getObject("flow_id", UUID.class)),
                        id -> new ArrayList<>()).add(phase(row)));
        Map<FlowId, FlowView> flows = new HashMap<>();
        jdbc.getJdbcTemplate().query("SELECT " + FLOW_COLUMNS + " FROM flow_status WHERE flow_id = ANY (?)", byIds, (RowCallbackHandler) row -> {
            FlowId id = new FlowId(row.getObject("flow_id", UUID.class));
            flows.put(id, flow(row, phases.getOrDefault(id, List.of())));
        });
        return flows;
    }

    /**
     * Writes what changed between each view as loaded and as it is now. Each row keeps the version that wrote it,
     * and an older view never overwrites a newer row, so writing a view twice, or late, changes nothing.
     */
    public void saveAll(Collection<Change> changes) {
        List<SqlParameterSource> flows = new ArrayList<>();
        List<SqlParameterSource> phases = new ArrayList<>();
        for (Change change : changes) {
            FlowView view = change.now();
            if (change.before() != null && view.version() <= change.before().version()) {
                continue;
            }
            flows.add(flowParameters(view));
            for (PhaseView phase : view.phases()) {
                PhaseView before = change.before() == null || change.before().phases().size() <= phase.position() ? null
                        : change.before().phases().get(phase.position());
                if (!phase.equals(before)) {
                    phases.add(phaseParameters(view, phase));
                }
            }
        }
        if (!flows.isEmpty()) {
            jdbc.batchUpdate(UPSERT_FLOW, flows.toArray(SqlParameterSource[]::new));
        }
        if (!phases.isEmpty()) {
            jdbc.batchUpdate(UPSERT_PHASE, phases.toArray(SqlParameterSource[]::new));
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

    private static MapSqlParameterSource flowParameters(FlowView view) {
        return new MapSqlParameterSource()
                .addValue("flowId", view.flowId().value())
                .addValue("account", view.account().value())
                .addValue("engagement", view.engagement().value())
                .addValue("flowType", view.flowType().type())
                .addValue("flowTypeVersion", view.flowType().version())
                .addValue("name", view.name())
                .addValue("status", view.status().name())
                .addValue("statusBeforePause", view.statusBeforePause() == null ? null : view.statusBeforePause().name())
                .addValue("currentPhase", view.currentPhase())
                .addValue("autoAdvance", view.autoAdvance())
                .addValue("createdAt", timestamp(view.createdAt()))
                .addValue("createdBy", view.createdBy())
                .addValue("updatedAt", timestamp(view.updatedAt()))
                .addValue("lastUser", view.lastUser())
                .addValue("version", view.version())
                .addValue("deleted", view.deleted());
    }

    private static MapSqlParameterSource phaseParameters(FlowView view, PhaseView phase) {
        return new MapSqlParameterSource()
                .addValue("flowId", view.flowId().value())
                .addValue("position", phase.position())
                .addValue("name", phase.name())
                .addValue("required", phase.required())
                .addValue("state", phase.state().name())
                .addValue("attempts", phase.attempts())
                .addValue("startedAt", timestamp(phase.startedAt()))
                .addValue("lastAttemptStartedAt", timestamp(phase.lastAttemptStartedAt()))
                .addValue("finishedAt", timestamp(phase.finishedAt()))
                .addValue("durationMs", phase.duration() == null ? null : phase.duration().toMillis())
                .addValue("lastError", phase.lastError())
                .addValue("nextAttemptAt", timestamp(phase.nextAttemptAt()))
                .addValue("flowVersion", phase.changedIn());
    }

    static FlowView flow(ResultSet row, List<PhaseView> phases) throws SQLException {
        String beforePause = row.getString("status_before_pause");
        return new FlowView(new FlowId(row.getObject("flow_id", java.util.UUID.class)),
                new ClientAccountId(row.getObject("client_account_id", java.util.UUID.class)),
                new EngagementId(row.getObject("engagement_id", java.util.UUID.class)),
                new FlowTypeRef(row.getString("flow_type"), row.getInt("flow_type_version")),
                row.getString("name"),
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

    private static PhaseView phase(ResultSet row) throws SQLException {
        long durationMs = row.getLong("duration_ms");
        Duration duration = row.wasNull() ? null : Duration.ofMillis(durationMs);
        return new PhaseView(row.getInt("position"), row.getString("name"), row.getBoolean("required"),
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
