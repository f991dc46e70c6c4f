package io.masterflow.query.analytics;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/**
 * Writes the analytics read model. Every write is safe to repeat: a flow or an attempt already there is left
 * alone, and an outcome change applies only to a row that has not seen that event's version yet.
 */
@Repository
public class AnalyticsFacts {

    private static final String INSERT_FLOW = """
            INSERT INTO analytics_flow (flow_id, client_account_id, engagement_id, flow_type, created_at, outcome,
                    outcome_at, version)
            VALUES (:flowId, :account, :engagement, :flowType, :createdAt, :outcome, NULL, :version)
            ON CONFLICT (flow_id) DO NOTHING""";

    // the owner and type come from the flow's row, which the same batch has written first if it is new
    private static final String INSERT_ATTEMPT = """
            INSERT INTO analytics_phase_attempt (flow_id, phase, attempt, client_account_id, engagement_id, flow_type,
                    outcome, finished_at, duration_ms)
            SELECT flow_id, :phase, :attempt, client_account_id, engagement_id, flow_type, :outcome, :finishedAt, :durationMs
            FROM analytics_flow WHERE flow_id = :flowId
            ON CONFLICT (flow_id, phase, attempt) DO NOTHING""";

    // a null outcome reopens the flow: a failed one on a restart (any other start changes nothing), and whatever it
    // ended as on a rewind
    private static final String CHANGE_OUTCOME = """
            UPDATE analytics_flow SET outcome = CAST(:outcome AS VARCHAR), outcome_at = :at, version = :version
            WHERE flow_id = :flowId AND version < :version
              AND (CAST(:outcome AS VARCHAR) IS NOT NULL OR outcome = 'FAILED' OR :rewound)""";

    private final NamedParameterJdbcTemplate jdbc;

    public AnalyticsFacts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A flow came into being: created, or imported from the legacy tables (then possibly already ended). */
    public record FlowOpened(UUID flowId, UUID account, UUID engagement, String flowType, Instant createdAt,
                             Outcome outcome, long version) {
    }

    /** A phase attempt finished; {@code duration} only for a completed one. */
    public record AttemptFinished(UUID flowId, String phase, int attempt, Outcome outcome, Instant finishedAt,
                                  Long durationMs) {
    }

    /**
     * The flow ended ({@code outcome} set) or, with a null outcome, started a phase again or was rewound (which reopens
     * a completed flow too).
     */
    public record OutcomeChanged(UUID flowId, Outcome outcome, Instant at, long version, boolean rewound) {
    }

    /** What one batch of events adds, in the order of its events. */
    public static final class Batch {
        private final List<SqlParameterSource> flows = new ArrayList<>();
        private final List<SqlParameterSource> attempts = new ArrayList<>();
        private final List<SqlParameterSource> outcomes = new ArrayList<>();

        public void add(FlowOpened flow) {
            flows.add(new MapSqlParameterSource()
                    .addValue("flowId", flow.flowId())
                    .addValue("account", flow.account())
                    .addValue("engagement", flow.engagement())
                    .addValue("flowType", flow.flowType())
                    .addValue("createdAt", timestamp(flow.createdAt()))
                    .addValue("outcome", name(flow.outcome()), Types.VARCHAR)
                    .addValue("version", flow.version()));
        }

        public void add(AttemptFinished attempt) {
            attempts.add(new MapSqlParameterSource()
                    .addValue("flowId", attempt.flowId())
                    .addValue("phase", attempt.phase())
                    .addValue("attempt", attempt.attempt())
                    .addValue("outcome", attempt.outcome().name())
                    .addValue("finishedAt", timestamp(attempt.finishedAt()))
                    .addValue("durationMs", attempt.durationMs(), Types.BIGINT));
        }

        public void add(OutcomeChanged change) {
            outcomes.add(new MapSqlParameterSource()
                    .addValue("flowId", change.flowId())
                    .addValue("outcome", name(change.outcome()), Types.VARCHAR)
                    .addValue("at", timestamp(change.at()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .addValue("version", change.version())
                    .addValue("rewound", change.rewound()));
        }
    }

    /**
     * Writes a batch: flows first, since attempts copy their owner from them. Outcome changes keep their events'
     * order; attempts never depend on outcomes, nor outcomes on attempts.
     */
    public void save(Batch batch) {
        write(INSERT_FLOW, batch.flows);
        write(INSERT_ATTEMPT, batch.attempts);
        write(CHANGE_OUTCOME, batch.outcomes);
    }

    private void write(String sql, List<SqlParameterSource> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows.toArray(SqlParameterSource[]::new));
        }
    }

    private static String name(Outcome outcome) {
        return outcome == null ? null : outcome.name();
    }
}
