package io.masterflow.query.flow;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.security.Caller;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes: lets a query wait, bounded, until the read model holds a given version of a flow. A batch
 * committed in this process hands the versions it wrote to the waiters of those flows, in memory; a batch committed
 * by another node of the query side is seen by re-reading the flow at a short interval.
 */
@Component
public class ReadModelProgress {

    private static final long POLL_NANOS = Duration.ofMillis(100).toNanos();

    private final FlowStatusRepository repository;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Only flows someone waits for: the read model itself stays the one record of every flow's version. */
    private final Map<FlowId, Set<Waiter>> waiters = new ConcurrentHashMap<>();

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

    /** Called after every committed batch of the flow-status projection with the flows it wrote. */
    void committed(List<FlowView> written) {
        if (!waiters.isEmpty()) {
            for (FlowView view : written) {
                Set<Waiter> waiting = waiters.get(view.flowId());
                if (waiting != null) {
                    waiting.forEach(waiter -> waiter.offer(view));
                }
            }
        }
        listeners.forEach(Runnable::run);
    }

    /**
     * Waits until the read model has the caller's flow at {@code minVersion} or later, for at most {@code wait}.
     * A flow of another tenant counts as absent, and absent flows are waited for like any other, so the time an
     * answer takes says nothing about flows the caller may not see.
     *
     * @return the flow at that version or later if the read model reached it in time: as the local batch that
     * reached it wrote it (the waiting query answers without reading the rows it was just handed), or as read
     */
    public Optional<FlowView> awaitVersion(FlowId flowId, long minVersion, Caller caller, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        // registered before the first read, so that a commit between the two is not missed
        Waiter waiter = new Waiter();
        waiters.computeIfAbsent(flowId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        try {
            long nextRead = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                if (now - nextRead >= 0) {
                    Optional<FlowStatusRepository.Progress> progress = repository.progress(flowId);
                    if (progress.isPresent() && reached(progress.get().account(), progress.get().engagement(),
                            progress.get().version(), minVersion, caller)) {
                        return repository.find(flowId);
                    }
                    nextRead = now + POLL_NANOS;
                }
                if (deadline - now <= 0) {
                    return Optional.empty();
                }
                Optional<FlowView> committed = waiter.awaitReached(minVersion, caller, Math.min(deadline, nextRead) - now);
                if (committed.isPresent()) {
                    return committed;
                }
            }
        } finally {
            waiters.computeIfPresent(flowId, (id, waiting) -> {
                waiting.remove(waiter);
                return waiting.isEmpty() ? null : waiting;
            });
        }
    }

    private static boolean reached(ClientAccountId account, EngagementId engagement, long version, long minVersion, Caller caller) {
        return caller.mayAccess(account, engagement) && version >= minVersion;
    }

    /** One waiting query: the latest view of its flow a local batch committed since it began to wait. */
    private static final class Waiter {
        private FlowView latest;

        synchronized void offer(FlowView view) {
            if (latest == null || view.version() > latest.version()) {
                latest = view;
                notifyAll();
            }
        }

        /** The flow as a local commit brought it to {@code minVersion}, waiting at most {@code nanos} for one. */
        synchronized Optional<FlowView> awaitReached(long minVersion, Caller caller, long nanos) throws InterruptedException {
            if (!reachedHere(minVersion, caller)) {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            }
            return reachedHere(minVersion, caller) ? Optional.of(latest) : Optional.empty();
        }

        private boolean reachedHere(long minVersion, Caller caller) {
            return latest != null && reached(latest.account(), latest.engagement(), latest.version(), minVersion, caller);
        }
    }
}
