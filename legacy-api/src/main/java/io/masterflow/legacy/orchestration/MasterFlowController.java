package io.masterflow.legacy.orchestration;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.masterflow.command.flow.StartPhase;
import io.masterflow.command.flow.web.FlowCreation;
import io.masterflow.events.EngagementId;
import io.masterflow.legacy.flow.LegacyFlows;
import io.masterflow.legacy.flow.MasterFlow;
import io.masterflow.legacy.web.LegacyApiDocs;
import io.masterflow.legacy.web.LegacyRequests;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Master flows, of any type: the legacy flow orchestration service's calls, and the consolidation plan's own
 * {@code /api/v1/flows/create} and {@code /api/v1/flows/{flow_id}/status}.
 */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "legacy")
@ProblemAnswer(status = 410, description = LegacyApiDocs.GONE)
public class MasterFlowController {

    private final LegacyFlows flows;

    public MasterFlowController(LegacyFlows flows) {
        this.flows = flows;
    }

    /** @param autoStart start the first phase at once (the orchestrator's default); {@code /api/v1/flows/create} never does */
    public record StartRequest(@JsonProperty("flow_type") String flowType,
                               @JsonProperty("flow_name") String flowName,
                               @JsonProperty("engagement_id") String engagementId,
                               @JsonProperty("client_account_id") String clientAccountId,
                               @JsonProperty("configuration") Map<String, Object> configuration,
                               @JsonProperty("auto_start") Boolean autoStart) {
    }

    @Operation(operationId = "legacyStartFlow", summary = "Legacy: create a flow and start its first phase", deprecated = true,
            description = "Successor: POST /api/v1/flows, then POST /api/v1/flows/{flowId}/execute")
    @ProblemAnswer(status = 409, description = "The Idempotency-Key was used before with another body")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/api/v1/orchestration/flows/start")
    public MasterFlow start(@RequestBody StartRequest request,
                            @RequestHeader(name = LegacyRequests.ENGAGEMENT_HEADER, required = false) String engagementHeader,
                            @RequestHeader(name = FlowCreation.IDEMPOTENCY_HEADER, required = false) String idempotencyKey,
                            @RequestHeader(name = LegacyRequests.CORRELATION_HEADER, required = false) String correlationId,
                            Caller caller, HttpServletRequest http) {
        return create(request, engagementHeader, idempotencyKey, correlationId, caller, http, request.autoStart() == null || request.autoStart());
    }

    @Operation(operationId = "legacyCreateFlow", summary = "Legacy: create a flow", deprecated = true, description = "Successor: POST /api/v1/flows")
    @ProblemAnswer(status = 409, description = "The Idempotency-Key was used before with another body")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/api/v1/flows/create")
    public MasterFlow createFlow(@RequestBody StartRequest request,
                                 @RequestHeader(name = LegacyRequests.ENGAGEMENT_HEADER, required = false) String engagementHeader,
                                 @RequestHeader(name = FlowCreation.IDEMPOTENCY_HEADER, required = false) String idempotencyKey,
                                 @RequestHeader(name = LegacyRequests.CORRELATION_HEADER, required = false) String correlationId,
                                 Caller caller, HttpServletRequest http) {
        return create(request, engagementHeader, idempotencyKey, correlationId, caller, http, false);
    }

    @Operation(operationId = "legacyGetOrchestrationFlow", summary = "Legacy: one flow as the orchestrator showed it", deprecated = true,
            description = "Successor: GET /api/v1/flows/{flowId}")
    @GetMapping("/api/v1/orchestration/flows/{flowId}")
    public MasterFlow get(@PathVariable String flowId, Caller caller) {
        return MasterFlow.of(flows.get(flowId, caller));
    }

    @Operation(operationId = "legacyGetFlowStatus", summary = "Legacy: one flow as the orchestrator showed it, by the consolidation plan's path",
            deprecated = true, description = "Successor: GET /api/v1/flows/{flowId}")
    @GetMapping("/api/v1/flows/{flowId}/status")
    public MasterFlow status(@PathVariable String flowId, Caller caller) {
        return get(flowId, caller);
    }

    private MasterFlow create(StartRequest request, String engagementHeader, String idempotencyKey, String correlationId,
                              Caller caller, HttpServletRequest http, boolean start) {
        LegacyRequests.sameAccount(request.clientAccountId(), caller);
        String flowType = LegacyRequests.required("flow_type", request.flowType(), 50).toLowerCase(java.util.Locale.ROOT);
        String name = LegacyRequests.required("flow_name", request.flowName(), 255);
        EngagementId engagement = LegacyRequests.requiredEngagement(engagementHeader, request.engagementId(), caller);
        String family = LegacyRequests.family(http);
        FlowCreation.Created created = flows.create(caller, engagement, idempotencyKey, flowType, name, request.configuration(),
                correlationId, family);
        // a repeated start (same Idempotency-Key) finds its first phase started already: nothing more to start
        if (start && created.version() == 0) {
            flows.send(new StartPhase(created.flowId(), null, Map.of(), 0L), caller, correlationId, family);
        }
        return MasterFlow.of(flows.get(created.flowId().toString(), caller));
    }
}
