package io.masterflow.query.axon;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Predicate;

/**
 * When a projection writes. Normally a batch of events is written once, as it commits: one statement per table for
 * the whole batch. A value the database refuses ({@link DatabaseRefusal}) would fail that batch however often it is
 * retried, and with it every later event of the processor. So for a while after a processor's batch was refused
 * ({@link ProcessorFailures#refusedDataRecently}), each event's writes are made right after its handler, under a
 * savepoint: the one event the database refuses is rolled back alone and goes to the dead-letter queue as an
 * {@link UnstorableEvent}, and every other event of the batch is written.
 */
@Component
public class ProjectionWrites {

    private final Predicate<String> eventByEvent;
    private final TransactionTemplate savepoint;

    /** For the live processors, by their names. */
    @Autowired
    public ProjectionWrites(ProcessorFailures failures, PlatformTransactionManager transactions) {
        this(failures::refusedDataRecently, transactions);
    }

    /** @param eventByEvent whether a processor (named as the projection names its live one) now writes event by event */
    public ProjectionWrites(Predicate<String> eventByEvent, PlatformTransactionManager transactions) {
        this.eventByEvent = eventByEvent;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs an event's handler. While the processor writes event by event, what the handler left pending (the unit of
     * work's resource {@code pendingKey}) is written at once, in a savepoint of the batch's transaction.
     */
    public void project(String processor, String pendingKey, Runnable handler) {
        if (!eventByEvent.test(processor)) {
            handler.run();
            return;
        }
        try {
            savepoint.executeWithoutResult(status -> {
                handler.run();
                PendingWrites pending = CurrentUnitOfWork.get().root().getResource(pendingKey);
                if (pending != null) {
                    pending.write();
                }
            });
        } catch (RuntimeException failure) {
            if (DatabaseRefusal.ofData(failure)) {
                throw new UnstorableEvent(processor, failure);
            }
            throw failure;
        }
    }
}
