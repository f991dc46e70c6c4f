package io.masterflow.command.worker;

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

    /** @param handler the new task's handler, or {@code null} when tasks of any handler may have become claimable */
    public void taskCreated(String handler) {
        listeners.forEach(listener -> listener.accept(handler));
    }
}
