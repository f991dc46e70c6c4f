package io.masterflow.query.axon;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.springboot.TokenStoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spreads the query processors' segments over the query-side nodes sharing the database. A pooled processor claims
 * every free segment, so the first node to start would keep them all; every node therefore announces itself in
 * {@code query_node} and releases what it holds beyond its fair share (segments divided by live nodes, rounded up),
 * which the other nodes then claim. A node that stops deletes its row and its processors release their claims, so
 * the others' fair share grows and they take its segments; one that dies stops refreshing its row and loses its
 * claims after the token claim timeout.
 */
@Component
public class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final String node;
    private final Duration interval;
    private final Duration liveness;
    private ScheduledExecutorService scheduler;

    public SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, QueryNode node,
                           TokenStoreProperties tokenStore,
                           @Value("${masterflow.query.balance-interval:5s}") Duration interval) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.node = node.id();
        this.interval = interval;
        this.liveness = tokenStore.getClaimTimeout();
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "segment-balancer"));
        scheduler.scheduleWithFixedDelay(this::balanceQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        scheduler.shutdownNow();
        scheduler = null;
        jdbc.update("DELETE FROM query_node WHERE node_id = ?", node);
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            log.warn("Could not balance the query processors' segments; trying again in {}", interval, e);
        }
    }

    private void balance() {
        jdbc.update("""
                INSERT INTO query_node (node_id, seen_at) VALUES (?, now())
                ON CONFLICT (node_id) DO UPDATE SET seen_at = now()""", node);
        Integer nodes = jdbc.queryForObject("SELECT count(*) FROM query_node WHERE seen_at > now() - make_interval(secs => ?)",
                Integer.class, liveness.toMillis() / 1000.0);
        for (String name : QueryProcessors.PROCESSORS) {
            processing.eventProcessor(name, StreamingEventProcessor.class)
                    .filter(StreamingEventProcessor::isRunning)
                    .ifPresent(processor -> releaseSurplus(processor, Math.max(1, nodes == null ? 1 : nodes)));
        }
    }

    private void releaseSurplus(StreamingEventProcessor processor, int nodes) {
        Integer segments = jdbc.queryForObject("SELECT count(*) FROM " + QueryProcessors.TOKEN_TABLE + " WHERE processorname = ?",
                Integer.class, processor.getName());
        int fairShare = (segments + nodes - 1) / nodes;
        List<Integer> held = processor.processingStatus().keySet().stream().sorted().toList();
        for (int segment : held.subList(Math.min(fairShare, held.size()), held.size())) {
            log.debug("Releasing segment {} of {}: this node holds {} of {} segments and {} nodes share them",
                    segment, processor.getName(), held.size(), segments, nodes);
            processor.releaseSegment(segment);
        }
    }
}
