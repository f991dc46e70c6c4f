package io.masterflow.query.audit;

import java.time.Instant;

/**
 * One event as the audit trail records it.
 *
 * @param globalSequence the event's global index in the event store: the trail's order
 * @param flowVersion    the event's sequence number within its flow
 */
public record AuditEntry(long globalSequence, String eventId, Instant occurredAt, String userId, String clientAccountId,
                         String engagementId, String flowId, Long flowVersion, String eventType, String summary,
                         String correlationId, String causationId) {
}
