package io.masterflow.query.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Idle coordinators are called once a batch has had time to fill: events arriving one by one within the fill wait
 * make one call (one batch per processor), and a burst of {@link PromptEventSource#FILLED} events calls at once.
 */
class PromptEventSourceFillTest {

    private final Head head = new Head();
    private final EventStore events = mock(EventStore.class);
    private final List<Long> calls = new CopyOnWriteArrayList<>();

    @Test
    void events_arriving_within_the_fill_wait_make_one_call() throws Exception {
        try (PromptEventSource source = source(Duration.ofMillis(400))) {
            long first = System.nanoTime();
            for (int event = 0; event < 3; event++) {
                head.arrive(1);
                Thread.sleep(50);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
            Thread.sleep(600);
            assertThat(calls).as("one call for the three arrivals").hasSize(1);
            assertThat(calls.get(0) - first).as("called after the fill wait").isGreaterThanOrEqualTo(Duration.ofMillis(350).toNanos());
        }
    }

    @Test
    void a_full_batch_calls_without_waiting() throws Exception {
        try (PromptEventSource source = source(Duration.ofMinutes(1))) {
            head.arrive(PromptEventSource.FILLED);
            await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
        }
    }

    private PromptEventSource source(Duration fillWait) {
        BlockingStream<TrackedEventMessage<?>> coordinators = mock(BlockingStream.class);
        when(coordinators.setOnAvailableCallback(any())).thenReturn(false);
        when(events.openStream(any())).thenReturn(coordinators, head);
        PromptEventSource source = new PromptEventSource(events, Duration.ofHours(1), fillWait);
        source.openStream(null).setOnAvailableCallback(() -> calls.add(System.nanoTime()));
        return source;
    }

    /** The store's window as the watcher follows it: arrivals are put in by the test. */
    private static final class Head implements BlockingStream<TrackedEventMessage<?>> {

        private final LinkedBlockingQueue<TrackedEventMessage<?>> arrived = new LinkedBlockingQueue<>();

        void arrive(int count) {
            for (int event = 0; event < count; event++) {
                arrived.add(mock(TrackedEventMessage.class));
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(arrived.peek());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (arrived.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                Thread.sleep(Math.min(5, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return arrived.take();
        }

        @Override
        public void close() {
        }
    }
}
