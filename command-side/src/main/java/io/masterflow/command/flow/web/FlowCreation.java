package io.masterflow.command.flow.web;

import io.masterflow.command.flow.CreateFlow;
import io.masterflow.command.flow.CreateNewFlow;
import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.command.flow.metrics.FlowMeters;
import io.masterflow.command.web.DocumentLimits;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.util.Map;

/**
 * Creates a flow on a caller's request, whichever API the request came through: the engagement must be one the token
 * grants, and an {@code Idempotency-Key} names the flow, so the same key creates it once.
 */
@Component
public class FlowCreation {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final FlowCommandSender commands;
    private final DocumentLimits documents;
    private final FlowMeters meters;

    public FlowCreation(FlowCommandSender commands, DocumentLimits documents, FlowMeters meters) {
        this.commands = commands;
        this.documents = documents;
        this.meters = meters;
    }

    /** What was created: the flow and its version. */
    public record Created(FlowId flowId, long version) {
    }

    /** @param via metadata stamped on the command and its events (the API it came through); empty for the current API */
    public Created create(Caller caller, EngagementId engagement, String idempotencyKey, String flowType, String name,
                          Map<String, Object> configuration, boolean autoAdvance, String correlationId, Map<String, String> via) {
        try {
            return send(caller, engagement, idempotencyKey, flowType, name, configuration, autoAdvance, correlationId, via);
        } catch (RuntimeException refused) {
            meters.creationRefused(flowType, CreationRefusal.reasonOf(refused));
            throw refused;
        }
    }

    private Created send(Caller caller, EngagementId engagement, String idempotencyKey, String flowType, String name,
                         Map<String, Object> configuration, boolean autoAdvance, String correlationId, Map<String, String> via) {
        documents.check("configuration", configuration, caller);
        if (!caller.engagements().includes(engagement)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the token does not grant engagement " + engagement);
        }
        // a key names a flow only within its account and engagement, so keys of different tenants never meet
        FlowId flowId = idempotencyKey == null ? FlowId.random()
                : FlowId.derivedFrom(caller.account() + "/" + engagement + "/" + idempotencyKey);
        CreateFlow creation = new CreateFlow(flowId, engagement, flowType, name, configuration, autoAdvance);
        long version = commands.send(idempotencyKey == null ? new CreateNewFlow(creation) : creation, caller, correlationId, via);
        return new Created(flowId, version);
    }
}
