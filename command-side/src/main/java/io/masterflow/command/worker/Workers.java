package io.masterflow.command.worker;

import io.masterflow.command.axon.LruCache;
import io.masterflow.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Workers (agents) as masterflow hears of them: a worker registers by claiming, and every claim, heartbeat and report
 * refreshes when it was last heard of. Health is judged from that against the lease: a worker silent for longer than
 * a lease has lost its tasks.
 */
@Component
public class Workers implements DisposableBean {

    public enum Health {
        /** heard of within one lease */
        HEALTHY,
        /** silent for more than one lease: its leases have run out */
        LATE,
        /** silent for more than three leases */
        SILENT
    }

    public record CurrentTask(UUID taskId, String flowId, String flowType, String phase, int attempt, Instant leaseExpiresAt) {
    }

    public record Agent(String workerId, String userId, Instant firstSeenAt, Instant lastSeenAt, @Nullable Instant lastHeartbeatAt,
                        Health health, List<CurrentTask> currentTasks) {
    }

    private static final Logger log = LoggerFactory.getLogger(Workers.class);
    private static final Duration NOTE_INTERVAL = Duration.ofSeconds(1);
    private static final int REMEMBERED_WORKERS = 10_000;

    /** When this node last wrote that it heard of a worker, and of its heartbeat (null: never). */
    private record Noted(Instant seenAt, Instant heartbeatAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final WorkerProperties properties;
    private final LruCache noted = new LruCache(REMEMBERED_WORKERS);
    private final ExecutorService notes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "worker-notes");
        thread.setDaemon(true);
        return thread;
    });

    public Workers(JdbcTemplate jdbc, Clock clock, WorkerProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Notes that the worker was heard of. News (a worker, or a heartbeat, this node has not written yet) is written at
     * once, so the agents list shows a worker from its first claim. A busy worker's later requests are written at most
     * once per {@link #NOTE_INTERVAL}, and by a thread of its own: a request neither waits for that commit nor asks
     * the database whether one is due, since the list's health is judged in leases, not seconds.
     */
    public void heardFrom(Caller caller, String workerId, boolean heartbeat) {
        Instant now = clock.instant();
        String key = caller.account().value() + " " + workerId;
        Noted last = noted.get(key);
        boolean news = last == null || heartbeat && last.heartbeatAt() == null;
        boolean due = news || !now.isBefore(last.seenAt().plus(NOTE_INTERVAL))
                || heartbeat && !now.isBefore(last.heartbeatAt().plus(NOTE_INTERVAL));
        if (!due) {
            return;
        }
        Noted written = new Noted(now, heartbeat ? now : last == null ? null : last.heartbeatAt());
        if (news) {
            note(caller, workerId, heartbeat, now);
            noted.put(key, written);
            return;
        }
        noted.put(key, written);
        notes.execute(() -> {
            try {
                note(caller, workerId, heartbeat, now);
            } catch (RuntimeException e) {
                log.warn("Could not note that worker {} was heard of; its next request will", workerId, e);
                noted.remove(key);
            }
        });
    }

    /** Writes the note unless a later one, or one less than a note interval older, is there already. */
    private void note(Caller caller, String workerId, boolean heartbeat, Instant now) {
        Timestamp at = Timestamp.from(now);
        Timestamp recently = Timestamp.from(now.minus(NOTE_INTERVAL));
        int noted = heartbeat
                ? jdbc.update("update worker set last_seen_at = ?, last_heartbeat_at = ?, user_id = ? where client_account_id = ? "
                + "and worker_id = ? and (last_heartbeat_at is null or last_heartbeat_at < ?)", at, at, caller.userId(),
                caller.account().value(), workerId, recently)
                : jdbc.update("update worker set last_seen_at = ?, user_id = ? where client_account_id = ? and worker_id = ? "
                + "and last_seen_at < ?", at, caller.userId(), caller.account().value(), workerId, recently);
        if (noted == 0) {
            jdbc.update("""
                            insert into worker (client_account_id, worker_id, user_id, first_seen_at, last_seen_at, last_heartbeat_at)
                            values (?, ?, ?, ?, ?, ?) on conflict (client_account_id, worker_id) do nothing""",
                    caller.account().value(), workerId, caller.userId(), at, at, heartbeat ? at : null);
        }
    }

    @Override
    public void destroy() {
        notes.shutdown();
    }

    /**
     * Workers of the caller's account heard of lately, with the tasks they hold in the caller's engagements. A caller
     * granted some engagements only sees the workers that have worked in one of them: which workers an account runs
     * elsewhere is the other engagements' business.
     */
    public List<Agent> active(Caller caller) {
        Instant since = clock.instant().minus(properties.activeWindow());
        if (caller.engagements().all()) {
            return agents(caller, "w.last_seen_at >= ?", List.of(Timestamp.from(since)), null);
        }
        if (caller.engagements().grantsNone()) {
            return List.of();
        }
        String[] engagements = caller.engagements().engagements().stream().map(Object::toString).toArray(String[]::new);
        return agents(caller, "w.last_seen_at >= ? and exists (select 1 from phase_task t where t.client_account_id = "
                + "w.client_account_id and t.worker_id = w.worker_id and t.engagement_id = any(?::uuid[]))",
                List.of(Timestamp.from(since), engagements), null);
    }

    /** Workers that held or hold tasks of the flow, with the tasks of that flow they hold now. */
    public List<Agent> onFlow(Caller caller, String flowId) {
        return agents(caller, "exists (select 1 from phase_task t where t.flow_id = ? and t.client_account_id = w.client_account_id "
                + "and t.worker_id = w.worker_id)", List.of(flowId), flowId);
    }

    private List<Agent> agents(Caller caller, String condition, List<Object> conditionArguments, String onlyFlow) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(caller.account().value());
        arguments.addAll(conditionArguments);
        Map<String, Agent> byId = new LinkedHashMap<>();
        Instant now = clock.instant();
        jdbc.query("select worker_id, user_id, first_seen_at, last_seen_at, last_heartbeat_at from worker w "
                        + "where w.client_account_id = ? and " + condition + " order by worker_id", rs -> {
                    Instant lastSeen = rs.getTimestamp(4).toInstant();
                    Timestamp heartbeat = rs.getTimestamp(5);
                    byId.put(rs.getString(1), new Agent(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), lastSeen,
                            heartbeat == null ? null : heartbeat.toInstant(), health(lastSeen, now), new ArrayList<>()));
                }, arguments.toArray());
        if (byId.isEmpty()) {
            return List.of();
        }
        String flowCondition = onlyFlow == null ? "" : " and flow_id = ?";
        List<Object> taskArguments = new ArrayList<>(List.of(caller.account().value()));
        if (onlyFlow != null) {
            taskArguments.add(onlyFlow);
        }
        jdbc.query("select worker_id, task_id, flow_id, flow_type, phase, attempt, lease_expires_at, engagement_id from phase_task "
                        + "where client_account_id = ? and status = 'CLAIMED'" + flowCondition + " order by claimed_at", rs -> {
                    Agent agent = byId.get(rs.getString(1));
                    boolean visible = caller.engagements().includes(io.masterflow.events.EngagementId.of(rs.getString(8)));
                    if (agent != null && visible) {
                        agent.currentTasks().add(new CurrentTask(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant()));
                    }
                }, taskArguments.toArray());
        return List.copyOf(byId.values());
    }

    private Health health(Instant lastSeen, Instant now) {
        Duration silent = Duration.between(lastSeen, now);
        Duration lease = properties.leaseDuration();
        return silent.compareTo(lease) <= 0 ? Health.HEALTHY : silent.compareTo(lease.multipliedBy(3)) <= 0 ? Health.LATE : Health.SILENT;
    }
}
