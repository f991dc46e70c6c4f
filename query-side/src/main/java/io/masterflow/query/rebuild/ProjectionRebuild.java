package io.masterflow.query.rebuild;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.masterflow.query.axon.ProcessorFailures;
import io.masterflow.query.axon.ProcessorProgress;
import io.masterflow.query.axon.ProjectionWrites;
import io.masterflow.query.axon.PromptCoordinatorExecutor;
import io.masterflow.query.axon.QueryProcessors;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One rebuild of one projection: a second pooled processor (the projection's name plus {@value #SUFFIX}, fresh
 * tokens) runs a second instance of the projection over empty copies of its tables, in a schema of its own, reached
 * through a pool whose connections have that schema as their only search path. The live processor and tables keep
 * answering meanwhile. Once the rebuild has caught up, the live processor (which carries the other projections too)
 * stops on this node, the rebuild goes on until it has passed every event the live one could have handled, and the
 * copies take the live tables' place in one transaction, as long as no live token is ahead of the rebuild; the live
 * processor then starts again from its own tokens. Its first batches may hand the new tables events the replay wrote
 * already: every projection writes an event twice as it writes it once (versions, keys), so that changes nothing.
 */
final class ProjectionRebuild {

    static final String SUFFIX = ".rebuild";

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** What the rebuild works with on this node; the same for every rebuild. */
    record Context(DataSource liveDataSource, RebuildTables tables, StreamableMessageSource<TrackedEventMessage<?>> events,
                   Serializer serializer, Duration claimTimeout, String node, Duration switchWait, Clock clock,
                   ProcessorFailures failures) {
    }

    /** The live processor's settings the rebuild copies, so that it batches the work the same way. */
    record Settings(int segments, int batchSize, int threads) {

        /**
         * The rebuild's own segments: as many as it has worker threads when the live ones split evenly into them.
         * Axon's coordinator puts every event into every segment's queue and counts each queue (up to 1,024 entries)
         * before reading the next event, a fifth of a replay's CPU with four segments; two threads need only two.
         * The switch hands rebuild segment {@code s} to every live segment {@code k} with {@code k % replaySegments
         * == s}: with a power of two, a flow of live segment {@code k} was in that one.
         */
        int replaySegments() {
            if (Integer.bitCount(segments) != 1) {
                return segments;
            }
            return Math.min(segments, Integer.highestOneBit(Math.max(1, threads)));
        }
    }

    private final RebuildableProjection projection;
    private final StreamingEventProcessor live;
    private final Settings settings;
    private final Context context;
    private final String schema;
    private final String liveSchema;
    private final String name;
    private final Instant startedAt;
    private final Long target;

    private volatile RebuildProgress.State state = RebuildProgress.State.REPLAYING;
    private volatile Instant finishedAt;
    private volatile String error;
    private volatile boolean cancelled;

    private HikariDataSource pool;
    private PooledStreamingEventProcessor processor;
    private ScheduledExecutorService coordinator;
    private ScheduledExecutorService workers;

    ProjectionRebuild(RebuildableProjection projection, StreamingEventProcessor live, Settings settings, Context context) {
        this.projection = projection;
        this.live = live;
        this.settings = settings;
        this.context = context;
        this.name = projection.processor() + SUFFIX;
        this.schema = "rebuild_" + projection.processor().replaceAll("[^A-Za-z0-9]", "_");
        this.liveSchema = context.tables().liveSchema();
        this.startedAt = context.clock().instant();
        this.target = head(context.events());
    }

    /** Copies the tables and starts the replay; fails (leaving nothing behind) when the tables cannot be copied. */
    void start() {
        try {
            context.tables().discard(schema, liveSchema, name);
            context.tables().create(schema, liveSchema, projection.tables());
            pool = rebuildPool();
            processor = processor(pool);
            processor.start();
        } catch (RuntimeException e) {
            stopProcessor();
            context.tables().discard(schema, liveSchema, name);
            throw e;
        }
    }

    /** Waits for the replay to catch up, then switches; on any failure the live model stays as it was. */
    void run() {
        try {
            awaitCaughtUp();
            long completing = System.nanoTime();
            context.tables().complete(schema, liveSchema, projection.tables());
            log.info("Rebuild of {} caught up after {}; copies logged and indexed in {} ms", projection.processor(),
                    Duration.between(startedAt, context.clock().instant()), (System.nanoTime() - completing) / 1_000_000);
            do {
                awaitCaughtUp();
            } while (!switched());
            state = RebuildProgress.State.COMPLETED;
            log.info("Projection {} rebuilt and switched over", projection.processor());
        } catch (Exception e) {
            state = RebuildProgress.State.FAILED;
            error = cancelled ? "cancelled" : e.toString();
            if (!cancelled) {
                log.error("Rebuild of projection {} failed; the live read model is unchanged", projection.processor(), e);
            }
            stopProcessor();
            discardQuietly();
        } finally {
            finishedAt = context.clock().instant();
            closePool();
        }
    }

    /** Stops the rebuild; {@link #run()} ends as failed ("cancelled") and leaves nothing behind. */
    void cancel() {
        cancelled = true;
    }

    RebuildProgress progress() {
        return new RebuildProgress(state, startedAt, finishedAt, replayedTo(), target, error);
    }

