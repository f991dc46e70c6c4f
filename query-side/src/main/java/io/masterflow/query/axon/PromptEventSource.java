package io.masterflow.query.axon;

import org.axonframework.common.io.IOUtils;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The event store as the query processors read it (their {@code source} in query-side.yml). A pooled processor's
 * coordinator that has caught up looks for new events again after 500 ms unless its stream can call it back, and
 * the embedded (JDBC) event store's streams cannot: half a second of lag on average, for every event. Here one
 * thread follows the store's in-memory window of recent events (which the store's own producer fills, woken at once
 * by an append in this process) and calls every waiting coordinator back as soon as new events are in it, or
 * after {@code masterflow.processors.idle-poll-interval} without any; a coordinator then peeks at its own stream.
 */
@Component(PromptEventSource.BEAN)
public class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    static final String BEAN = "queryEventSource";

    private static final Logger logger = LoggerFactory.getLogger(PromptEventSource.class);
    /** Events skipped in one go before the coordinators are called: a burst must not hold their call back. */
    private static final int MOST_SKIPPED = 1_000;

    /** Events enough for a batch: once this many have arrived, the coordinators are called without waiting longer. */
    static final int FILLED = 200;

    private final EventStore events;
    private final int intervalMillis;
    private final long fillNanos;
    /** The coordinators whose streams cannot call them back themselves. */
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private Thread watcher;
    private boolean closed;

    public PromptEventSource(EventStore events,
                             @Value("${masterflow.processors.idle-poll-interval:25ms}") Duration interval,
                             @Value("${masterflow.processors.batch-fill-wait:40ms}") Duration fillWait) {
        this.events = events;
        this.intervalMillis = (int) Math.max(1, interval.toMillis());
        this.fillNanos = Math.max(0, fillWait.toNanos());
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new Stream(events.openStream(token));
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return events.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return events.createTokenSince(duration);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    /** Started with the first stream that needs it: with Axon Server's streams, which call back themselves, never. */
    private synchronized void startWatching() {
        if (watcher == null && !closed) {
            watcher = new Thread(this::watch, "query-event-source");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    /**
     * Follows the head of the store through a stream of its own, which the store's producer signals as it adds
     * events to the shared window (no query of its own once it has caught up), and calls the coordinators after
     * each arrival or interval. Their own streams are not touched here: a stream is not safe to share between
     * threads, and the callback only schedules a coordination task of the coordinator's own.
     * <p>
     * An arrival calls them once {@code masterflow.processors.batch-fill-wait} has passed since it, or as soon as
     * {@link #FILLED} events are in: under light traffic events come one by one, and each would otherwise be a batch of
     * its own in every processor (a transaction, a token update and a commit each); waiting lets the batch fill. A
     * processor still busy when events arrive reads them as it finishes its batch, without this wait.
     */
    private void watch() {
        BlockingStream<TrackedEventMessage<?>> head = null;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (head == null) {
                    head = events.openStream(events.createHeadToken());
                }
                if (head.hasNextAvailable(intervalMillis, TimeUnit.MILLISECONDS)) {
                    fill(head);
                }
                callbacks.forEach(PromptEventSource::call);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException failure) {
                // the database away, say: the coordinators are still called at the interval, and look themselves
                logger.debug("Following the head of the event store failed; following it again", failure);
                IOUtils.closeQuietly(head);
                head = null;
                callbacks.forEach(PromptEventSource::call);
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        IOUtils.closeQuietly(head);
    }

    /** Skips what has arrived and what arrives within the fill wait, up to {@link #FILLED} events. */
    private void fill(BlockingStream<TrackedEventMessage<?>> head) throws InterruptedException {
        long deadline = System.nanoTime() + fillNanos;
        int arrived = 0;
        while (true) {
            for (int skipped = 0; skipped < MOST_SKIPPED && head.hasNextAvailable(); skipped++) {
                head.nextAvailable();
                arrived++;
            }
            long left = deadline - System.nanoTime();
            if (arrived >= FILLED || left <= 0 || !head.hasNextAvailable((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)),
                    TimeUnit.MILLISECONDS) && System.nanoTime() - deadline >= 0) {
                return;
            }
        }
    }

    private static void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException stopping) {
            // a coordinator shutting down refuses the task; the others are still called
        }
    }

    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;

        Stream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        /** A stream that calls back by itself (Axon Server's) keeps doing so; otherwise the watcher calls. */
        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            cancelCallback();
            if (delegate.setOnAvailableCallback(callback)) {
                return true;
            }
            this.callback = callback;
            callbacks.add(callback);
            startWatching();
            return true;
        }

        @Override
        public void close() {
            cancelCallback();
            delegate.close();
        }

        private void cancelCallback() {
            Runnable registered = callback;
            if (registered != null) {
                callbacks.remove(registered);
            }
        }
    }
}
