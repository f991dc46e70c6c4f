package io.masterflow.command.flow;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.security.Caller;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Flows that archival took out of the event store (table {@code archived_flows}, written by
 * {@code masterflow-migrate --archive}): asked only when a command finds no events for its flow, to tell an archived
 * flow (410, with where its archive is) from one that never existed (404).
 */
public class ArchivedFlows {

    /** One archived flow, as the archival recorded it. */
    public record ArchivedFlow(String flowId, String account, String engagement, Instant archivedAt, String rule,
                               String archiveLocation) {

        /** Only the flow's own account and engagements learn that it was archived: the caller a command carries. */
        public boolean visibleTo(MetaData command) {
            if (account == null || engagement == null || command.get(MetaDataKeys.CLIENT_ACCOUNT_ID) == null) {
                return false;
            }
            try {
                return Caller.fromMetaData(command).mayAccess(ClientAccountId.of(account), EngagementId.of(engagement));
            } catch (IllegalArgumentException | IllegalStateException malformed) {
                return false;
            }
        }

        public String describe() {
            return "flow " + flowId + " was archived on " + archivedAt + " under the retention rule " + rule
                    + ": its events are in " + archiveLocation;
        }
    }

    private final JdbcTemplate jdbc;

    public ArchivedFlows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ArchivedFlow> find(String flowId) {
        return jdbc.query("""
                        SELECT flow_id, account_id, engagement_id, archived_at, rule, archive_location
                        FROM archived_flows WHERE flow_id = ?""",
                (row, number) -> new ArchivedFlow(row.getString(1), row.getString(2), row.getString(3),
                        row.getObject(4, OffsetDateTime.class).toInstant(), row.getString(5), row.getString(6)),
                flowId).stream().findFirst();
    }
}
