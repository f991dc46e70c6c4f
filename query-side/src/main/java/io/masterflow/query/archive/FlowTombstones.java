package io.masterflow.query.archive;

import io.masterflow.security.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Optional;

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

    /** A flow the read models do not hold, as {@code caller} is told of it: archived (410), or nothing (then 404). */
    public Optional<FlowArchived> archived(String flowId, Caller caller) {
        return find(flowId).filter(tombstone -> tombstone.visibleTo(caller)).map(FlowArchived::new);
    }
}
