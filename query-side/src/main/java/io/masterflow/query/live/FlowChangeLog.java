package io.masterflow.query.live;

import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.masterflow.query.flow.FlowStatusRepository.instant;
import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/**
 * Reads the flow change log the flow-status table's trigger writes (V6__flow_change_log.sql). Every read sees only
 * changes of transactions older than the oldest still running, so positions handed out are final: no change can
 * later appear before one already read.
 */
@Repository
public class FlowChangeLog {

    private static final String SETTLED = "xid < pg_snapshot_xmin(pg_current_snapshot())";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public FlowChangeLog(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The position of the latest settled change (of anyone), or the horizon when none is kept. */
    public ChangePosition head() {
        List<ChangePosition> latest = jdbc.query("SELECT xid::text AS xid_text, serial FROM flow_change WHERE " + SETTLED
                + " ORDER BY xid DESC, serial DESC LIMIT 1", (row, number) -> position(row));
        return latest.stream().findFirst().orElse(ChangePosition.START).latest(horizon());
    }

    /** Changes before this position have been deleted. */
    public ChangePosition horizon() {
        return jdbc.query("SELECT xid::text AS xid_text, serial FROM flow_change_horizon", (row, number) -> position(row))
                .stream().findFirst().orElse(ChangePosition.START);
    }

    /** The settled changes the filter lets through after {@code after}, oldest first, at most {@code limit}. */
    public List<FlowChange> after(ChangeFilter filter, ChangePosition after, int limit) {
        if (filter.seesNothing()) {
            return List.of();
        }
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("account", filter.account().value())
                .addValue("xid", Long.toString(after.xid()))
                .addValue("serial", after.serial())
                .addValue("limit", limit);
        List<String> conditions = new ArrayList<>(List.of("client_account_id = :account",
                "(xid, serial) > (CAST(:xid AS xid8), :serial)", SETTLED));
        if (!filter.scope().all()) {
            conditions.add("engagement_id IN (:scope)");
            parameters.addValue("scope", filter.scope().engagements().stream().map(EngagementId::value).toList());
        }
        if (filter.engagement() != null) {
            conditions.add("engagement_id = :engagement");
            parameters.addValue("engagement", filter.engagement().value());
        }
        return jdbc.query("SELECT xid::text AS xid_text, serial, flow_id, engagement_id, flow_type, name, status, current_phase, "
                        + "version, updated_at FROM flow_change WHERE " + String.join(" AND ", conditions)
                        + " ORDER BY xid, serial LIMIT :limit", parameters, (row, number) -> change(row));
    }

    /**
     * Deletes the changes recorded before {@code cutoff}, moving the horizon to the latest of them first: deletion goes
     * by position, so that everything after the horizon is still there.
     */
    public void deleteRecordedBefore(Instant cutoff) {
        transaction.executeWithoutResult(status -> {
            jdbc.update("""
                    UPDATE flow_change_horizon h SET xid = cut.xid, serial = cut.serial
                    FROM (SELECT xid, serial FROM flow_change WHERE recorded_at < :cutoff AND %s
                          ORDER BY xid DESC, serial DESC LIMIT 1) cut
                    WHERE (cut.xid, cut.serial) > (h.xid, h.serial)""".formatted(SETTLED),
                    new MapSqlParameterSource("cutoff", timestamp(cutoff)));
            jdbc.update("DELETE FROM flow_change WHERE (xid, serial) <= (SELECT xid, serial FROM flow_change_horizon)",
                    new MapSqlParameterSource());
        });
    }

    /** Read as text under another name: an output column named xid would make ORDER BY xid sort text ("998" after "1008"). */
    private static ChangePosition position(ResultSet row) throws SQLException {
        return new ChangePosition(Long.parseLong(row.getString("xid_text")), row.getLong("serial"));
    }

    private static FlowChange change(ResultSet row) throws SQLException {
        return new FlowChange(position(row), new FlowId(row.getObject("flow_id", UUID.class)),
                new EngagementId(row.getObject("engagement_id", UUID.class)), row.getString("flow_type"),
                row.getString("name"), FlowStatus.valueOf(row.getString("status")), row.getString("current_phase"),
                row.getLong("version"), instant(row, "updated_at"));
    }
}
