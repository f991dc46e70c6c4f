package io.masterflow.command.axon;

import io.masterflow.command.unitofwork.UnitOfWorkWrites;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.AbstractDeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.axonframework.deadline.GenericDeadlineMessage.asDeadlineMessage;

/**
 * Axon deadlines kept in PostgreSQL (table {@code deadline_entry}), so that attempt timeouts and retries fire after a
 * restart of every node. A deadline is inserted (or cancelled) when the unit of work that schedules it prepares its
 * commit, in one round trip with that unit of work's other writes ({@link UnitOfWorkWrites}) and in the same
 * transaction as its events, so one never exists without the other; outside a unit of work, at once. It is deleted in
 * the transaction that handles it: a crash between firing and committing leaves it in place, to be fired again.
 * Several nodes poll the same table; {@code FOR UPDATE SKIP LOCKED} hands each due deadline to exactly one of them.
 *
 * <p>Due means due by the injected {@link Clock}, never the database's: tests move time by moving that clock.
 */
public class JdbcDeadlineManager extends AbstractDeadlineManager {

    private static final Logger log = LoggerFactory.getLogger(JdbcDeadlineManager.class);
    private static final Duration LONGEST_RETRY_DELAY = Duration.ofMinutes(5);
    private static final int DEADLINES_PER_POLL = 200;
    /** How long a picked deadline is left to the node that picked it before another may take it over. */
    private static final Duration LOCK_DURATION = Duration.ofMinutes(5);
    private static final String NODE = java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "/"
            + java.util.UUID.randomUUID().toString().substring(0, 8);

    private final ScopeAwareProvider scopes;
    private final Supplier<List<CorrelationDataProvider>> correlation;
    private final Serializer serializer;
    private final TransactionManager axonTransactions;
    private final JdbcTemplate jdbc;
    private final UnitOfWorkWrites writes;
    private final Clock clock;
    private final Duration pollInterval;
    private ScheduledExecutorService poller;

    /** @param correlation what each handled deadline passes on to the messages it causes (user, correlation id ...) */
    public JdbcDeadlineManager(ScopeAwareProvider scopes, Supplier<List<CorrelationDataProvider>> correlation, Serializer serializer, TransactionManager axonTransactions,
                               JdbcTemplate jdbc, UnitOfWorkWrites writes, Clock clock, Duration pollInterval) {
        this.scopes = scopes;
        this.correlation = correlation;
        this.serializer = serializer;
        this.axonTransactions = axonTransactions;
        this.jdbc = jdbc;
        this.writes = writes;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    @Override
    public String schedule(@Nonnull Instant triggerDateTime, @Nonnull String deadlineName, @Nullable Object messageOrPayload,
                           @Nonnull ScopeDescriptor deadlineScope) {
        String id = IdentifierFactory.getInstance().generateIdentifier();
        DeadlineMessage<Object> created = asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime);
        insert(id, deadlineName, processDispatchInterceptors(created), deadlineScope, triggerDateTime);
        return id;
    }

    @Override
    public String schedule(@Nonnull Duration triggerDuration, @Nonnull String deadlineName, @Nullable Object messageOrPayload,
                           @Nonnull ScopeDescriptor deadlineScope) {
        return schedule(clock.instant().plus(triggerDuration), deadlineName, messageOrPayload, deadlineScope);
    }

    @Override
    public void cancelSchedule(@Nonnull String deadlineName, @Nonnull String scheduleId) {
        writes.write("delete from deadline_entry where deadline_id = ? and deadline_name = ?", scheduleId, deadlineName);
    }

    @Override
    public void cancelAll(@Nonnull String deadlineName) {
        writes.write("delete from deadline_entry where deadline_name = ?", deadlineName);
    }

    @Override
    public void cancelAllWithinScope(@Nonnull String deadlineName, @Nonnull ScopeDescriptor scope) {
        String serializedScope = serializer.serialize(scope, String.class).getData();
        writes.write("delete from deadline_entry where scope = ? and deadline_name = ?", serializedScope, deadlineName);
    }

