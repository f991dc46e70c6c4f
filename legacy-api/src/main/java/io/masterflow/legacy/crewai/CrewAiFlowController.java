package io.masterflow.legacy.crewai;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.masterflow.command.flow.AttemptStarted;
import io.masterflow.command.flow.StartPhase;
import io.masterflow.command.inventory.web.InventoryInputs;
import io.masterflow.command.web.DocumentLimits;
import io.masterflow.events.LegacyPhaseNames;
import io.masterflow.events.PhaseName;
import io.masterflow.legacy.flow.LegacyFlow;
import io.masterflow.legacy.flow.LegacyFlows;
import io.masterflow.legacy.web.LegacyApiDocs;
import io.masterflow.legacy.web.LegacyRequests;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** The legacy CrewAI flow service's one call: run a phase of a flow. */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "legacy")
@ProblemAnswer(status = 410, description = LegacyApiDocs.GONE)
public class CrewAiFlowController {

    private final LegacyFlows flows;
    private final DocumentLimits documents;
    private final InventoryInputs inventories;

    public CrewAiFlowController(LegacyFlows flows, DocumentLimits documents, InventoryInputs inventories) {
        this.flows = flows;
        this.documents = documents;
        this.inventories = inventories;
    }

    /**
     * @param phase a phase name in either vocabulary; none: the next pending phase
     * @param input also read as {@code phase_input}
     */
    public record ExecuteRequest(@JsonProperty("flow_id") String flowId,
                                 @JsonProperty("phase") String phase,
                                 @JsonProperty("input") Map<String, Object> input,
                                 @JsonProperty("phase_input") Map<String, Object> phaseInput) {
    }

    public record Execution(@JsonProperty("flow_id") String flowId, @JsonProperty("phase") String phase,
                            @JsonProperty("status") String status, @JsonProperty("attempt") int attempt) {
    }

    @Operation(operationId = "legacyExecuteFlow", summary = "Legacy: start a phase of a flow (the next pending one when none is named)",
            deprecated = true, description = "Successor: POST /api/v1/flows/{flowId}/execute")
    @ProblemAnswer(status = 404, description = "No flow the caller may see has this flow_id")
    @ProblemAnswer(status = 409, description = "The phase is not the next one, another phase runs, or the flow is paused or over")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/api/v1/crewai/flows/execute")
    public Execution execute(@RequestBody ExecuteRequest request,
                             @RequestHeader(name = LegacyRequests.CORRELATION_HEADER, required = false) String correlationId,
                             Caller caller, HttpServletRequest http) {
        LegacyFlow flow = flows.get(LegacyRequests.required("flow_id", request.flowId(), 255), caller);
        PhaseName phase = request.phase() == null || request.phase().isBlank() ? null
                : phase(LegacyPhaseNames.toPhase(flow.view().flowType().type(), request.phase()));
        Map<String, Object> input = request.input() != null ? request.input() : request.phaseInput();
        String inputField = request.input() != null ? "input" : "phase_input";
        documents.checkInput(inputField, input, caller);
        AttemptStarted started = flows.send(new StartPhase(flow.view().flowId(), phase, inventories.recorded(inputField, input, caller), null), caller, correlationId,
                LegacyRequests.family(http));
        return new Execution(flow.flowId(), flow.legacyPhase(started.phase().value()), "running", started.attempt());
    }

    private static PhaseName phase(String name) {
        try {
            return PhaseName.of(name);
        } catch (IllegalArgumentException malformed) {
            throw new InvalidRequest("phase", malformed.getMessage());
        }
    }
}