    /**
     * Stops the live processor on this node and lets the rebuild pass the head of the store as it is then: every
     * event the live model holds is then in the copies too. If that takes too long the live processor starts again
     * and the switch is tried later.
     */
    private boolean switched() throws Exception {
        // one switch at a time: the live processor carries every projection, and two rebuilds would stop and start it
        synchronized (live) {
            state = RebuildProgress.State.SWITCHING;
            live.shutdownAsync().get(context.switchWait().toMillis(), TimeUnit.MILLISECONDS);
            try {
                Long head = head(context.events());
                if (!awaitReplay(status -> head == null || position(status.getCurrentPosition()) != null
                        && position(status.getCurrentPosition()) >= head, context.switchWait())) {
                    log.info("Rebuild of {} did not pass position {} within {}; will try the switch again",
                            projection.processor(), head, context.switchWait());
                    state = RebuildProgress.State.REPLAYING;
                    return false;
                }
                // where the replay stands (its stored tokens may be older: an idle segment stores its own now and then);
                // paused, not ended: should the switch have to wait, the replay goes on from where it is
                long replayed = Objects.requireNonNullElse(replayedTo(), -1L);
                processor.shutDown();
                if (!context.tables().switchOver(schema, liveSchema, projection.tables(), live.getName(), name, replayed)) {
                    // another node's processor went on with the live tables meanwhile
                    processor.start();
                    log.info("Rebuild of {} is behind the live processor {}; will try the switch again", projection.processor(),
                            live.getName());
                    state = RebuildProgress.State.REPLAYING;
                    return false;
                }
                stopProcessor();
                return true;
            } finally {
                live.start();
            }
        }
    }

    private void awaitCaughtUp() throws InterruptedException {
        awaitReplay(status -> status.isCaughtUp() && !status.isErrorState(), null);
    }

    /** Waits until every segment of the rebuild satisfies {@code reached}: forever when {@code limit} is null. */
    private boolean awaitReplay(Predicate<EventTrackerStatus> reached, Duration limit) throws InterruptedException {
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        while (true) {
            if (cancelled) {
                throw new IllegalStateException("cancelled");
            }
            Collection<EventTrackerStatus> segments = processor.processingStatus().values();
            if (segments.size() == settings.replaySegments() && segments.stream().allMatch(reached)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Long replayedTo() {
        PooledStreamingEventProcessor running = processor;
        if (state == RebuildProgress.State.COMPLETED || running == null) {
            return null;
        }
        return running.processingStatus().values().stream()
                .map(status -> position(status.getCurrentPosition()))
                .reduce((a, b) -> a == null || b == null ? null : Math.min(a, b))
                .orElse(null);
    }

    /**
     * Connections that see the rebuild's schema only: the projection's SQL names its tables without a schema and
     * lands in the copies. Nothing else on the path, so a table the projection forgot to declare fails loudly
     * instead of being written live.
     */
    private HikariDataSource rebuildPool() {
        HikariConfig config = new HikariConfig();
        try {
            context.liveDataSource().unwrap(HikariDataSource.class).copyStateTo(config);
        } catch (SQLException notHikari) {
            throw new IllegalStateException("a rebuild needs the application's DataSource to be a Hikari pool", notHikari);
        }
        config.setPoolName(name);
        config.setMinimumIdle(0);
        config.setMaximumPoolSize(settings.threads() + 2);
        config.setRegisterMbeans(false);
        // a batch's commit need not wait for the WAL to reach the disk (a fifth of a rebuild worker's waiting):
        // after a crash a rebuild is never resumed and its unlogged copies are empty anyway, and the switch commits
        // through the live pool, flushing the WAL with every batch before it
        config.setConnectionInitSql("SET search_path TO " + RebuildTables.quote(schema) + "; SET synchronous_commit TO off");
        return new HikariDataSource(config);
    }

    private PooledStreamingEventProcessor processor(DataSource dataSource) {
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        // the token table is the live one, named with its schema: the rebuild's tokens move with its writes, in the
        // same transaction, as the live processor's do
        JdbcTokenStore tokenStore = JdbcTokenStore.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .schema(TokenSchema.builder().setTokenTable(RebuildTables.qualified(liveSchema, QueryProcessors.TOKEN_TABLE)).build())
                .serializer(context.serializer())
                .nodeId(context.node())
                .claimTimeout(context.claimTimeout())
                .build();
        // an event whose rows the copies refuse is left out, as the live processor leaves it in its dead-letter queue
        ProjectionWrites writes = new ProjectionWrites(context.failures(), name, transactions);
        Object handler = projection.handler().apply(ReadModelStore.of(dataSource, transactions, writes));
        coordinator = new PromptCoordinatorExecutor(new AxonThreadFactory("Coordinator[" + name + "]"));
        workers = Executors.newScheduledThreadPool(settings.threads(), new AxonThreadFactory("WorkPackage[" + name + "]"));
        return PooledStreamingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .messageSource(context.events())
                .tokenStore(tokenStore)
                .transactionManager(new SpringTransactionManager(transactions))
                .errorHandler(context.failures().recordingErrorHandler())
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .claimExtensionThreshold(QueryProcessors.claimExtensionThreshold(context.claimTimeout()))
                .initialSegmentCount(settings.replaySegments())
                .batchSize(settings.batchSize())
                .initialToken(StreamableMessageSource::createTailToken)
                .build();
    }

    private void stopProcessor() {
        if (processor != null && processor.isRunning()) {
            processor.shutDown();
        }
        if (coordinator != null) {
            coordinator.shutdownNow();
            workers.shutdownNow();
        }
    }

    private void discardQuietly() {
        try {
            context.tables().discard(schema, liveSchema, name);
        } catch (RuntimeException e) {
            log.warn("Could not drop what the rebuild of {} left (schema {}); the next rebuild drops it", projection.processor(), schema, e);
        }
    }

    private void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    /** The last event's position in the store; null while the store holds none. */
    private static Long head(StreamableMessageSource<?> events) {
        return position(ProcessorProgress.headPosition(events));
    }

    static Long position(OptionalLong position) {
        return position.isPresent() ? position.getAsLong() : null;
    }
}
