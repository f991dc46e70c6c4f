package io.masterflow.query.archive;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashSet;
import java.util.Set;

/**
 * Keeps a projection rebuild from giving archived flows their rows back. Archival deletes their events from the store's
 * tables, but a running side's event store keeps the events it read last in memory, and a rebuild that reaches that
 * window would read them there. The rebuild passes them over (handled as nothing, so its position still moves past
 * them, and the live processor that takes its position over does not read them either). The archived flows are those
 * with a tombstone when the rebuild starts.
 */
public final class ArchivedFlowEvents {

    private ArchivedFlowEvents() {
    }

    public static MessageHandlerInterceptor<EventMessage<?>> passedOver(JdbcTemplate jdbc) {
        Set<String> archived = new HashSet<>(jdbc.queryForList("SELECT flow_id FROM flow_tombstone", String.class));
        return (unitOfWork, chain) -> unitOfWork.getMessage() instanceof DomainEventMessage<?> event
                && archived.contains(event.getAggregateIdentifier()) ? null : chain.proceed();
    }
}
