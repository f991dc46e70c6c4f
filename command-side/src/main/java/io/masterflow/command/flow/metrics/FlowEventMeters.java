package io.masterflow.command.flow.metrics;

import io.masterflow.command.unitofwork.AfterCommit;
import io.masterflow.command.flow.AttemptTimedOut;
import io.masterflow.command.flow.UnitOfWorkFlowTypes;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseStarted;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Counts the flows' decisions from the events the Flow aggregate applies, on the node that applied them, once they are
 * committed: a command that lost an append race to another node rolls back and counts nothing, and its retry counts
 * once. Counting here, not where events are consumed, keeps each decision counted once however many processes read
 * the store (the query side, a standalone process running both sides, a rebuild replaying everything), and leaves out
 * what the migration tool writes, which decides nothing. Events carry no flow type after FlowCreated; the flow that
 * applied them left it in the unit of work ({@link UnitOfWorkFlowTypes}).
 */
public class FlowEventMeters implements MessageDispatchInterceptor<EventMessage<?>> {

    private final FlowMeters meters;

    public FlowEventMeters(FlowMeters meters) {
        this.meters = meters;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> events) {
        return (index, event) -> {
            Runnable count = counting(event);
            if (count != null) {
                AfterCommit.run(count);
            }
            return event;
        };
    }

    private Runnable counting(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof FlowCreated created) {
            String type = created.flowType().type();
            return () -> meters.created(type);
        }
        String type = event instanceof DomainEventMessage<?> domainEvent ? UnitOfWorkFlowTypes.of(domainEvent.getAggregateIdentifier()) : null;
        if (type == null) {
            return null;
        }
        if (payload instanceof PhaseStarted started) {
            return () -> meters.attemptStarted(type, started.phase().value());
        } else if (payload instanceof PhaseCompleted completed) {
            return () -> meters.attemptCompleted(type, completed.phase().value(), completed.duration());
        } else if (payload instanceof PhaseFailed failed) {
            boolean timedOut = handlingTimeout();
            return () -> meters.attemptFailed(type, failed.phase().value(), timedOut, failed.nextAttemptAt() != null);
        } else if (payload instanceof FlowCompleted) {
            return () -> meters.completed(type);
        } else if (payload instanceof FlowFailed failed) {
            return () -> meters.failed(type, failed.phase().value());
        } else if (payload instanceof FlowDeleted) {
            return () -> meters.deleted(type);
        }
        return null;
    }

    /** The attempt fails because its timeout deadline fired: the unit of work handles that deadline. */
    private static boolean handlingTimeout() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root().getMessage().getPayload() instanceof AttemptTimedOut;
    }
}
