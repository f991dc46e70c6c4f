package io.masterflow.command.unitofwork;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs something once the outermost database transaction of this thread has committed, or at once outside a
 * transaction. The outermost transaction may be wider than a command's unit of work (a report that leases the
 * worker's next task in the same transaction), so what must follow the commit (news of a task, a cached state) waits
 * for that one, not for the unit of work's. Nothing runs when the transaction rolls back.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
