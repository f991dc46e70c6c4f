package io.masterflow.command.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.command.unitofwork.UnitOfWorkWrites;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowRewound;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseStarted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;


import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns every started phase attempt into a task row, and ends the task when the attempt ends. It runs in a
 * subscribing processor ({@value #GROUP}): in the thread and transaction of the command that appended the event, so
 * that a task exists exactly when its PhaseStarted does and is claimable the moment that command commits. Its
 * statements go with the command's other writes in one round trip ({@link UnitOfWorkWrites}). Every statement
 * tolerates being run twice.
 */
@Component
@ProcessingGroup(PhaseTaskProjection.GROUP)
public class PhaseTaskProjection {

    public static final String GROUP = "phase-tasks";

    private static final ObjectMapper JSON = EventSerialization.objectMapper();
    /** The tasks whose attempt may still be decided: an attempt's end, or the flow's deletion, closes them. */
    private static final String OPEN = TaskStatus.sql(TaskStatus.AVAILABLE, TaskStatus.CLAIMED, TaskStatus.AWAITING);

    private final UnitOfWorkWrites writes;
    private final TaskSignals signals;

    public PhaseTaskProjection(UnitOfWorkWrites writes, TaskSignals signals) {
        this.writes = writes;
        this.signals = signals;
    }

    @EventHandler
    void on(FlowCreated event, @MetaDataValue(MetaDataKeys.CLIENT_ACCOUNT_ID) String account,
            @MetaDataValue(MetaDataKeys.ENGAGEMENT_ID) String engagement) {
        remember(event.flowId().toString(), account, engagement, event.flowType().type(), event.phases());
    }

    @EventHandler
    void on(LegacyFlowImported event, @MetaDataValue(MetaDataKeys.CLIENT_ACCOUNT_ID) String account,
            @MetaDataValue(MetaDataKeys.ENGAGEMENT_ID) String engagement) {
        remember(event.flowId().toString(), account, engagement, event.flowType().type(), event.phases());
    }

    @EventHandler
    void on(PhaseStarted event, @Timestamp Instant startedAt) {
        String flow = event.flowId().toString();
        writes.writeReturning("""
                        insert into phase_task (task_id, flow_id, client_account_id, engagement_id, flow_type, phase, attempt,
                                                handler, input, status, created_at)
                        select ?, f.flow_id, f.client_account_id, f.engagement_id, f.flow_type, ?, ?,
                               coalesce(f.handlers ->> ?, 'external'), ?::jsonb, %s, ?
                        from task_flow f where f.flow_id = ?
                        on conflict (flow_id, phase, attempt) do nothing
                        returning handler""".formatted(TaskStatus.AVAILABLE.sql()), createdTask -> signals.taskCreated(createdTask.getString(1)),
                taskId(flow, event.phase().toString(), event.attempt()), event.phase().toString(), event.attempt(),
                event.phase().toString(), json(event.input()), java.sql.Timestamp.from(startedAt), flow);
    }

    @EventHandler
    void on(PhaseCompleted event, @Timestamp Instant at) {
        finish(event.flowId().toString(), event.phase().toString(), event.attempt(), at);
    }

    @EventHandler
    void on(PhaseFailed event, @Timestamp Instant at) {
        finish(event.flowId().toString(), event.phase().toString(), event.attempt(), at);
    }

    @EventHandler
    void on(FlowPaused event) {
        writes.write("update task_flow set paused = true where flow_id = ?", event.flowId().toString());
    }

    @EventHandler
    void on(FlowResumed event) {
        writes.write("update task_flow set paused = false where flow_id = ?", event.flowId().toString());
        signals.taskCreated(null);
    }

    /** The attempt a rewind cancelled is over: its worker's report is refused like any late one. */
    @EventHandler
    void on(FlowRewound event, @Timestamp Instant at) {
        if (event.cancelledAttempt() != null) {
            finish(event.flowId().toString(), event.cancelledPhase().value(), event.cancelledAttempt(), at);
        }
    }

    @EventHandler
    void on(FlowDeleted event, @Timestamp Instant at) {
        writes.write("update phase_task set status = " + TaskStatus.DONE.sql() + ", finished_at = ?, input = '{}' where flow_id = ? "
                        + "and status in " + OPEN,
                java.sql.Timestamp.from(at), event.flowId().toString());
    }

    public static UUID taskId(String flowId, String phase, int attempt) {
        return UUID.nameUUIDFromBytes(("task/" + flowId + "/" + phase + "/" + attempt).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void finish(String flow, String phase, int attempt, Instant at) {
        writes.write("update phase_task set status = " + TaskStatus.DONE.sql() + ", finished_at = ?, input = '{}' where flow_id = ? "
                + "and phase = ? and attempt = ? and status in " + OPEN, java.sql.Timestamp.from(at), flow, phase, attempt);
    }

    private void remember(String flow, String account, String engagement, String flowType, List<PhaseDefinition> phases) {
        Map<String, String> handlers = new LinkedHashMap<>();
        phases.forEach(phase -> handlers.put(phase.name().toString(), phase.handler()));
        writes.write("""
                        insert into task_flow (flow_id, client_account_id, engagement_id, flow_type, handlers)
                        values (?, ?, ?, ?, ?::jsonb) on conflict (flow_id) do nothing""",
                flow, UUID.fromString(account), UUID.fromString(engagement), flowType, json(handlers));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write task data as JSON", e);
        }
    }
}
