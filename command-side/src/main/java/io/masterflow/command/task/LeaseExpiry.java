package io.masterflow.command.task;

import io.masterflow.command.flow.FailPhase;
import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker that stops heartbeating (it died, or lost its network) loses its task when the lease runs out, and the
 * attempt fails as retryable, so the phase's retry policy gives it to another worker. Taking the task away and failing
 * the attempt are two steps: a node that dies between them leaves the task EXPIRING, and any node finishes it one
 * lease later (failing an attempt that is already over is refused by the flow and changes nothing).
 */
@Component
public class LeaseExpiry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LeaseExpiry.class);
    private static final int TASKS_PER_LOOK = 100;

    private final PhaseTasks tasks;
    private final FlowCommandSender commands;
    private final TransactionTemplate transactions;
    private final WorkerProperties properties;
    private final WorkerMeters meters;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lease-expiry");
        thread.setDaemon(true);
        return thread;
    });

    public LeaseExpiry(PhaseTasks tasks, FlowCommandSender commands, PlatformTransactionManager transactions, WorkerProperties properties,
                       WorkerMeters meters) {
        this.tasks = tasks;
        this.commands = commands;
        this.transactions = new TransactionTemplate(transactions);
        this.properties = properties;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        long every = properties.leaseCheck().toMillis();
        checker.scheduleWithFixedDelay(() -> {
            try {
                expireLeases();
            } catch (RuntimeException e) {
                log.warn("Looking for expired leases failed; looking again in {}", properties.leaseCheck(), e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Fails the attempts of every task whose lease ran out; returns how many. */
    public int expireLeases() {
        List<TaskRecord> lapsed = transactions.execute(status -> tasks.expireLeases(TASKS_PER_LOOK));
        for (TaskRecord task : lapsed) {
            try {
                commands.send(new FailPhase(FlowId.of(task.flowId()), PhaseName.of(task.phase()), task.attempt(),
                                "the lease of worker " + task.workerId() + " expired at " + task.leaseExpiresAt() + " without a heartbeat",
                                true, null),
                        SystemCaller.of("lease-expiry", task.clientAccountId(), task.engagementId()), null);
                meters.leaseExpired(task.flowType(), task.phase());
            } catch (CommandExecutionException attemptAlreadyOver) {
                log.debug("Lease of task {} expired after its attempt ended: {}", task.taskId(), attemptAlreadyOver.getMessage());
            } catch (RuntimeException e) {
                log.warn("Could not fail the attempt of expired task {}; trying again later", task.taskId(), e);
                continue;
            }
            tasks.expired(task.taskId());
        }
        return lapsed.size();
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }
}
