package io.masterflow.query.axon;

import com.zaxxer.hikari.HikariDataSource;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.Nodes;
import io.masterflow.query.support.Tenant;
import io.masterflow.testsupport.TestPostgres;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded event store's producer over {@link StoreFollowingEngine}, on a real database: every committed event
 * reaches a stream once, in the order of the global index (a gap's late event where the gap was), whether it was
 * appended here from several threads at once, by another process, in a transaction that commits late or one that
 * rolls back, or in a transaction with other writes; and the producer reads the database once per wake-up, and once
 * per interval under a burst.
 */
class StoreFollowingIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Tenant tenant = Tenant.fresh();
    private final String database = TestPostgres.eventStoreDatabase("following_" + tenant.account().toString().substring(0, 8));
    private final HikariDataSource dataSource = dataSource(database);
    /** Statements of this store reading events after a token (the fetch, and Axon's look ahead when it finds none). */
    private final AtomicInteger eventReads = new AtomicInteger();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int each = opened.size() - 1; each >= 0; each--) {
            opened.get(each).close();
        }
        dataSource.close();
    }

    @Test
    void events_appended_by_several_threads_and_another_process_arrive_once_each_in_global_index_order() throws Exception {
        EventStore store = followingStore(Duration.ofMillis(100), Duration.ofMillis(20));
        EventStore otherProcess = otherProcess();
        BlockingStream<TrackedEventMessage<?>> stream = open(store);
        int threads = 4;
        int perThread = 100;
        ExecutorService appenders = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread <= threads; thread++) {
                EventStore target = thread == threads ? otherProcess : store;
                done.add(appenders.submit(() -> flowOf(target, perThread)));
            }
            for (Future<?> each : done) {
                each.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            appenders.shutdownNow();
        }

        List<TrackedEventMessage<?>> arrived = read(stream, (threads + 1) * perThread);
        assertInStoreOrderOnceEach(arrived);
        assertThat(arrived).hasSize((threads + 1) * perThread);
        Map<String, Long> nextSequence = new HashMap<>();
        for (TrackedEventMessage<?> event : arrived) {
            DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
            long expected = nextSequence.getOrDefault(domainEvent.getAggregateIdentifier(), 0L);
            assertThat(domainEvent.getSequenceNumber()).as("each flow's events in order").isEqualTo(expected);
            nextSequence.put(domainEvent.getAggregateIdentifier(), expected + 1);
        }
        assertThat(nextSequence).hasSize(threads + 1);
        assertThat(nothingMore(stream)).as("nothing delivered twice").isTrue();
    }

    @Test
    void a_rolled_back_append_is_a_gap_passed_over_and_a_late_commit_is_delivered_with_the_next_append_here() throws Exception {
        // no poll to speak of: only this process's appends make the producer read
        EventStore store = followingStore(Duration.ofHours(1), Duration.ofMillis(20));
        BlockingStream<TrackedEventMessage<?>> stream = open(store);
        FlowStory here = new FlowStory(store, tenant, Instant.now()).created("planning", "appended here");
        assertThat(read(stream, 1)).extracting(StoreFollowingIntegrationTest::flowEvent).containsExactly(latest(here));

        try (Connection late = dataSource.getConnection(); Connection rolledBack = dataSource.getConnection()) {
            late.setAutoCommit(false);
            rolledBack.setAutoCommit(false);
            FlowStory lateFlow = new FlowStory(storeOn(late), tenant, Instant.now()).created("planning", "committed late");
            new FlowStory(storeOn(rolledBack), tenant, Instant.now()).created("planning", "rolled back");
            here.then(new PhaseStarted(here.id(), FlowStory.PLANNING_PHASES.get(0).name(), 1, Map.of()));
            List<TrackedEventMessage<?>> pastTheGaps = read(stream, 1);
            assertThat(pastTheGaps).extracting(StoreFollowingIntegrationTest::flowEvent).containsExactly(latest(here));
            assertThat(((GapAwareTrackingToken) pastTheGaps.get(0).trackingToken()).getGaps()).hasSize(2);

            rolledBack.rollback();
            late.commit();
            assertThat(nothingMore(stream)).as("a commit of another connection waits for the next read").isTrue();

            FlowStory after = new FlowStory(store, tenant, Instant.now()).created("planning", "appended after the late commit");
            List<TrackedEventMessage<?>> arrived = read(stream, 2);
            assertThat(arrived).extracting(StoreFollowingIntegrationTest::flowEvent)
                    .containsExactly(latest(lateFlow), latest(after));
            assertThat(((GapAwareTrackingToken) arrived.get(1).trackingToken()).getGaps())
                    .as("only the rolled-back append's index is still a gap").hasSize(1);
            assertThat(nothingMore(stream)).as("the rolled-back event never arrives").isTrue();
        }
    }

    @Test
    void an_append_in_a_transaction_with_other_writes_is_read_once_that_transaction_commits() throws Exception {
        EventStore store = followingStore(Duration.ofHours(1), Duration.ofMillis(20), new SpringDataSourceConnectionProvider(dataSource));
        BlockingStream<TrackedEventMessage<?>> stream = open(store);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        FlowStory flow = transaction.execute(status -> {
            FlowStory appended = new FlowStory(store, tenant, Instant.now()).created("planning", "appended with other writes");
            pause(Duration.ofMillis(300)); // the transaction's other writes
            return appended;
        });
        // read before the commit, the event would wait for the next append here or the poll (an hour)
        assertThat(read(stream, 1)).extracting(StoreFollowingIntegrationTest::flowEvent).containsExactly(latest(flow));
    }

    @Test
    void an_append_to_an_idle_store_is_read_once() throws Exception {
        EventStore store = followingStore(Duration.ofHours(1), Duration.ofMillis(20));
        BlockingStream<TrackedEventMessage<?>> stream = open(store);
        FlowStory flow = new FlowStory(store, tenant, Instant.now()).created("planning", "warm-up");
        read(stream, 1);
        Thread.sleep(300);

        eventReads.set(0);
        flow.then(new PhaseStarted(flow.id(), FlowStory.PLANNING_PHASES.get(0).name(), 1, Map.of()));
        assertThat(read(stream, 1)).extracting(StoreFollowingIntegrationTest::flowEvent).containsExactly(latest(flow));
        Thread.sleep(300);
        // Axon's own producer: the read that finds it, the read after it that finds nothing, and the same again as
        // it found something, each empty read with a look ahead: five statements in three transactions
        assertThat(eventReads.get()).isEqualTo(1);
    }

    @Test
    void a_burst_of_appends_is_read_at_most_once_per_interval() throws Exception {
        Duration interval = Duration.ofMillis(50);
        EventStore store = followingStore(Duration.ofHours(1), interval);
        BlockingStream<TrackedEventMessage<?>> stream = open(store);
        FlowStory flow = new FlowStory(store, tenant, Instant.now()).created("planning", "warm-up");
        read(stream, 1);
        Thread.sleep(300);

        eventReads.set(0);
        int appends = 200;
        long start = System.nanoTime();
        for (int event = 0; event < appends; event++) {
            flow.then(new PhaseStarted(flow.id(), FlowStory.PLANNING_PHASES.get(0).name(), event + 1, Map.of()));
        }
        assertThat(read(stream, appends)).hasSize(appends);
        long elapsed = System.nanoTime() - start;
        assertThat(eventReads.get())
                .as("%d appends in %d ms", appends, TimeUnit.NANOSECONDS.toMillis(elapsed))
                .isLessThanOrEqualTo((int) (elapsed / interval.toNanos()) + 2)
                .isLessThan(appends / 4);
    }

    /** Each event's token moves past the previous one: a higher index, or a gap of the previous token filled. */
    private static void assertInStoreOrderOnceEach(List<TrackedEventMessage<?>> events) {
        Set<String> identifiers = new HashSet<>();
        GapAwareTrackingToken previous = null;
        for (TrackedEventMessage<?> event : events) {
            assertThat(identifiers.add(event.getIdentifier())).as("%s arrived once", event.getIdentifier()).isTrue();
            GapAwareTrackingToken token = (GapAwareTrackingToken) event.trackingToken();
            if (previous != null) {
                assertThat(token.covers(previous) && !previous.covers(token))
                        .as("%s after %s", token, previous).isTrue();
                assertThat(token.getIndex() > previous.getIndex() || previous.getGaps().contains(position(previous, token)))
                        .as("%s fills a gap of %s or comes after it", token, previous).isTrue();
            }
            previous = token;
        }
    }

    /** The global index of the event that moved the token from previous to token. */
    private static long position(GapAwareTrackingToken previous, GapAwareTrackingToken token) {
        if (token.getIndex() > previous.getIndex()) {
            return token.getIndex();
        }
        Set<Long> filled = new HashSet<>(previous.getGaps());
        filled.removeAll(token.getGaps());
        assertThat(filled).hasSize(1);
        return filled.iterator().next();
    }

    private void flowOf(EventStore store, int events) {
        FlowStory flow = new FlowStory(store, tenant, Instant.now()).created("planning", "concurrent");
        for (int event = 1; event < events; event++) {
            flow.then(new PhaseStarted(flow.id(), FlowStory.PLANNING_PHASES.get(0).name(), event, Map.of()));
        }
    }

    private List<TrackedEventMessage<?>> read(BlockingStream<TrackedEventMessage<?>> stream, int count) throws InterruptedException {
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                events.add(stream.nextAvailable());
            }
        }
        assertThat(events).as("events within %s", WAIT).hasSize(count);
        return events;
    }

    private static boolean nothingMore(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        return !stream.hasNextAvailable(500, TimeUnit.MILLISECONDS);
    }

    /**
     * A stream of the empty store that has looked once and found nothing: it follows the producer's window from
     * then on (a stream that finds events each time it looks keeps reading the database itself, as Axon does for a
     * stream behind the head).
     */
    private BlockingStream<TrackedEventMessage<?>> open(EventStore store) throws InterruptedException {
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null);
        opened.add(stream);
        assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();
        return stream;
    }

    private EventStore followingStore(Duration pollInterval, Duration appendReadInterval) {
        return followingStore(pollInterval, appendReadInterval, dataSource::getConnection);
    }

    /** The store as the query side builds it, reading through a connection provider that counts its reads. */
    private EventStore followingStore(Duration pollInterval, Duration appendReadInterval, ConnectionProvider connections) {
        ConnectionProvider counting = () -> counted(connections.getConnection());
        StoreFollowingEngine engine = new StoreFollowingEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(counting)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .dataType(byte[].class), pollInterval, appendReadInterval);
        AppendAwareEventStore store = new AppendAwareEventStore(EmbeddedEventStore.builder()
                .storageEngine(engine)
                .fetchDelay(pollInterval.toMillis())
                .timeUnit(TimeUnit.MILLISECONDS), engine::appendCommitted);
        opened.add(store::shutDown);
        return store;
    }

    /** Another process appending: nothing in this one hears of its appends. */
    private EventStore otherProcess() {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(Nodes.eventStorage(dataSource)).build();
        opened.add(store::shutDown);
        return store;
    }

    /** Appends in the connection's own transaction, which the test commits or rolls back. */
    private EventStore storeOn(Connection connection) {
        Connection kept = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, arguments) -> method.getName().equals("close") ? null : invoke(connection, method, arguments));
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(() -> kept)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .dataType(byte[].class)
                .build();
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
        opened.add(store::shutDown);
        return store;
    }

    private Connection counted(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("prepareStatement") && arguments[0] instanceof String sql
                            && sql.startsWith("SELECT") && sql.contains("globalIndex >")) {
                        eventReads.incrementAndGet();
                    }
                    return invoke(connection, method, arguments);
                });
    }

    private static Object invoke(Connection connection, java.lang.reflect.Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(connection, arguments);
        } catch (InvocationTargetException failure) {
            throw failure.getCause();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(stopped);
        }
    }

    private static HikariDataSource dataSource(String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(TestPostgres.user());
        dataSource.setPassword(TestPostgres.password());
        dataSource.setMaximumPoolSize(12);
        return dataSource;
    }

    /** Which flow's which event: the flow and the event's sequence number, its version. */
    private static String latest(FlowStory flow) {
        return flow.idText() + "@" + flow.version();
    }

    private static String flowEvent(TrackedEventMessage<?> event) {
        DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
        return domainEvent.getAggregateIdentifier() + "@" + domainEvent.getSequenceNumber();
    }
}
