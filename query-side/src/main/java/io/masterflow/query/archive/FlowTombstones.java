package io.masterflow.query.archive;

import io.masterflow.security.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Optional;

import static io.masterflow.query.flow.web.FlowQueryController.notFound;

/**
 * The tombstones of archived flows (table {@code flow_tombstone}), asked only when a flow is not in the read model: a
 * flow the caller may see that was archived is gone (410, {@link FlowArchived}), any other is unknown (404).
 */
@Repository
public class FlowTombstones {

    private final JdbcTemplate jdbc;

    public FlowTombstones(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<FlowTombstone> find(String flowId) {
        return jdbc.query("""
                        SELECT flow_id, client_account_id, engagement_id, flow_type, archived_at, rule, archive_location
                        FROM flow_tombstone WHERE flow_id = ?""",
                (row, number) -> new FlowTombstone(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getObject(5, OffsetDateTime.class).toInstant(), row.getString(6), row.getString(7)),
                flowId).stream().findFirst();
    }

    /** The answer to a flow the read models do not hold, for {@code caller}: 410 if it was archived, 404 otherwise. */
    public RuntimeException missing(String flowId, Caller caller) {
        return find(flowId).filter(tombstone -> tombstone.visibleTo(caller))
                .<RuntimeException>map(FlowArchived::new)
                .orElseGet(() -> notFound(flowId));
    }
}