    /** Starts polling for due deadlines; called once the application is ready to handle them. */
    public synchronized void start() {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deadline-poller");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void shutdown() {
        if (poller == null) {
            return;
        }
        poller.shutdown();
        try {
            if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
                poller.shutdownNow();
            }
        } catch (InterruptedException e) {
            poller.shutdownNow();
            Thread.currentThread().interrupt();
        }
        poller = null;
    }

    /** Fires every deadline due now, one transaction each; returns how many were handled. */
    public int fireDueDeadlines() {
        int fired = 0;
        while (fired < DEADLINES_PER_POLL) {
            Boolean found = fireOne();
            if (!Boolean.TRUE.equals(found)) {
                break;
            }
            fired++;
        }
        return fired;
    }

    private void pollSafely() {
        try {
            fireDueDeadlines();
        } catch (RuntimeException e) {
            log.warn("Polling for due deadlines failed; trying again in {}", pollInterval, e);
        }
    }

    private record Row(String id, String name, String scope, String scopeType, byte[] payload, String payloadType,
                       String payloadRevision, byte[] metaData, int failures) {
    }

    /**
     * Picks one due deadline (marking it locked for a while, so no other node takes it), then handles it in a unit
     * of work that owns its transaction, as a command's does: the aggregate stays locked until what the deadline
     * caused is committed, and the deadline's row is deleted in that same transaction.
     */
    private Boolean fireOne() {
        Instant now = clock.instant();
        List<Row> picked = jdbc.query("""
                        update deadline_entry set locked_by = ?, locked_until = ?
                        where deadline_id = (select deadline_id from deadline_entry
                                             where trigger_at <= ? and (locked_until is null or locked_until < ?)
                                             order by trigger_at limit 1 for update skip locked)
                        returning deadline_id, deadline_name, scope, scope_type, payload, payload_type, payload_revision,
                                  metadata, failures""",
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getInt(9)),
                NODE, Timestamp.from(now.plus(LOCK_DURATION)), Timestamp.from(now), Timestamp.from(now));
        if (picked.isEmpty()) {
            return false;
        }
        Row row = picked.get(0);
        try {
            executeDecidingAgainOnLostRace(row);
        } catch (RuntimeException e) {
            postpone(row, e);
        }
        return true;
    }

    /**
     * A lost race (another node moved the flow on since this node cached it) rolled the handling back and dropped the
     * cached flow: the deadline is handled once more at once, on the stored state, rather than a retry delay later.
     */
    private void executeDecidingAgainOnLostRace(Row row) {
        try {
            execute(row);
        } catch (ConcurrencyException lostRace) {
            execute(row);
        }
    }

    /** A deadline whose handling failed stays, and is tried again later: losing it would lose a retry or a timeout. */
    private void postpone(Row row, RuntimeException failure) {
        Duration delay = Duration.ofSeconds(1L << Math.min(row.failures(), 8));
        delay = delay.compareTo(LONGEST_RETRY_DELAY) > 0 ? LONGEST_RETRY_DELAY : delay;
        log.warn("Deadline {} ({}) of {} failed (try {}); trying again in {}", row.id(), row.name(), row.scope(),
                row.failures() + 1, delay, failure);
        jdbc.update("update deadline_entry set failures = failures + 1, last_error = ?, trigger_at = ?, locked_by = null, "
                        + "locked_until = null where deadline_id = ?",
                String.valueOf(failure.getMessage()), Timestamp.from(clock.instant().plus(delay)), row.id());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void execute(Row row) {
        ScopeDescriptor scope = serializer.deserialize(new SimpleSerializedObject<>(row.scope(), String.class, row.scopeType(), null));
        Object payload = row.payloadType() == null ? null
                : serializer.deserialize(new SimpleSerializedObject<>(row.payload(), byte[].class,
                new SimpleSerializedType(row.payloadType(), row.payloadRevision())));
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(row.metaData(), byte[].class, MetaData.class.getName(), null));
        DeadlineMessage<?> message = new GenericDeadlineMessage<>(row.name(), payload, metaData);
        UnitOfWork<DeadlineMessage<?>> unitOfWork = new DefaultUnitOfWork<>(message);
        unitOfWork.attachTransaction(axonTransactions);
        correlation.get().forEach(unitOfWork::registerCorrelationDataProvider);
        DefaultInterceptorChain chain = new DefaultInterceptorChain<>(unitOfWork, handlerInterceptors(), intercepted -> {
            scopes.provideScopeAwareStream(scope)
                    .filter(component -> component.canResolve(scope))
                    .forEach(component -> {
                        try {
                            component.send((DeadlineMessage<?>) intercepted, scope);
                        } catch (Exception e) {
                            throw new IllegalStateException("deadline " + row.name() + " could not be delivered to "
                                    + scope.scopeDescription(), e);
                        }
                    });
            writes.write("delete from deadline_entry where deadline_id = ?", row.id());
            return null;
        });
        ResultMessage<?> result = unitOfWork.executeWithResult(chain::proceed);
        if (result.isExceptional()) {
            Throwable cause = result.exceptionResult();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }

    private void insert(String id, String name, DeadlineMessage<?> message, ScopeDescriptor scope, Instant triggerAt) {
        SerializedObject<String> serializedScope = serializer.serialize(scope, String.class);
        byte[] payload = null;
        String payloadType = null;
        String payloadRevision = null;
        if (message.getPayload() != null) {
            SerializedObject<byte[]> serializedPayload = serializer.serialize(message.getPayload(), byte[].class);
            payload = serializedPayload.getData();
            payloadType = serializedPayload.getType().getName();
            payloadRevision = serializedPayload.getType().getRevision();
        }
        byte[] metaData = serializer.serialize(MetaData.from(Map.copyOf(message.getMetaData())), byte[].class).getData();
        writes.write("""
                        insert into deadline_entry (deadline_id, deadline_name, scope, scope_type, payload, payload_type,
                                                    payload_revision, metadata, trigger_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, name, serializedScope.getData(), serializedScope.getType().getName(), payload, payloadType, payloadRevision,
                metaData, Timestamp.from(triggerAt));
    }
}
