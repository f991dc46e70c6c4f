package io.masterflow.query.audit;

import io.masterflow.events.ClientAccountId;
import io.masterflow.security.EngagementScope;

import java.time.Instant;
import java.util.Objects;

/**
 * A slice of a tenant's audit trail, in the order the event store recorded the events. The caller's account and
 * engagement scope always apply; the other filters are optional (null).
 *
 * @param from  first instant included
 * @param to    first instant excluded
 * @param after global sequence of the last entry already seen
 */
public record AuditQuery(ClientAccountId account, EngagementScope scope, String flowId, String userId, String eventType,
                         Instant from, Instant to, Long after) {

    public AuditQuery {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(scope, "engagement scope");
    }
}
