package io.masterflow.query.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, telling its {@link StoreFollowingEngine} of every append committed in this process
 * before it wakes its producer, so that the producer's next read goes to the database for it.
 */
public class AppendAwareEventStore extends EmbeddedEventStore {

    private final Runnable appendCommitted;

    public AppendAwareEventStore(EmbeddedEventStore.Builder builder, Runnable appendCommitted) {
        super(builder);
        this.appendCommitted = appendCommitted;
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        appendCommitted.run();
        super.afterCommit(events);
    }
}
