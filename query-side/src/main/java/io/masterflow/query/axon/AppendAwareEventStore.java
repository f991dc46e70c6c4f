package io.masterflow.query.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;

/**
 * Axon's embedded event store, telling its {@link StoreFollowingEngine} of every append committed in this process
 * before it wakes its producer, so that the producer's next read goes to the database for it.
 * <p>
 * Axon calls this when the unit of work has committed. A unit of work that joined an outer transaction (a command
 * sent together with other writes, {@code FlowCommandSender}) has committed nothing yet then: its events are in the
 * database once the outer transaction commits, and a read before that would find nothing and leave them to the next
 * append or poll. So within a transaction the store is told after that transaction commits.
 */
public class AppendAwareEventStore extends EmbeddedEventStore {

    private final Runnable appendCommitted;

    public AppendAwareEventStore(EmbeddedEventStore.Builder builder, Runnable appendCommitted) {
        super(builder);
        this.appendCommitted = appendCommitted;
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    committed(events);
                }
            });
        } else {
            committed(events);
        }
    }

    private void committed(List<? extends EventMessage<?>> events) {
        appendCommitted.run();
        super.afterCommit(events);
    }
}
