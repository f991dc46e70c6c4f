package io.masterflow.query.rebuild;

import io.masterflow.query.axon.ProcessorFailures;
import io.masterflow.query.axon.ProcessorProgress;
import io.masterflow.query.axon.QueryNode;
import io.masterflow.query.axon.QueryProcessors;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Starts rebuilds of the registered projections (one at a time per projection) and reports on every projection. */
@Service
public class ProjectionRebuilds {

    private final Map<String, RebuildableProjection> projections;
    private final EventProcessingConfiguration processing;
    private final EventProcessorProperties processorProperties;
    private final EventStore eventStore;
    private final int rebuildThreads;
    private final JdbcTemplate jdbc;
    private final ProjectionRebuild.Context context;
    private final Map<String, ProjectionRebuild> rebuilds = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    public ProjectionRebuilds(List<RebuildableProjection> projections, EventProcessingConfiguration processing,
                              EventProcessorProperties processorProperties, EventStore eventStore, DataSource dataSource,
                              PlatformTransactionManager transactions, Serializer serializer,
                              TokenStoreProperties tokenStoreProperties, QueryNode node, ProcessorFailures failures,
                              ObjectProvider<EventStorageEngine> storageEngine,
                              @Value("${masterflow.query.rebuild.switch-wait:10s}") Duration switchWait,
                              @Value("${masterflow.query.rebuild.threads:2}") int rebuildThreads) {
        this.projections = projections.stream().collect(Collectors.toMap(RebuildableProjection::processor,
                Function.identity(), (a, b) -> {
                    throw new IllegalStateException("projection " + a.processor() + " is registered twice for rebuilds");
                }, java.util.TreeMap::new));
        this.processing = processing;
        this.processorProperties = processorProperties;
        this.eventStore = eventStore;
        this.rebuildThreads = rebuildThreads;
        this.jdbc = new JdbcTemplate(dataSource);
        this.context = new ProjectionRebuild.Context(dataSource, new RebuildTables(jdbc, new TransactionTemplate(transactions)),
                replaySource(eventStore, storageEngine.getIfAvailable()), serializer, tokenStoreProperties.getClaimTimeout(), node.id(), switchWait, Clock.systemUTC(), failures);
    }

    /**
     * What a rebuild replays: the stored events, each read and deserialized afresh. The event store shares the events
     * it read recently among its live processors, deserialized once, and so with the users they opened to when they
     * were read; a rebuild after an erasure must open them with the keys left (docs/retention.md, "Erasure"). With Axon
     * Server, which has no storage engine here, the event store itself.
     */
    private static StreamableMessageSource<TrackedEventMessage<?>> replaySource(EventStore eventStore, EventStorageEngine storageEngine) {
        if (storageEngine == null) {
            return eventStore;
        }
        return EmbeddedEventStore.builder().storageEngine(storageEngine).optimizeEventConsumption(false).build();
    }

    /** The registered projections, by name. */
    public List<String> names() {
        return List.copyOf(projections.keySet());
    }

    /**
     * Starts rebuilding a projection, in the background once its tables are copied.
     *
     * @throws UnknownProjection    when no projection of that name is registered
     * @throws RebuildAlreadyRunning when one of it is in progress on this node
     */
    public synchronized RebuildProgress start(String name) {
        RebuildableProjection projection = projection(name);
        ProjectionRebuild current = rebuilds.get(name);
        if (current != null && current.progress().inProgress()) {
            throw new RebuildAlreadyRunning(name);
        }
        // the live processor's segments, the projection's own batch size
        EventProcessorProperties.ProcessorSettings settings = processorProperties.getProcessors()
                .getOrDefault(QueryProcessors.processorOf(name), new EventProcessorProperties.ProcessorSettings());
        ProjectionRebuild rebuild = new ProjectionRebuild(projection, liveProcessor(name),
                new ProjectionRebuild.Settings(settings.getInitialSegmentCount() == null ? 1 : settings.getInitialSegmentCount(),
                        projection.replayBatchSize(), rebuildThreads), context);
        rebuild.start();
        rebuilds.put(name, rebuild);
        runner.execute(rebuild::run);
        return rebuild.progress();
    }

    public List<ProjectionStatus> statuses() {
        OptionalLong head = ProcessorProgress.headPosition(eventStore);
        return projections.keySet().stream().map(name -> status(name, head)).toList();
    }

    public ProjectionStatus status(String name) {
        projection(name);
        return status(name, ProcessorProgress.headPosition(eventStore));
    }

    /**
     * Stops a rebuild in progress on this node; its copies and tokens are dropped and the live model stays.
     *
     * @return whether one was in progress
     */
    public boolean cancel(String name) {
        projection(name);
        ProjectionRebuild rebuild = rebuilds.get(name);
        if (rebuild == null || !rebuild.progress().inProgress()) {
            return false;
        }
        rebuild.cancel();
        return true;
    }

    @PreDestroy
    void stop() {
        rebuilds.values().forEach(ProjectionRebuild::cancel);
        runner.shutdown();
    }

    private ProjectionStatus status(String name, OptionalLong head) {
        StreamingEventProcessor live = liveProcessor(name);
        Map<Integer, EventTrackerStatus> claimed = live.processingStatus();
        List<ProjectionStatus.Segment> segments = jdbc.query("SELECT segment, owner FROM " + QueryProcessors.TOKEN_TABLE
                        + " WHERE processorname = ? ORDER BY segment", (row, number) -> {
                    int segment = row.getInt("segment");
                    EventTrackerStatus here = claimed.get(segment);
                    return new ProjectionStatus.Segment(segment, row.getString("owner"), here != null,
                            here == null ? null : ProjectionRebuild.position(here.getCurrentPosition()),
                            here == null ? null : here.isCaughtUp(),
                            here == null || here.getError() == null ? null : here.getError().toString());
                }, QueryProcessors.processorOf(name));
        Long headPosition = ProjectionRebuild.position(head);
        Long lag = headPosition == null ? null : segments.stream()
                .filter(ProjectionStatus.Segment::claimedHere)
                .map(segment -> headPosition - (segment.position() == null ? 0 : segment.position()))
                .max(Comparator.naturalOrder()).orElse(null);
        ProjectionRebuild rebuild = rebuilds.get(name);
        return new ProjectionStatus(name, live.isRunning(), headPosition, lag, segments,
                rebuild == null ? null : rebuild.progress());
    }

    private RebuildableProjection projection(String name) {
        return Optional.ofNullable(projections.get(name)).orElseThrow(() -> new UnknownProjection(name));
    }

    private StreamingEventProcessor liveProcessor(String name) {
        return processing.eventProcessor(QueryProcessors.processorOf(name), StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("projection " + name + " has no streaming processor"));
    }

    public static final class UnknownProjection extends RuntimeException {
        UnknownProjection(String name) {
            super("no rebuildable projection is named '" + name + "'");
        }
    }

    public static final class RebuildAlreadyRunning extends RuntimeException {
        RebuildAlreadyRunning(String name) {
            super("a rebuild of projection '" + name + "' is already in progress");
        }
    }
}
