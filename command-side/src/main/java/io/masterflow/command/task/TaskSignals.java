package io.masterflow.command.task;

import io.masterflow.command.unitofwork.AfterCommit;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells who waits for work on this node that a task became claimable, so a waiting claim answers at once instead of
 * at its next look. Tasks made on other nodes are found by the waiters' periodic look.
 */
@Component
public class TaskSignals {

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Signals once the database transaction that made the task has committed (at once outside a transaction): a
     * waiter told earlier would look for the task too early, miss it and wait for its next look. The transaction is
     * the outermost one, which may be wider than the command's unit of work (a report that leases the next task in
     * the same transaction).
     *
     * @param handler the new task's handler, or {@code null} when tasks of any handler may have become claimable
     */
    public void taskCreated(String handler) {
        AfterCommit.run(() -> notifyListeners(handler));
    }

    private void notifyListeners(String handler) {
        listeners.forEach(listener -> listener.accept(handler));
    }
}
