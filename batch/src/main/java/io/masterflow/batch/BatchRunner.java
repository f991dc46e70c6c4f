package io.masterflow.batch;

import io.masterflow.axon.AxonServerOutage;
import io.masterflow.command.flow.CommandRejection;
import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.events.MetaDataKeys;
import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Works through running batches on every node: leases a few pending items at a time (so nodes share the work and a
 * node that stops gives its lease back by letting it run out), acts on each as the batch's creator, and keeps the
 * outcome in the command's own transaction, so an item is acted on once even when a node stops half-way. It goes at
 * a bounded rate per node: a batch of a hundred thousand flows must not take the service from interactive callers.
 */
public class BatchRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    private final BatchStore store;
    private final FlowCommandSender commands;
    private final BatchProperties properties;
    private final String node;
    private final Clock clock;
    private ScheduledExecutorService executor;
    /** Cleared on stop: the item in hand is finished, the next one left for another node or the next start. */
    private volatile boolean running;

    public BatchRunner(BatchStore store, FlowCommandSender commands, BatchProperties properties, String node, Clock clock) {
        this.store = store;
        this.commands = commands;
        this.properties = properties;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "batch-runner");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runOnce, properties.pollInterval().toMillis(), properties.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Later than the command side's own lifecycle, so the commands have somewhere to go. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    void runOnce() {
        try {
            List<BatchStore.Claimed> items;
            do {
                Instant now = clock.instant();
                items = store.claim(node, properties.claimSize(), now, now.plus(properties.lease()));
                for (BatchStore.Claimed item : items) {
                    if (!running) {
                        // the rest of the lease runs out, and the items come free for whoever works next
                        return;
                    }
                    long started = System.nanoTime();
                    act(item);
                    pace(started);
                }
            } while (!items.isEmpty() && running);
            store.completeFinished(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Batch items could not be worked on now; trying again in {}", properties.pollInterval(), e);
        }
    }

    private void act(BatchStore.Claimed item) {
        Object command = item.operation().command(item.flowId(), item.arguments(), item.expectedVersion());
        try {
            commands.send(command, item.caller(), "batch-" + item.batchId(), Map.of(MetaDataKeys.VIA, "batch:" + item.batchId()),
                    result -> store.finish(item.batchId(), item.flowId(), ItemState.DONE, null, clock.instant()));
        } catch (CommandExecutionException refused) {
            String reason = CommandRejection.of(refused).map(CommandRejection::message).orElse(null);
            if (reason != null) {
                store.finish(item.batchId(), item.flowId(), ItemState.SKIPPED, reason, clock.instant());
            } else {
                failed(item, refused);
            }
        } catch (RuntimeException failure) {
            failed(item, failure);
        }
    }

    private void failed(BatchStore.Claimed item, RuntimeException failure) {
        if (AxonServerOutage.isCauseOf(failure)) {
            // not the flow's fault: tried again when the event store answers
            store.release(item.batchId(), item.flowId());
            throw failure;
        }
        log.warn("Batch {} could not act on flow {}", item.batchId(), item.flowId(), failure);
        store.finish(item.batchId(), item.flowId(), ItemState.FAILED, failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                clock.instant());
    }

    private void pace(long startedNanos) {
        long spacing = Duration.ofSeconds(1).toNanos() / properties.rate();
        long left = spacing - (System.nanoTime() - startedNanos);
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
