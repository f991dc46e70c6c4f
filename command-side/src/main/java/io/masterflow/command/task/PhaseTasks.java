package io.masterflow.command.task;

import io.masterflow.command.unitofwork.AfterCommit;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.personal.PersonalPayload;
import io.masterflow.security.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.masterflow.command.task.TaskStatus.AVAILABLE;
import static io.masterflow.command.task.TaskStatus.AWAITING;
import static io.masterflow.command.task.TaskStatus.CLAIMED;
import static io.masterflow.command.task.TaskStatus.EXPIRED;
import static io.masterflow.command.task.TaskStatus.EXPIRING;

/**
 * The task table: claiming with {@code FOR UPDATE SKIP LOCKED} (concurrent claims each take different rows, none
 * waits for another), lease renewal and lease expiry. Every query is scoped to the caller's account and engagements.
 */
@Component
public class PhaseTasks {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final WorkerProperties properties;
    private final WorkerMeters meters;
    private final PersonalPayload personal;

    /**
     * @param personal opens the personal fields of a task's input as it is handed out: the table keeps them sealed as
     *                 the event holds them, so an account's erasure reaches its waiting tasks too
     */
    public PhaseTasks(JdbcTemplate jdbc, Clock clock, WorkerProperties properties, WorkerMeters meters, PersonalPayload personal) {
        this.personal = personal;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
    }

