package io.masterflow.migration.support;

import io.masterflow.command.flow.Flow;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.FixedValueParameterResolver;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;

import java.lang.reflect.Field;
import java.util.List;

/**
 * Loads flows from an event store the way the command side does (Axon's event-sourcing repository over the JDBC
 * engine, the Flow aggregate's own event-sourcing handlers), and reads the state they end in.
 */
public final class FlowRebuilder implements AutoCloseable {

    /** What a rebuilt flow holds; the fields are the aggregate's own. */
    public record State(Object status, int nextPhase, int phaseCount, boolean attemptRunning) {
    }

    private final EmbeddedEventStore eventStore;
    private final EventSourcingRepository<Flow> repository;

    public FlowRebuilder(EventStorageEngine engine) {
        this.eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        // rebuilding runs event-sourcing handlers only; the resources command handlers take (registries, schedulers)
        // are never asked for, so any parameter the standard resolvers do not know resolves to nothing
        // (in this order: ordered() would sort the fallback before Axon's own low-priority payload resolver)
        ParameterResolverFactory resolvers = new MultiParameterResolverFactory(
                ClasspathParameterResolverFactory.forClass(Flow.class),
                (executable, parameters, index) -> new FixedValueParameterResolver<>(null));
        this.repository = EventSourcingRepository.builder(Flow.class).eventStore(eventStore).parameterResolverFactory(resolvers).build();
    }

    public State load(String flowId) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            Aggregate<Flow> flow = repository.load(flowId);
            return flow.invoke(aggregate -> new State(field(aggregate, "status"), (Integer) field(aggregate, "nextPhase"),
                    ((List<?>) field(aggregate, "phases")).size(), (Boolean) field(aggregate, "attemptRunning")));
        } finally {
            unitOfWork.rollback();
        }
    }

    @Override
    public void close() {
        eventStore.shutDown();
    }

    private static Object field(Flow flow, String name) {
        try {
            Field field = Flow.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(flow);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Flow aggregate has no field " + name, e);
        }
    }
}
