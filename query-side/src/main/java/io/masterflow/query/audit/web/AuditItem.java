package io.masterflow.query.audit.web;

import io.masterflow.query.audit.AuditEntry;
import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * An audit entry as the API shows it (and as each line of a JSON-lines export holds it). Entries come in the order the
 * event store recorded them, without their global position there: its gaps would count the other accounts' events.
 */
public record AuditItem(Instant occurredAt, @Nullable String userId, @Nullable String clientAccountId, @Nullable String engagementId,
                        @Nullable String flowId, @Nullable Long flowVersion, String eventType, String summary,
                        @Nullable String correlationId, @Nullable String causationId, String eventId, @Nullable String via) {

    static AuditItem of(AuditEntry entry) {
        return new AuditItem(entry.occurredAt(), entry.userId(), entry.clientAccountId(),
                entry.engagementId(), entry.flowId(), entry.flowVersion(), entry.eventType(), entry.summary(),
                entry.correlationId(), entry.causationId(), entry.eventId(), entry.via());
    }
}