    /** Leases up to {@code maxTasks} claimable tasks matching the filter to the worker, oldest first. */
    public List<ClaimedTask> claim(TaskFilter filter, String workerId, int maxTasks) {
        Instant now = clock.instant();
        Instant leaseExpiresAt = now.plus(properties.leaseDuration());
        List<Object> arguments = new ArrayList<>();
        StringBuilder where = new StringBuilder("t.status = " + AVAILABLE.sql() + " and t.handler = ? and t.client_account_id = ?");
        arguments.add(filter.handler());
        arguments.add(filter.caller().account().value());
        if (!filter.caller().engagements().all()) {
            where.append(" and t.engagement_id = any(?::uuid[])");
            arguments.add(filter.caller().engagements().engagements().stream().map(Object::toString).toArray(String[]::new));
        }
        if (!filter.flowTypes().isEmpty()) {
            where.append(" and t.flow_type = any(?::text[])");
            arguments.add(filter.flowTypes().toArray(String[]::new));
        }
        if (!filter.phases().isEmpty()) {
            where.append(" and t.phase = any(?::text[])");
            arguments.add(filter.phases().toArray(String[]::new));
        }
        arguments.add(maxTasks);
        arguments.add(workerId);
        arguments.add(Timestamp.from(now));
        arguments.add(Timestamp.from(now));
        arguments.add(Timestamp.from(leaseExpiresAt));
        return jdbc.query("""
                        with picked as (
                            select t.task_id from phase_task t join task_flow f on f.flow_id = t.flow_id
                            where %s and not f.paused
                            order by t.created_at limit ? for update of t skip locked)
                        update phase_task t set status = %s, worker_id = ?, claimed_at = ?, heartbeat_at = ?, lease_expires_at = ?
                        from picked where t.task_id = picked.task_id
                        returning t.task_id, t.flow_id, t.flow_type, t.phase, t.attempt, t.input, t.lease_expires_at, t.created_at"""
                        .formatted(where, CLAIMED.sql()),
                (rs, row) -> {
                    waited(rs.getString(3), rs.getString(4), rs.getTimestamp(8).toInstant(), now);
                    return new ClaimedTask(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), personal.opened(map(rs.getString(6)), rs.getString(2)), rs.getTimestamp(7).toInstant());
                },
                arguments.toArray());
    }

    /** A claimed in-process task: what its handler needs, across tenants (the handler reports as the flow's owner). */
    public record InProcessTask(UUID taskId, String flowId, String account, String engagement, String flowType, String phase,
                                int attempt, String handler, Map<String, Object> input) {
    }

    /** Leases up to {@code maxTasks} claimable tasks of the given in-process handlers to this node, oldest first. */
    public List<InProcessTask> claimInProcess(List<String> handlers, String nodeId, int maxTasks) {
        if (handlers.isEmpty() || maxTasks < 1) {
            return List.of();
        }
        Instant now = clock.instant();
        return jdbc.query("""
                        with picked as (
                            select t.task_id from phase_task t join task_flow f on f.flow_id = t.flow_id
                            where t.status = %s and t.handler = any(?::text[]) and not f.paused
                            order by t.created_at limit ? for update of t skip locked)
                        update phase_task t set status = %s, worker_id = ?, claimed_at = ?, heartbeat_at = ?, lease_expires_at = ?
                        from picked where t.task_id = picked.task_id
                        returning t.task_id, t.flow_id, t.client_account_id, t.engagement_id, t.flow_type, t.phase, t.attempt,
                                  t.handler, t.input, t.created_at""".formatted(AVAILABLE.sql(), CLAIMED.sql()),
                (rs, row) -> {
                    waited(rs.getString(5), rs.getString(6), rs.getTimestamp(10).toInstant(), now);
                    return new InProcessTask(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                            personal.opened(map(rs.getString(9)), rs.getString(2)));
                },
                handlers.toArray(String[]::new), maxTasks, nodeId, Timestamp.from(now), Timestamp.from(now),
                Timestamp.from(now.plus(properties.leaseDuration())));
    }

    /** How long a task waited for its lease, counted once the lease is committed (a rolled-back claim leased nothing). */
    private void waited(String flowType, String phase, Instant availableSince, Instant leasedAt) {
        Duration waited = Duration.between(availableSince, leasedAt);
        AfterCommit.run(() -> meters.leased(flowType, phase, waited.isNegative() ? Duration.ZERO : waited));
    }

    /** Keeps the leases of the tasks this node's handlers are running. */
    public void renewAll(List<UUID> taskIds, String nodeId) {
        if (taskIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        jdbc.update("update phase_task set heartbeat_at = ?, lease_expires_at = ? where task_id = any(?::uuid[]) "
                        + "and status = " + CLAIMED.sql() + " and worker_id = ?", Timestamp.from(now), Timestamp.from(now.plus(properties.leaseDuration())),
                taskIds.stream().map(UUID::toString).toArray(String[]::new), nodeId);
    }

    /** The task's handler is done with it, but its attempt goes on until someone decides (an approval): no lease. */
    public void awaitDecision(UUID taskId) {
        jdbc.update("update phase_task set status = " + AWAITING.sql() + ", lease_expires_at = null where task_id = ? and status = "
                + CLAIMED.sql(), taskId);
    }

    /** The task of the flow's phase that waits for a decision, if the caller may see the flow. */
    public Optional<TaskRecord> awaitingDecision(String flowId, String phase, Caller caller) {
        return jdbc.query("""
                        select task_id, flow_id, client_account_id, engagement_id, flow_type, phase, attempt, handler, status,
                               worker_id, claimed_at, heartbeat_at, lease_expires_at
                        from phase_task where flow_id = ? and phase = ? and client_account_id = ?
                        order by attempt desc limit 1""", RECORD, flowId, phase, caller.account().value()).stream()
                .filter(task -> caller.engagements().includes(io.masterflow.events.EngagementId.of(task.engagementId())))
                .findFirst();
    }

    /** The task if it exists and the caller may see it (same account, an engagement it holds). */
    public Optional<TaskRecord> find(UUID taskId, Caller caller) {
        return jdbc.query("""
                        select task_id, flow_id, client_account_id, engagement_id, flow_type, phase, attempt, handler, status,
                               worker_id, claimed_at, heartbeat_at, lease_expires_at
                        from phase_task where task_id = ? and client_account_id = ?""", RECORD,
                        taskId, caller.account().value()).stream()
                .filter(task -> caller.engagements().includes(io.masterflow.events.EngagementId.of(task.engagementId())))
                .findFirst();
    }

    /**
     * The task, if the caller may see it and the worker holds its lease ({@link TaskRecord#leasedTo}); refused with the
     * reason otherwise.
     */
    public TaskRecord leasedTo(String taskId, Caller caller, String workerId) {
        UUID id;
        try {
            id = UUID.fromString(taskId);
        } catch (IllegalArgumentException notAUuid) {
            throw LeaseRefused.unknown(taskId);
        }
        return find(id, caller).orElseThrow(() -> LeaseRefused.unknown(taskId)).leasedTo(workerId);
    }

    /** Extends the lease of a task the worker holds; empty when it holds it no longer. */
    public Optional<Instant> renew(UUID taskId, String workerId) {
        Instant now = clock.instant();
        Instant leaseExpiresAt = now.plus(properties.leaseDuration());
        int renewed = jdbc.update("""
                        update phase_task set heartbeat_at = ?, lease_expires_at = ?
                        where task_id = ? and status = %s and worker_id = ?""".formatted(CLAIMED.sql()),
                Timestamp.from(now), Timestamp.from(leaseExpiresAt), taskId, workerId);
        return renewed == 1 ? Optional.of(leaseExpiresAt) : Optional.empty();
    }

    /**
     * Takes tasks whose lease ran out away from their workers (status EXPIRING), in a transaction of the caller's.
     * The attempt's failure is reported afterwards, and {@link #expired} closes the task; an EXPIRING task not closed
     * within one more lease (its node died in between) is taken again.
     */
    public List<TaskRecord> expireLeases(int limit) {
        Instant now = clock.instant();
        return jdbc.query("""
                        with lapsed as (
                            select task_id, lease_expires_at as expired_at from phase_task
                            where status in %s and lease_expires_at < ?
                            order by lease_expires_at limit ? for update skip locked)
                        update phase_task t set status = %s, finished_at = ?, lease_expires_at = ?
                        from lapsed where t.task_id = lapsed.task_id
                        returning t.task_id, t.flow_id, t.client_account_id, t.engagement_id, t.flow_type, t.phase, t.attempt,
                                  t.handler, t.status, t.worker_id, t.claimed_at, t.heartbeat_at, lapsed.expired_at"""
                        .formatted(TaskStatus.sql(CLAIMED, EXPIRING), EXPIRING.sql()),
                RECORD, Timestamp.from(now), limit, Timestamp.from(now), Timestamp.from(now.plus(properties.leaseDuration())));
    }

    public void expired(UUID taskId) {
        jdbc.update("update phase_task set status = " + EXPIRED.sql() + ", input = '{}' where task_id = ? and status = "
                + EXPIRING.sql(), taskId);
    }

    private static final RowMapper<TaskRecord> RECORD = (rs, row) -> new TaskRecord(rs.getObject(1, UUID.class), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), TaskStatus.valueOf(rs.getString(9)),
            rs.getString(10), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)));

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
