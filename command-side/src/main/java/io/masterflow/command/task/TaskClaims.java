package io.masterflow.command.task;

import io.masterflow.events.PhaseDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Claims that wait for work (long polls). A claim that finds nothing parks here, holding neither a request thread
 * nor a database connection: one thread looks again for all parked claims when a task is made on this node, and every
 * {@link WorkerProperties#recheck()} for tasks made elsewhere, and answers each claim when it gets tasks or its wait
 * is over. That thread also ends the waits, so a claim is never answered empty after tasks were leased for it.
 */
@Component
public class TaskClaims implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TaskClaims.class);

    private record Waiter(TaskFilter filter, String workerId, int maxTasks, CompletableFuture<List<ClaimedTask>> answer) {
    }

    private final PhaseTasks tasks;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean lookScheduled = new AtomicBoolean();
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "task-claims");
        thread.setDaemon(true);
        return thread;
    });

    public TaskClaims(PhaseTasks tasks, TaskSignals signals, WorkerProperties properties) {
        this.tasks = tasks;
        signals.subscribe(handler -> {
            if (handler == null || PhaseDefinition.EXTERNAL.equals(handler)) {
                lookSoon();
            }
        });
        long recheck = properties.recheck().toMillis();
        looker.scheduleWithFixedDelay(this::lookSafely, recheck, recheck, TimeUnit.MILLISECONDS);
    }

    /** Tasks for the worker now, or as soon as some come within {@code wait}; none when the wait is over. */
    public CompletableFuture<List<ClaimedTask>> claim(TaskFilter filter, String workerId, int maxTasks, Duration wait) {
        List<ClaimedTask> claimed = tasks.claim(filter, workerId, maxTasks);
        if (!claimed.isEmpty() || wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(claimed);
        }
        Waiter waiter = new Waiter(filter, workerId, maxTasks, new CompletableFuture<>());
        waiters.add(waiter);
        looker.schedule(() -> {
            if (waiters.remove(waiter)) {
                waiter.answer().complete(List.of());
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        return waiter.answer();
    }

    private void lookSoon() {
        if (!waiters.isEmpty() && lookScheduled.compareAndSet(false, true)) {
            looker.execute(this::lookSafely);
        }
    }

    private void lookSafely() {
        lookScheduled.set(false);
        try {
            look();
        } catch (RuntimeException e) {
            log.warn("Looking for tasks for waiting claims failed; looking again shortly", e);
        }
    }

    private void look() {
        for (Iterator<Waiter> each = waiters.iterator(); each.hasNext(); ) {
            Waiter waiter = each.next();
            if (waiter.answer().isDone()) {
                each.remove();
                continue;
            }
            List<ClaimedTask> claimed = tasks.claim(waiter.filter(), waiter.workerId(), waiter.maxTasks());
            if (!claimed.isEmpty()) {
                each.remove();
                waiter.answer().complete(claimed);
            }
        }
    }

    @Override
    public void destroy() {
        looker.shutdownNow();
        waiters.forEach(waiter -> waiter.answer().complete(List.of()));
        waiters.clear();
    }
}
