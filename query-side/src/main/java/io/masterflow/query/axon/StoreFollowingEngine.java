package io.masterflow.query.axon;

import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Axon's JDBC event storage, with the embedded event store's producer (the one reader that follows the head of the
 * store, {@code mayBlock} true) reading the database only when there can be something new.
 * <p>
 * Axon's producer, woken by every append committed in this process, read each appended event three times over: one
 * query that found it, one that found nothing after it (Axon reads batch after batch until one comes back empty,
 * and an empty batch adds a {@code SELECT min(globalIndex)} ahead of the token), and, since it found something, a
 * whole read again that found nothing either: three transactions and five statements per wake-up, about 2.5
 * transactions per HTTP call of the quickstart. Here a following read:
 * <ul>
 *   <li>reads one batch: fewer events than a batch means it reached the end of the store (events further on, behind
 *   a jump in the global index of more than a batch, come with the next read);</li>
 *   <li>goes to the database only if an append was committed in this process since the last read began
 *   ({@link #appendCommitted()}), or the last read did not reach the end, or half the poll interval has passed (the
 *   producer waits the whole interval after a read that found nothing: that wait is the poll for other processes'
 *   events and for late commits filling gaps, as before). Otherwise it finds nothing without asking;</li>
 *   <li>once at the end, reads again for this process's appends at most every {@code appendReadInterval}: appends
 *   committed in between are read together, a burst costs one transaction per interval rather than per append. An
 *   append after a quiet spell is read at once.</li>
 * </ul>
 * Every read that goes to the database is Axon's own (gaps of the token looked up again, gap cleaning, the extended
 * gap check), so the events read, their order and their tokens are Axon's: what changes is only when it reads. An
 * append is counted after its transaction committed, and the count is taken before the read begins, so a read that
 * is skipped can only miss events committed by another process or connection, which the poll finds.
 */
public class StoreFollowingEngine extends JdbcEventStorageEngine {

    private final AtomicLong appendsCommitted = new AtomicLong();
    private final long pollNanos;
    private final long appendReadNanos;

    // the state of the following read: one producer reads, but its reads are kept in order with each other
    private long appendsSeen = -1;
    private long lastReadStart;
    private boolean reachedEnd;
    private TrackingToken endToken;

    public StoreFollowingEngine(JdbcEventStorageEngine.Builder builder, Duration pollInterval, Duration appendReadInterval) {
        super(builder);
        this.pollNanos = pollInterval.toNanos();
        this.appendReadNanos = Math.max(0, appendReadInterval.toNanos());
    }

    /** An append was committed in this process: the next following read goes to the database. */
    public void appendCommitted() {
        appendsCommitted.incrementAndGet();
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken token, boolean following) {
        if (!following) {
            return super.readEventData(token, false);
        }
        return readFollowing(token).stream();
    }

    private synchronized List<? extends TrackedEventData<?>> readFollowing(TrackingToken token) {
        boolean atEnd = reachedEnd && Objects.equals(token, endToken);
        long sinceRead = System.nanoTime() - lastReadStart;
        long appends = appendsCommitted.get();
        if (atEnd && appends == appendsSeen && sinceRead < pollNanos / 2) {
            return List.of();
        }
        if (atEnd && sinceRead < appendReadNanos) {
            pause(appendReadNanos - sinceRead);
            appends = appendsCommitted.get();
        }
        appendsSeen = appends;
        lastReadStart = System.nanoTime();
        List<? extends TrackedEventData<?>> batch = fetchTrackedEvents(token, batchSize());
        reachedEnd = batch.size() < batchSize();
        endToken = batch.isEmpty() ? token : batch.get(batch.size() - 1).trackingToken();
        return batch;
    }

    private static void pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException stopping) {
            // the store shutting down: read now, the producer stops at its next wait
            Thread.currentThread().interrupt();
        }
    }
}
