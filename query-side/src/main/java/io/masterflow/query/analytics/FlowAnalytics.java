package io.masterflow.query.analytics;

import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/**
 * Computes a tenant's figures. Every query is a range scan of an index that starts with the account (see
 * V4__analytics.sql; counts by status use flow_status's), so its cost grows with the tenant's flows in the period,
 * not with the table.
 */
@Repository
public class FlowAnalytics {

    private static final String BY_STATUS = "SELECT status, count(*) AS flows FROM flow_status WHERE %s GROUP BY status";

    private static final String FLOWS = """
            SELECT count(*) AS created,
                   count(*) FILTER (WHERE outcome = 'COMPLETED') AS completed,
                   count(*) FILTER (WHERE outcome = 'FAILED') AS failed
            FROM analytics_flow WHERE %s""";

    // percentile_disc: each percentile is the duration of an attempt that really ran, in whole milliseconds, and
    // with few attempts it does not invent a value between two of them. Both percentiles come from one sort; it
    // and avg skip the null durations of failed attempts.
    private static final String PHASES = """
            SELECT phase,
                   count(*) FILTER (WHERE outcome = 'COMPLETED') AS completed,
                   count(*) FILTER (WHERE outcome = 'FAILED') AS failed,
                   count(*) FILTER (WHERE attempt > 1) AS retries,
                   avg(duration_ms)::float8 AS avg_ms,
                   percentile_disc(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY duration_ms) AS percentiles
            FROM analytics_phase_attempt WHERE %s
            GROUP BY phase ORDER BY phase""";

    private static final String PER_DAY = """
            SELECT day, sum(created) AS created, sum(completed) AS completed FROM (
                SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS created, 0 AS completed
                FROM analytics_flow WHERE %s GROUP BY 1
                UNION ALL
                SELECT (outcome_at AT TIME ZONE 'UTC')::date, 0, count(*)
                FROM analytics_flow WHERE outcome = 'COMPLETED' AND %s GROUP BY 1
            ) days
            GROUP BY day ORDER BY day""";

    private static final String SORT_MEMORY = "64MB";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public FlowAnalytics(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        // one snapshot for every query of a report, so that its figures agree with each other
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    public AnalyticsReport report(AnalyticsQuery query) {
        if (query.scope().grantsNone()) {
            return report(query, new EnumMap<>(FlowStatus.class), new Counts(0, 0, 0), List.of(), List.of());
        }
        return snapshot.execute(status -> {
            // the percentiles sort every completed attempt of the period: with PostgreSQL's default 4 MB a large
            // tenant's sort spills to disk and takes seconds; in memory it takes a fraction of that
            jdbc.getJdbcTemplate().execute("SET LOCAL work_mem = '" + SORT_MEMORY + "'");
            return figures(query);
        });
    }

    private AnalyticsReport figures(AnalyticsQuery query) {
        MapSqlParameterSource parameters = parameters(query);
        String created = conditions(query, "created_at");
        Map<FlowStatus, Long> byStatus = new EnumMap<>(FlowStatus.class);
        jdbc.query(BY_STATUS.formatted(created), parameters,
                (ResultSet row) -> { byStatus.put(FlowStatus.valueOf(row.getString("status")), row.getLong("flows")); });
        Counts flows = jdbc.queryForObject(FLOWS.formatted(created), parameters,
                (row, number) -> new Counts(row.getLong("created"), row.getLong("completed"), row.getLong("failed")));
        List<AnalyticsReport.Phase> phases = jdbc.query(PHASES.formatted(conditions(query, "finished_at")), parameters,
                (row, number) -> phase(row));
        List<AnalyticsReport.Day> days = jdbc.query(PER_DAY.formatted(created, conditions(query, "outcome_at")), parameters,
                (row, number) -> new AnalyticsReport.Day(row.getObject("day", LocalDate.class), row.getLong("created"),
                        row.getLong("completed")));
        return report(query, byStatus, flows, phases, days);
    }

    private static AnalyticsReport report(AnalyticsQuery query, Map<FlowStatus, Long> counted, Counts flows,
                                          List<AnalyticsReport.Phase> phases, List<AnalyticsReport.Day> days) {
        Map<FlowStatus, Long> byStatus = new EnumMap<>(FlowStatus.class);
        for (FlowStatus status : FlowStatus.values()) {
            byStatus.put(status, counted.getOrDefault(status, 0L));
        }
        AnalyticsReport.Flows flowFigures = new AnalyticsReport.Flows(flows.created(), byStatus, flows.completed(),
                flows.failed(), flows.share(flows.completed()), flows.share(flows.failed()));
        long retries = phases.stream().mapToLong(AnalyticsReport.Phase::retries).sum();
        return new AnalyticsReport(query.from(), query.to(),
                query.engagement() == null ? null : query.engagement().toString(), query.flowType(),
                flowFigures, phases, retries, days);
    }

    /** The caller's account and engagements always; the optional filters; the period on the given time column. */
    private static String conditions(AnalyticsQuery query, String timeColumn) {
        List<String> conditions = new ArrayList<>(List.of("client_account_id = :account"));
        if (!query.scope().all()) {
            conditions.add("engagement_id IN (:scope)");
        }
        if (query.engagement() != null) {
            conditions.add("engagement_id = :engagement");
        }
        if (query.flowType() != null) {
            conditions.add("flow_type = :flowType");
        }
        conditions.add(query.from() == null ? timeColumn + " IS NOT NULL" : timeColumn + " >= :from");
        if (query.to() != null) {
            conditions.add(timeColumn + " < :to");
        }
        return String.join(" AND ", conditions);
    }

    private static MapSqlParameterSource parameters(AnalyticsQuery query) {
        return new MapSqlParameterSource("account", query.account().value())
                .addValue("scope", query.scope().engagements().stream().map(EngagementId::value).toList())
                .addValue("engagement", query.engagement() == null ? null : query.engagement().value())
                .addValue("flowType", query.flowType())
                .addValue("from", timestamp(query.from()))
                .addValue("to", timestamp(query.to()));
    }

    private static AnalyticsReport.Phase phase(ResultSet row) throws SQLException {
        Double avg = nullable(row, row.getDouble("avg_ms"));
        Array percentiles = row.getArray("percentiles");
        Long[] p50AndP95 = percentiles == null ? new Long[2] : (Long[]) percentiles.getArray();
        return new AnalyticsReport.Phase(row.getString("phase"), row.getLong("completed"), row.getLong("failed"),
                row.getLong("retries"), new AnalyticsReport.Durations(avg, p50AndP95[0], p50AndP95[1]));
    }

    private record Counts(long created, long completed, long failed) {

        /** A rate among the flows created; none without flows. */
        Double share(long some) {
            return created == 0 ? null : (double) some / created;
        }
    }

    private static <T> T nullable(ResultSet row, T value) throws SQLException {
        return row.wasNull() ? null : value;
    }
}
