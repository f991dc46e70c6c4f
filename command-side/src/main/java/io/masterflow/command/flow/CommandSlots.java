package io.masterflow.command.flow;

import io.masterflow.overload.OverCapacity;
import io.masterflow.overload.OverloadProperties;
import io.masterflow.overload.Refusals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code masterflow.command.concurrency} commands of this node run at once; the others wait for a slot, first
 * come first served. The request threads outnumber the database connections (long-polling workers hold threads, not
 * connections): left to themselves, more commands would run than have connections, wait for one in the pool, which
 * hands a returned connection to whoever asks first rather than to who waited longest, and share two cores with
 * everything else, so some commands would take many times as long as others. A command that waited longer than
 * {@code masterflow.overload.max-queue-wait} for its slot is refused with 503 and {@code Retry-After}, as a request
 * that waited that long for a worker thread is, and nothing of it is done. A command sent while its thread holds a
 * slot already (from within another command's transaction) runs in that slot.
 */
@Component
public class CommandSlots {

    private final int concurrency;
    private final Semaphore slots;
    private final OverloadProperties overload;
    private final Counter refused;
    private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);

    /** Without a web server (no load shedding configured) the wait is bounded by the overload defaults all the same. */
    public CommandSlots(@Value("${masterflow.command.concurrency:24}") int concurrency, ObjectProvider<OverloadProperties> overload,
                        MeterRegistry meters) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("masterflow.command.concurrency must be at least 1, not " + concurrency);
        }
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency, true);
        this.overload = overload.getIfAvailable(() -> new OverloadProperties(null, null));
        this.refused = Refusals.counter(meters);
    }

    /** Runs {@code command} once a slot is free, or refuses it (OverCapacity) after waiting too long for one. */
    public <T> T run(Supplier<T> command) {
        if (holding.get()) {
            return command.get();
        }
        acquire();
        holding.set(true);
        try {
            return command.get();
        } finally {
            holding.set(false);
            slots.release();
        }
    }

    int concurrency() {
        return concurrency;
    }

    boolean hasFreeSlot() {
        return slots.availablePermits() > 0;
    }

    /** Commands waiting for a slot (an estimate while threads come and go). */
    int waiting() {
        return slots.getQueueLength();
    }

    private void acquire() {
        if (!overload.enabled()) {
            slots.acquireUninterruptibly();
            return;
        }
        Duration limit = overload.maxQueueWait();
        try {
            if (slots.tryAcquire(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        refused.increment();
        throw new OverCapacity(String.format(Locale.ROOT, "the service is over capacity: this command waited %d ms for one of "
                + "the node's %d command slots (masterflow.command.concurrency; masterflow.overload.max-queue-wait) and was not run; "
                + "retry later", limit.toMillis(), concurrency), overload.retryAfter());
    }
}
