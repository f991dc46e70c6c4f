package io.masterflow.query.axon;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;


/**
 * When a projection writes. Normally a batch of events is written once, as it commits: one statement per table for
 * the whole batch. A value the database refuses ({@link DatabaseRefusal}) would fail that batch however often it is
 * retried, and with it every later event of the processor. So once a processor's batch was refused
 * ({@link ProcessorFailures#refusedDataRecently}), the retried batch's events are written each right after its
 * handler, under a savepoint: the one event the database refuses is rolled back alone and goes to the dead-letter
 * queue as an {@link UnstorableEvent}, the batch's other events are written, and once it has committed the processor
 * counts as recovered.
 */
@Component
public class ProjectionWrites {

    private final ProcessorFailures failures;
    private final String processor;
    private final TransactionTemplate savepoint;

    /** For the live processor, which carries the projections. */
    @Autowired
    public ProjectionWrites(ProcessorFailures failures, PlatformTransactionManager transactions) {
        this(failures, null, transactions);
    }

    /** For a processor of another name (a rebuild's) that runs a projection made for a live one. */
    public ProjectionWrites(ProcessorFailures failures, String processor, PlatformTransactionManager transactions) {
        this.failures = failures;
        this.processor = processor;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs an event's handler. While the processor writes event by event, what the handler left pending (the unit of
     * work's resource {@code pendingKey}) is written at once, in a savepoint of the batch's transaction.
     */
    public void project(String projected, String pendingKey, Runnable handler) {
        String name = processor != null ? processor : QueryProcessors.processorOf(projected);
        if (!failures.refusedDataRecently(name)) {
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
                // the refused event is found and leaves the batch. The rest of the batch goes on event by event, as
                // the processor's other projections may refuse the same event: it recovers once the batch commits
                CurrentUnitOfWork.get().root().afterCommit(batch -> failures.recovered(name));
                throw new UnstorableEvent(projected, failure);
            }
            throw failure;
        }
    }
}
