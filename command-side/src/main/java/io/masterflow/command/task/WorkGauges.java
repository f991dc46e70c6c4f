package io.masterflow.command.task;

import io.masterflow.flowtype.FlowTypeRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the work waiting and the workers there are, read from the task and worker tables when scraped:
 * {@code masterflow.tasks.waiting} and {@code masterflow.tasks.oldest.waiting} (seconds) per flow type and runner
 * ({@code worker} for external workers, {@code in-process} for handlers), and {@code masterflow.workers} by health (as
 * the agents list judges it, over its active window). The tables are shared by every command node, so every node
 * reports the same figures: take their max, not their sum. One scrape asks the database at most once per
 * {@link #FRESH_FOR}, whatever the number of gauges.
 */
@Component
public class WorkGauges implements MeterBinder {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private static final String WORKER = "worker";
    private static final String IN_PROCESS = "in-process";

    private record Backlog(long waiting, Instant oldest) {
    }

    private record Snapshot(Instant takenAt, Map<String, Backlog> backlog, Map<Workers.Health, Long> workers) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final WorkerProperties properties;
    private final FlowTypeRegistry flowTypes;
    private volatile Snapshot snapshot;

    public WorkGauges(JdbcTemplate jdbc, Clock clock, WorkerProperties properties, FlowTypeRegistry flowTypes) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.flowTypes = flowTypes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<String> types = flowTypes.latestOfEachType().stream().map(definition -> definition.ref().type()).toList();
        for (String type : types) {
            for (String runner : List.of(WORKER, IN_PROCESS)) {
                String key = type + "/" + runner;
                gauge(registry, "masterflow.tasks.waiting", "phase attempts waiting to be leased (flows paused aside)", null,
                        snapshot -> snapshot.backlog().getOrDefault(key, new Backlog(0, null)).waiting(), type, runner);
                gauge(registry, "masterflow.tasks.oldest.waiting", "how long the oldest task waiting to be leased has waited",
                        "seconds", snapshot -> age(snapshot.backlog().get(key), snapshot.takenAt()), type, runner);
            }
        }
        for (Workers.Health health : Workers.Health.values()) {
            Gauge.builder("masterflow.workers", () -> fresh().workers().getOrDefault(health, 0L))
                    .description("workers heard of within the active window, by health (healthy, late, silent)")
                    .tag("health", health.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<Snapshot> value,
                       String flowType, String runner) {
        Gauge.builder(name, () -> value.applyAsDouble(fresh()))
                .description(description)
                .baseUnit(unit)
                .tags("flow_type", flowType, "runner", runner)
                .register(registry);
    }

    private static double age(Backlog backlog, Instant now) {
        return backlog == null || backlog.oldest() == null ? 0 : Math.max(0, Duration.between(backlog.oldest(), now).toMillis() / 1000.0);
    }

    private synchronized Snapshot fresh() {
        Instant now = clock.instant();
        Snapshot last = snapshot;
        if (last != null && Duration.between(last.takenAt(), now).compareTo(FRESH_FOR) < 0) {
            return last;
        }
        snapshot = new Snapshot(now, backlog(), workers(now));
        return snapshot;
    }

    private Map<String, Backlog> backlog() {
        Map<String, Backlog> backlog = new HashMap<>();
        jdbc.query("""
                        select t.flow_type, t.handler = 'external', count(*), min(t.created_at)
                        from phase_task t join task_flow f on f.flow_id = t.flow_id
                        where t.status = %s and not f.paused
                        group by 1, 2""".formatted(TaskStatus.AVAILABLE.sql()),
                rs -> {
                    backlog.put(rs.getString(1) + "/" + (rs.getBoolean(2) ? WORKER : IN_PROCESS),
                            new Backlog(rs.getLong(3), rs.getTimestamp(4).toInstant()));
                });
        return backlog;
    }

    private Map<Workers.Health, Long> workers(Instant now) {
        Duration lease = properties.leaseDuration();
        Map<Workers.Health, Long> byHealth = new HashMap<>();
        jdbc.query("""
                        select count(*) filter (where last_seen_at >= ?),
                               count(*) filter (where last_seen_at < ? and last_seen_at >= ?),
                               count(*) filter (where last_seen_at < ?)
                        from worker where last_seen_at >= ?""",
                rs -> {
                    byHealth.put(Workers.Health.HEALTHY, rs.getLong(1));
                    byHealth.put(Workers.Health.LATE, rs.getLong(2));
                    byHealth.put(Workers.Health.SILENT, rs.getLong(3));
                },
                Timestamp.from(now.minus(lease)), Timestamp.from(now.minus(lease)), Timestamp.from(now.minus(lease.multipliedBy(3))),
                Timestamp.from(now.minus(lease.multipliedBy(3))), Timestamp.from(now.minus(properties.activeWindow())));
        return byHealth;
    }
}
