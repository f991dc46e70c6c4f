package io.masterflow.query.flow;

import io.masterflow.events.FlowId;
import io.masterflow.security.Caller;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Read-your-writes: lets a query wait, bounded, until the read model holds a given version of a flow. A batch
 * committed in this process wakes the waiters (and the live streams) at once; a batch committed by another node of
 * the query side is seen by re-reading at a short interval.
 */
@Component
public class ReadModelProgress {

    private static final long POLL_MILLIS = 100;

    private final FlowStatusRepository repository;
    private final Object monitor = new Object();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Counts committed batches, so that a commit between a waiter's read and its wait is not missed. */
    private long batches;

    public ReadModelProgress(FlowStatusRepository repository) {
        this.repository = repository;
    }

    /**
     * Runs {@code listener} after every committed batch of the flow-status projection, in the processor's thread:
     * it must return at once (hand the work to a thread of its own).
     */
    public void afterEachBatch(Runnable listener) {
        listeners.add(listener);
    }

    /** Called after every committed batch of the flow-status projection. */
    void advanced() {
        synchronized (monitor) {
            batches++;
            monitor.notifyAll();
        }
        listeners.forEach(Runnable::run);
    }

    /**
     * Waits until the read model has the caller's flow at {@code minVersion} or later, for at most {@code wait}.
     * A flow of another tenant counts as absent, and absent flows are waited for like any other, so the time an
     * answer takes says nothing about flows the caller may not see.
     *
     * @return whether the read model reached that version in time
     */
    public boolean awaitVersion(FlowId flowId, long minVersion, Caller caller, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long seen;
            synchronized (monitor) {
                seen = batches;
            }
            if (reached(flowId, minVersion, caller)) {
                return true;
            }
            long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (remainingMillis <= 0) {
                return false;
            }
            synchronized (monitor) {
                if (batches == seen) {
                    monitor.wait(Math.min(remainingMillis, POLL_MILLIS));
                }
            }
        }
    }

    private boolean reached(FlowId flowId, long minVersion, Caller caller) {
        Optional<FlowStatusRepository.Progress> progress = repository.progress(flowId);
        return progress.isPresent() && caller.mayAccess(progress.get().account(), progress.get().engagement())
                && progress.get().version() >= minVersion;
    }
}
