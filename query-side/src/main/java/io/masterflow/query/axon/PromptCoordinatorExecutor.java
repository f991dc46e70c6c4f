package io.masterflow.query.axon;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The thread of a pooled processor's coordinator, live or rebuilding. Axon's pooled coordinator stops reading events
 * as soon as one segment's queue is full (1,024 events, fixed in Axon) and looks again 100 ms later, a delay it does
 * not let us set. A worker takes a queue's worth in one batch and is through it sooner than that, then waited for
 * the coordinator: a fifth of a rebuild's time, and for a live processor catching up after a pause (a long
 * collection, a busy database) 100 ms more for every queue it fills on the way. Here a look-again of up to 100 ms
 * runs after {@link #RECHECK} instead; longer delays (waiting for new events without a callback, the token claim
 * interval, the back-off after an error) are kept as Axon asks.
 */
public final class PromptCoordinatorExecutor extends ScheduledThreadPoolExecutor {

    /** Axon's look-again when a queue is full; shorter delays are its own prompt ones. */
    private static final Duration FULL_QUEUE_DELAY = Duration.ofMillis(100);
    /** Counting two queues again costs microseconds; a worker's batch takes tens of milliseconds. */
    static final Duration RECHECK = Duration.ofMillis(5);

    public PromptCoordinatorExecutor(ThreadFactory threads) {
        super(1, threads);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        long nanos = unit.toNanos(delay);
        if (nanos > RECHECK.toNanos() && nanos <= FULL_QUEUE_DELAY.toNanos()) {
            return super.schedule(command, RECHECK.toNanos(), TimeUnit.NANOSECONDS);
        }
        return super.schedule(command, delay, unit);
    }
}
