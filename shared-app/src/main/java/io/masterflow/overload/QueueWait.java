package io.masterflow.overload;

import java.time.Duration;
import java.util.Optional;

/**
 * How long the request the current thread is about to serve waited for it: the web server's queue is where requests
 * wait once every worker thread is busy, out of sight of any filter; {@link QueueTimingExecutor} stamps each piece of
 * work as it enters that queue, and the thread that takes it knows the wait.
 */
final class QueueWait {

    private static final ThreadLocal<Long> QUEUED_AT = new ThreadLocal<>();

    private QueueWait() {
    }

    static Runnable stamped(Runnable work) {
        long queuedAt = System.nanoTime();
        return () -> {
            QUEUED_AT.set(queuedAt);
            try {
                work.run();
            } finally {
                QUEUED_AT.remove();
            }
        };
    }

    /**
     * The wait of the first request read by the current piece of work; empty for any further request on the same
     * connection in the same piece of work (it waited on its client, not on us) and outside a stamped thread.
     */
    static Optional<Duration> take() {
        Long queuedAt = QUEUED_AT.get();
        if (queuedAt == null) {
            return Optional.empty();
        }
        QUEUED_AT.remove();
        return Optional.of(Duration.ofNanos(System.nanoTime() - queuedAt));
    }
}
