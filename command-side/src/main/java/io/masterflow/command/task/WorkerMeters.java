package io.masterflow.command.task;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * The meters of tasks and the workers (agents) doing them, tagged by flow type and phase, never by worker, account or
 * flow. Counted by the node that leased the task or took the report, after the transaction that did so committed.
 */
@Component
public class WorkerMeters {

    private static final Duration[] WAITS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};
    private static final Duration[] RESPONSES = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4)};

    private final MeterRegistry registry;
    private final Clock clock;

    public WorkerMeters(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A task was leased, by a worker or an in-process handler, after waiting this long since its attempt started. */
    void leased(String flowType, String phase, Duration waited) {
        Timer.builder("masterflow.task.wait")
                .description("time a phase attempt's task waited to be leased by a worker or an in-process handler")
                .tags("flow_type", flowType, "phase", phase)
                .serviceLevelObjectives(WAITS)
                .register(registry)
                .record(waited);
    }

    /**
     * A worker's report on its task's attempt (outcome {@code completed} or {@code failed}) was taken: called once the
     * report's command has committed, so a report the flow refused counts nothing.
     */
    public void reported(TaskRecord task, String outcome) {
        Duration sinceClaim = task.claimedAt() == null ? Duration.ZERO : Duration.between(task.claimedAt(), clock.instant());
        reported(task.flowType(), task.phase(), outcome, sinceClaim.isNegative() ? Duration.ZERO : sinceClaim);
    }

    private void reported(String flowType, String phase, String outcome, Duration sinceClaim) {
        Counter.builder("masterflow.worker.reports")
                .description("reports of external workers on their tasks, by outcome")
                .tags("flow_type", flowType, "phase", phase, "outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("masterflow.worker.report.latency")
                .description("time from a worker's claim of a task to its report")
                .tags("flow_type", flowType, "phase", phase)
                .serviceLevelObjectives(RESPONSES)
                .register(registry)
                .record(sinceClaim);
    }

    void leaseExpired(String flowType, String phase) {
        Counter.builder("masterflow.worker.lease.expiries")
                .description("tasks taken from a worker (or node) that stopped heartbeating: the attempt failed as retryable")
                .tags("flow_type", flowType, "phase", phase)
                .register(registry)
                .increment();
    }
}
