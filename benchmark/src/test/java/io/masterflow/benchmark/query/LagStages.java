package io.masterflow.benchmark.query;

import io.masterflow.benchmark.Percentiles;
import io.masterflow.query.axon.QueryProcessors;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.axonframework.common.Registration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * Where the live lag of the benchmark goes, per sample: from the append's commit to the first handler call of the
 * projections batch that holds the event (the event store's stream, the coordinator, a worker free to take it), on
 * to the event's own handler call (the events before it in the batch), to the batch's commit (the rest of the batch,
 * the read-model writes and the token), to the waiting requests being handed the version (the projection's commit
 * hook) and to the answer arriving over HTTP. Stamped by a handler interceptor on the running processor, so the
 * application is measured as it is configured.
 */
final class LagStages implements AutoCloseable {

    private static final String BATCH = LagStages.class.getName() + ".batch";

    /**
     * One sample's stages in nanoseconds; a stage not seen (the answer came from a read of the table) is -1.
     * {@code toSent} (commit to the request leaving the harness) runs beside the others, not before them.
     */
    record Sample(long total, long toBatch, long inBatch, long toCommit, long toNotified, long toAnswer, int batchSize,
                  long toSent, long committedAt, StallWatch.ServerTime server) {

        /** From the waiters notified to the request leaving Tomcat (the request thread woken, the answer written). */
        long toServerOut() {
            return toNotified < 0 || server == null ? -1 : server.out() - (committedAt + toBatch + inBatch + toCommit + toNotified);
        }

        /** From the request leaving Tomcat to the harness's HTTP client handing over the answer. */
        long toClient() {
            return server == null ? -1 : committedAt + total - server.out();
        }
    }

    private static final class Batch {
        final long began = System.nanoTime();
        final int size;
        volatile long committed;
        volatile long notified;

        Batch(int size) {
            this.size = size;
        }
    }

    private record Handled(Batch batch, long at) {
    }

    private final Map<String, Handled> handled = new ConcurrentHashMap<>();
    private final Registration interceptor;
    /** Threads waiting for a pooled connection, looked at every millisecond: most at once, and looks with any. */
    private final HikariPoolMXBean pool;
    private final ScheduledExecutorService poolWatch = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger mostAwaitingConnection = new AtomicInteger();
    private final AtomicLong looks = new AtomicLong();
    private final AtomicLong looksWithWaiters = new AtomicLong();

    private LagStages(ConfigurableApplicationContext app) {
        this.interceptor = app.getBean(EventProcessingConfiguration.class).eventProcessor(QueryProcessors.PROJECTIONS)
                .orElseThrow().registerHandlerInterceptor(this::stamp);
        this.pool = app.getBean(HikariDataSource.class).getHikariPoolMXBean();
        poolWatch.scheduleAtFixedRate(() -> {
            int awaiting = pool.getThreadsAwaitingConnection();
            looks.incrementAndGet();
            if (awaiting > 0) {
                looksWithWaiters.incrementAndGet();
                mostAwaitingConnection.accumulateAndGet(awaiting, Math::max);
            }
        }, 1, 1, TimeUnit.MILLISECONDS);
    }

    /** How the connection pool did during the run. */
    String poolReport() {
        return String.format("connection pool of %d: threads waiting for a connection in %.1f%% of 1 ms looks, at most %d at once",
                pool.getTotalConnections(), 100.0 * looksWithWaiters.get() / Math.max(1, looks.get()), mostAwaitingConnection.get());
    }

    static LagStages watch(ConfigurableApplicationContext app) {
        return new LagStages(app);
    }

    static String key(String aggregate, long sequence) {
        return aggregate + '/' + sequence;
    }

    private Object stamp(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        UnitOfWork<?> root = unitOfWork.root();
        Batch batch = root.getOrComputeResource(BATCH, name -> {
            Batch started = new Batch(root instanceof BatchingUnitOfWork<?> events ? events.getMessages().size() : 1);
            // the transaction's own commit handler was registered when the batch began: this one runs after it
            root.onCommit(committing -> started.committed = System.nanoTime());
            // after-commit handlers run last-registered first: the projection's (registered by its first handler
            // call, after this interceptor) hands the versions to the waiting requests before this one runs
            root.afterCommit(committed -> started.notified = System.nanoTime());
            return started;
        });
        if (unitOfWork.getMessage() instanceof DomainEventMessage<?> event) {
            handled.put(key(event.getAggregateIdentifier(), event.getSequenceNumber()), new Handled(batch, System.nanoTime()));
        }
        return chain.proceed();
    }

    Sample sample(String event, long committed, long sent, long answered, StallWatch.ServerTime server) {
        Handled seen = handled.get(event);
        if (seen == null) {
            return new Sample(answered - committed, -1, -1, -1, -1, -1, 0, sent - committed, committed, server);
        }
        Batch batch = seen.batch();
        long notified = batch.notified;
        return new Sample(answered - committed, batch.began - committed, seen.at() - batch.began,
                batch.committed - seen.at(), notified == 0 ? -1 : notified - batch.committed,
                notified == 0 ? -1 : answered - notified, batch.size, sent - committed, committed, server);
    }

    @Override
    public void close() {
        interceptor.cancel();
        poolWatch.shutdownNow();
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    void report(List<Sample> samples, long gcMillis, StallWatch watch, BiConsumer<String, Object[]> report) {
        poolWatch.shutdownNow();
        record Stage(String name, ToLongFunction<Sample> nanos) {
        }
        List<Stage> stages = List.of(new Stage("commit->batch", Sample::toBatch), new Stage("in batch", Sample::inBatch),
                new Stage("->batch commit", Sample::toCommit), new Stage("->notified", Sample::toNotified),
                new Stage("->answer", Sample::toAnswer), new Stage("(of it: ->out of Tomcat", Sample::toServerOut),
                new Stage("->client has it)", Sample::toClient), new Stage("(beside them: commit->request sent", Sample::toSent));
        StringBuilder line = new StringBuilder("  stages (projections), p50 / p99 of each on its own:");
        for (Stage stage : stages) {
            List<Long> values = new ArrayList<>(samples.stream().mapToLong(stage.nanos()).filter(nanos -> nanos >= 0).boxed().toList());
            values.sort(null);
            line.append(String.format(" %s %.1f / %.1f ms;", stage.name(), Percentiles.nearestRank(values, 0.50) / 1e6, Percentiles.nearestRank(values, 0.99) / 1e6));
        }
        List<Long> sizes = new ArrayList<>(samples.stream().map(sample -> (long) sample.batchSize()).toList());
        sizes.sort(null);
        report.accept("%s) batch of the sample p50 %.0f, p99 %.0f events; GC pauses during the run %d ms; %s%n",
                new Object[]{line, Percentiles.nearestRank(sizes, 0.50), Percentiles.nearestRank(sizes, 0.99), gcMillis, poolReport()});
        List<Sample> slowest = samples.stream().sorted(Comparator.comparingLong(Sample::total).reversed())
                .limit(Math.max(5, samples.size() / 100)).toList();
        report.accept("  the slowest 1%% (ms: total = commit->batch + in batch + ->batch commit + ->notified + ->answer (->out of Tomcat + "
                + "->client) [batch size; request sent after]), when (UTC, the append's commit), and during its longest stage:%n", new Object[0]);
        List<StallWatch.Safepoint> safepoints = watch.safepointsSeen();
        for (Sample sample : slowest) {
            report.accept("    %6.1f = %6.1f + %5.1f + %6.1f + %5.1f + %5.1f (%5.1f + %5.1f) [%d; %.1f] at %s%n", new Object[]{sample.total() / 1e6,
                    sample.toBatch() / 1e6, sample.inBatch() / 1e6, sample.toCommit() / 1e6, sample.toNotified() / 1e6,
                    sample.toAnswer() / 1e6, sample.toServerOut() / 1e6, sample.toClient() / 1e6, sample.batchSize(),
                    sample.toSent() / 1e6, watch.clock(sample.committedAt())});
            long[] bounds = {sample.toBatch(), sample.inBatch(), sample.toCommit(), sample.toNotified(), sample.toServerOut(), sample.toClient()};
            String[] names = {"commit->batch", "in batch", "->batch commit", "->notified", "->out of Tomcat", "->client"};
            long from = sample.committedAt();
            int longest = -1;
            long longestFrom = from;
            for (int stage = 0; stage < bounds.length; stage++) {
                if (bounds[stage] < 0) {
                    continue;
                }
                if (longest < 0 || bounds[stage] > bounds[longest]) {
                    longest = stage;
                    longestFrom = from;
                }
                from += bounds[stage];
            }
            if (longest >= 0) {
                report.accept("           %s %s-%s: %s%n", new Object[]{names[longest], watch.clock(longestFrom),
                        watch.clock(longestFrom + bounds[longest]), watch.during(longestFrom, longestFrom + bounds[longest], safepoints)
                                + watch.threadsDuring(longestFrom, longestFrom + bounds[longest])});
            }
        }
    }

}
