package io.masterflow.query.audit;

import java.time.Instant;

/**
 * One event as the audit trail records it.
 *
 * @param globalSequence the event's global index in the event store: the trail's order
 * @param flowVersion    the event's sequence number within its flow
 * @param via            the API the command behind the event came through when not the current one (the legacy layer's
 *                       path family); null for the current API and for what the system did by itself
 */
public record AuditEntry(long globalSequence, String eventId, Instant occurredAt, String userId, String clientAccountId,
                         String engagementId, String flowId, Long flowVersion, String eventType, String summary,
                         String correlationId, String causationId, String via) {
}
