package io.masterflow.command.task;

import io.masterflow.command.flow.CommandRejection;
import io.masterflow.command.flow.CompletePhase;
import io.masterflow.command.flow.FailPhase;
import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.command.flow.FlowRejected;
import io.masterflow.command.task.PhaseTasks.InProcessTask;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import io.masterflow.security.Caller;
import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs in-process handlers the way an external worker would: it claims their tasks from the task table with a lease
 * (so a node that dies mid-work loses the lease and the attempt is retried, on any node), runs each on the handler
 * pool, keeps the lease while it runs, and reports the outcome to the flow as masterflow itself. It hears at once of
 * tasks made on this node, and looks for others every {@link WorkerProperties#recheck()}.
 */
public class PhaseHandlerRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PhaseHandlerRunner.class);

    private final PhaseHandlers handlers;
    private final PhaseTasks tasks;
    private final FlowCommandSender commands;
    private final WorkerProperties properties;
    private final String nodeId = "node:" + ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID().toString().substring(0, 8);
    private final Semaphore freeThreads;
    private final ExecutorService pool;
    private final ScheduledExecutorService claimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "phase-handler-claims");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean lookScheduled = new AtomicBoolean();

    public PhaseHandlerRunner(PhaseHandlers handlers, PhaseTasks tasks, FlowCommandSender commands, TaskSignals signals,
                              WorkerProperties properties, int threads) {
        this.handlers = handlers;
        this.tasks = tasks;
        this.commands = commands;
        this.properties = properties;
        this.freeThreads = new Semaphore(threads);
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "phase-handler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        signals.subscribe(handler -> {
            if (handler == null || handlers.find(handler).isPresent()) {
                lookSoon();
            }
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        long recheck = properties.recheck().toMillis();
        claimer.scheduleWithFixedDelay(this::lookSafely, 0, recheck, TimeUnit.MILLISECONDS);
        long renew = Math.max(100, properties.leaseDuration().toMillis() / 3);
        claimer.scheduleWithFixedDelay(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
    }

    public String nodeId() {
        return nodeId;
    }

    private void lookSoon() {
        if (lookScheduled.compareAndSet(false, true)) {
            try {
                claimer.execute(this::lookSafely);
            } catch (RejectedExecutionException stopping) {
                // the node is shutting down (a handler finished after the claimer stopped): what is left is claimed
                // by another node, or by this one when it starts again, once the leases run out
                log.debug("Not looking for more tasks: shutting down");
            }
        }
    }

    private void lookSafely() {
        lookScheduled.set(false);
        try {
            claimAndRun();
        } catch (RuntimeException e) {
            log.warn("Claiming tasks for in-process handlers failed; looking again in {}", properties.recheck(), e);
        }
    }

    private void claimAndRun() {
        int free = freeThreads.availablePermits();
        while (free > 0) {
            List<InProcessTask> claimed = tasks.claimInProcess(handlers.names(), nodeId, free);
            if (claimed.isEmpty()) {
                return;
            }
            for (InProcessTask task : claimed) {
                freeThreads.acquireUninterruptibly();
                running.add(task.taskId());
                pool.execute(() -> {
                    try {
                        run(task);
                    } finally {
                        running.remove(task.taskId());
                        freeThreads.release();
                        lookSoon();
                    }
                });
            }
            free = freeThreads.availablePermits();
        }
    }

    private void renewLeases() {
        try {
            tasks.renewAll(List.copyOf(running), nodeId);
        } catch (RuntimeException e) {
            log.warn("Renewing the leases of running handlers failed", e);
        }
    }

    private void run(InProcessTask task) {
        PhaseHandler handler = handlers.find(task.handler()).orElseThrow();
        PhaseWork work = new PhaseWork(FlowId.of(task.flowId()), ClientAccountId.of(task.account()), EngagementId.of(task.engagement()),
                task.flowType(), PhaseName.of(task.phase()), task.attempt(), task.input());
        long began = System.nanoTime();
        PhaseOutcome outcome;
        try {
            outcome = handler.handle(work);
        } catch (Exception | LinkageError e) {
            log.warn("Handler {} failed on attempt {} of phase {} of flow {}", task.handler(), task.attempt(), task.phase(), task.flowId(), e);
            outcome = PhaseOutcome.failed(handler.name() + " failed: " + e, true);
        }
        log.debug("Handler {} took {} on attempt {} of phase {} of flow {}", task.handler(),
                Duration.ofNanos(System.nanoTime() - began), task.attempt(), task.phase(), task.flowId());
        report(task, work, Optional.ofNullable(outcome).orElse(PhaseOutcome.failed(handler.name() + " gave no outcome", true)));
    }

    private void report(InProcessTask task, PhaseWork work, PhaseOutcome outcome) {
        Caller caller = SystemCaller.of("handler:" + task.handler(), task.account(), task.engagement());
        try {
            if (outcome instanceof PhaseOutcome.Completed completed) {
                try {
                    commands.send(new CompletePhase(work.flowId(), work.phase(), work.attempt(), completed.output(),
                            completed.assets(), null), caller, null);
                } catch (CommandExecutionException rejected) {
                    if (reason(rejected) != FlowRejected.Reason.INVALID) {
                        throw rejected;
                    }
                    // an output the phase's validators refuse would be refused again on every retry
                    commands.send(new FailPhase(work.flowId(), work.phase(), work.attempt(), rejected.getMessage(), false, null),
                            caller, null);
                }
            } else if (outcome instanceof PhaseOutcome.Failed failed) {
                commands.send(new FailPhase(work.flowId(), work.phase(), work.attempt(), failed.error(), failed.retryable(), null),
                        caller, null);
            } else {
                tasks.awaitDecision(task.taskId());
            }
        } catch (CommandExecutionException rejected) {
            // the attempt ended meanwhile (timed out, flow deleted): its result no longer matters
            log.info("Outcome of handler {} for attempt {} of phase {} of flow {} was refused: {}", task.handler(), task.attempt(),
                    task.phase(), task.flowId(), rejected.getMessage());
        }
    }

    private static FlowRejected.Reason reason(CommandExecutionException failure) {
        return CommandRejection.of(failure).map(CommandRejection::reason).orElse(null);
    }

    @Override
    public void destroy() {
        claimer.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
