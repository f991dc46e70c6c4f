package io.masterflow.query.archive;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.security.Caller;

import java.time.Instant;

/**
 * What the read models keep of an archived flow: its owner, when and under which retention rule it was archived, and
 * where its events are (written by {@code masterflow-migrate --archive}, query migration V16).
 */
public record FlowTombstone(String flowId, String account, String engagement, String flowType, Instant archivedAt,
                            String rule, String archiveLocation) {

    /** Only the flow's own account and engagements learn that it was archived. */
    public boolean visibleTo(Caller caller) {
        return engagement != null && caller.mayAccess(ClientAccountId.of(account), EngagementId.of(engagement));
    }

    public String describe() {
        return "flow " + flowId + " was archived on " + archivedAt + " under the retention rule " + rule
                + ": its events are in " + archiveLocation;
    }
}
