package io.masterflow.query.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The event store as the query processors read it (their {@code source} in query-side.yml). A pooled processor's
 * coordinator that has caught up looks for new events again after 500 ms unless its stream can call it back, and
 * the embedded (JDBC) event store's streams cannot: half a second of lag on average, for every event. These streams
 * call the coordinator back every {@code masterflow.processors.idle-poll-interval}; it then only peeks at the
 * store's in-memory window of recent events (the store's own producer reads the database, woken at once by an
 * append in this process).
 */
@Component(PromptEventSource.BEAN)
public class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    static final String BEAN = "queryEventSource";

    private final EventStore events;
    private final long intervalMillis;
    private final ScheduledExecutorService caller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "query-event-source");
        thread.setDaemon(true);
        return thread;
    });

    public PromptEventSource(EventStore events,
                             @Value("${masterflow.processors.idle-poll-interval:25ms}") Duration interval) {
        this.events = events;
        this.intervalMillis = Math.max(1, interval.toMillis());
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
    public void close() {
        caller.shutdownNow();
    }

    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile ScheduledFuture<?> callback;

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

        /**
         * A stream that calls back by itself (Axon Server's) keeps doing so; otherwise the callback runs at the
         * interval. It only schedules a coordination task of the coordinator's own: safe from another thread.
         */
        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            cancelCallback();
            if (delegate.setOnAvailableCallback(callback)) {
                return true;
            }
            this.callback = caller.scheduleWithFixedDelay(() -> {
                try {
                    callback.run();
                } catch (RuntimeException stopping) {
                    // a coordinator shutting down refuses the task; an exception would end the calls for good
                }
            }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
            return true;
        }

        @Override
        public void close() {
            cancelCallback();
            delegate.close();
        }

        private void cancelCallback() {
            ScheduledFuture<?> scheduled = callback;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
