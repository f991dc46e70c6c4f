package io.masterflow.command.flow.web;

import io.masterflow.command.flow.AttemptStarted;
import io.masterflow.command.flow.ChangeConfiguration;
import io.masterflow.command.flow.CompletePhase;
import io.masterflow.command.flow.DeleteFlow;
import io.masterflow.command.flow.FailPhase;
import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.command.flow.FlowRejected;
import io.masterflow.command.flow.PauseFlow;
import io.masterflow.command.flow.ResumeFlow;
import io.masterflow.command.flow.RewindFlow;
import io.masterflow.command.flow.SkipPhase;
import io.masterflow.command.flow.StartPhase;
import io.masterflow.command.flow.web.FlowRequests.CompletePhaseRequest;
import io.masterflow.command.flow.web.FlowRequests.CreateFlowRequest;
import io.masterflow.command.flow.web.FlowRequests.ExecutePhaseRequest;
import io.masterflow.command.flow.web.FlowRequests.FailPhaseRequest;
import io.masterflow.command.flow.web.FlowRequests.ReasonRequest;
import io.masterflow.command.flow.web.FlowRequests.RewindRequest;
import io.masterflow.command.flow.web.FlowCommandResponses.FlowAccepted;
import io.masterflow.command.flow.web.FlowCommandResponses.PhaseExecution;
import io.masterflow.command.inventory.web.InventoryInputs;
import io.masterflow.command.web.DocumentLimits;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** The command API: every call becomes one command on one flow, on behalf of the token's caller. */
@RestController
@RequestMapping("/api/v1/flows")
@Validated
@SecurityRequirement(name = "bearer")
@Tag(name = "flows")
public class FlowController {

    private static final String CORRELATION_HEADER = "X-Correlation-Id";
    private static final String IDEMPOTENCY_HEADER = FlowCreation.IDEMPOTENCY_HEADER;

    private final FlowCommandSender commands;
    private final FlowCreation creation;
    private final DocumentLimits documents;
    private final InventoryInputs inventories;

    public FlowController(FlowCommandSender commands, FlowCreation creation, DocumentLimits documents, InventoryInputs inventories) {
        this.commands = commands;
        this.creation = creation;
        this.documents = documents;
        this.inventories = inventories;
    }

    @Operation(operationId = "createFlow", summary = "Create a flow of the latest version of a flow type",
            description = "The same Idempotency-Key with the same body answers with the same flow; with another body, 409.")
    @ApiResponse(responseCode = "201", description = "Created: the new flow's id and version", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "The flow's address", schema = @Schema(type = "string")))
    @ProblemAnswer(status = 409, description = "The Idempotency-Key was used before with another body")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping
    public ResponseEntity<FlowAccepted> create(@RequestHeader("X-Engagement-Id") String engagementHeader,
                                               @RequestHeader(name = IDEMPOTENCY_HEADER, required = false) String idempotencyKey,
                                               @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId,
                                               @Valid @RequestBody CreateFlowRequest request, Caller caller) {
        FlowCreation.Created created = creation.create(caller, engagement(engagementHeader), idempotencyKey, request.flowType(),
                request.name(), request.configuration(), Boolean.TRUE.equals(request.autoAdvance()), correlationId, Map.of());
        return ResponseEntity.created(URI.create("/api/v1/flows/" + created.flowId()))
                .body(new FlowAccepted(created.flowId().toString(), created.version()));
    }

    @Operation(operationId = "executeFlow", summary = "Start the next attempt of a phase (the next pending one when no phase is given)",
            description = "An importing phase takes its inventory as input.inventoryRef, the reference POST /api/v1/inventories "
                    + "answered, or inline as input.inventory (CSV text or a JSON array): an inline one is stored on the way in, "
                    + "and the phase's input records its reference instead. A reference the account has not stored is refused (400).")
    @ProblemAnswer(status = 409, description = "The phase is not the next one, another phase runs, the flow is paused "
            + "or over, or expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/execute")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public PhaseExecution execute(@PathVariable String flowId, @RequestBody(required = false) ExecutePhaseRequest request,
                                  @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId, Caller caller) {
        ExecutePhaseRequest body = Objects.requireNonNullElse(request, new ExecutePhaseRequest(null, null, null));
        FlowId id = flowId(flowId);
        PhaseName phase = body.phase() == null ? null : phase(body.phase());
        documents.checkInput("input", body.input(), caller);
        Map<String, Object> input = inventories.recorded("input", body.input(), caller);
        AttemptStarted started = commands.send(new StartPhase(id, phase, input, body.expectedVersion()), caller, correlationId);
        return new PhaseExecution(id.toString(), started.phase().toString(), started.attempt(), started.version());
    }

    @Operation(operationId = "completePhase", summary = "Report that a running attempt of a phase succeeded")
    @ProblemAnswer(status = 409, description = "That attempt is not running, or expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/phases/{phase}/complete")
    public FlowAccepted complete(@PathVariable String flowId, @PathVariable String phase, @Valid @RequestBody CompletePhaseRequest request,
                                 @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId, Caller caller) {
        FlowId id = flowId(flowId);
        documents.check("output", request.output(), caller);
        return accepted(id, commands.send(new CompletePhase(id, phase(phase), request.attempt(), request.output(),
                request.expectedVersion()), caller, correlationId));
    }

    @Operation(operationId = "failPhase", summary = "Report that a running attempt of a phase failed")
    @ProblemAnswer(status = 409, description = "That attempt is not running, or expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/phases/{phase}/fail")
    public FlowAccepted fail(@PathVariable String flowId, @PathVariable String phase, @Valid @RequestBody FailPhaseRequest request,
                             @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId, Caller caller) {
        FlowId id = flowId(flowId);
        return accepted(id, commands.send(new FailPhase(id, phase(phase), request.attempt(), request.error(),
                request.retryable(), request.expectedVersion()), caller, correlationId));
    }

    @Operation(operationId = "skipPhase", summary = "Skip the next pending phase, if it is optional")
    @ProblemAnswer(status = 409, description = "The phase is required, not the next pending one, or running; or "
            + "expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/phases/{phase}/skip")
    public FlowAccepted skip(@PathVariable String flowId, @PathVariable String phase, @Valid @RequestBody(required = false) ReasonRequest request,
                             @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId, Caller caller) {
        ReasonRequest body = Objects.requireNonNullElse(request, ReasonRequest.NONE);
        FlowId id = flowId(flowId);
        return accepted(id, commands.send(new SkipPhase(id, phase(phase), body.reason(), body.expectedVersion()), caller, correlationId));
    }

    @Operation(operationId = "pauseFlow", summary = "Pause the flow: a running attempt may still report, nothing new starts")
    @ProblemAnswer(status = 409, description = "The flow is paused or over already, or expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/pause")
    public FlowAccepted pause(@PathVariable String flowId, @Valid @RequestBody(required = false) ReasonRequest request,
                              @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId, Caller caller) {
        ReasonRequest body = Objects.requireNonNullElse(request, ReasonRequest.NONE);
        FlowId id = flowId(flowId);
        return accepted(id, commands.send(new PauseFlow(id, body.reason(), body.expectedVersion()), caller, correlationId));
    }

    @Operation(operationId = "resumeFlow", summary = "Resume a paused flow in the status it had")
    @ProblemAnswer(status = 409, description = "The flow is not paused, or expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/resume")
    public FlowAccepted resume(@PathVariable String flowId, @Valid @RequestBody(required = false) ReasonRequest request,
                               @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId, Caller caller) {
        ReasonRequest body = Objects.requireNonNullElse(request, ReasonRequest.NONE);
        FlowId id = flowId(flowId);
        return accepted(id, commands.send(new ResumeFlow(id, body.reason(), body.expectedVersion()), caller, correlationId));
    }

    @Operation(operationId = "rewindFlow", summary = "Take the flow back to a phase it has reached: that phase and every later one run again",
            description = "A running attempt is cancelled (its report is refused), its timeout and retries dropped; the "
                    + "rewound phases keep their history and go on numbering their attempts, each with its full retry budget. "
                    + "The flow is CREATED (first phase) or WAITING and waits for execute.")
    @ProblemAnswer(status = 409, description = "The flow has not reached that phase, or expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/rewind")
    public FlowAccepted rewind(@PathVariable String flowId, @Valid @RequestBody RewindRequest request,
                               @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId, Caller caller) {
        FlowId id = flowId(flowId);
        return accepted(id, commands.send(new RewindFlow(id, phase(request.toPhase(), "toPhase"), request.reason(),
                request.expectedVersion()), caller, correlationId));
    }

    @Operation(operationId = "changeFlowConfiguration", summary = "Change the flow's configuration with a JSON merge patch (RFC 7396)",
            description = "A key set to null is removed, an object merges into an object. Refused once the flow is completed "
                    + "or deleted. A patch that changes nothing records nothing and answers the current version.")
    @ProblemAnswer(status = 409, description = "The flow is completed, or expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PatchMapping(path = "/{flowId}/configuration", consumes = {"application/merge-patch+json", "application/json"})
    public FlowAccepted changeConfiguration(@PathVariable String flowId, @RequestBody Map<String, Object> patch,
                                            @RequestParam(required = false) Long expectedVersion,
                                            @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId,
                                            Caller caller) {
        FlowId id = flowId(flowId);
        documents.check("configuration", patch, caller);
        return accepted(id, commands.send(new ChangeConfiguration(id, patch, expectedVersion), caller, correlationId));
    }

    @Operation(operationId = "deleteFlow", summary = "Soft-delete the flow: its history stays, it takes no further commands")
    @ProblemAnswer(status = 409, description = "expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @DeleteMapping("/{flowId}")
    public FlowAccepted delete(@PathVariable String flowId,
                               @RequestParam(required = false) @Size(max = 1000) String reason,
                               @RequestParam(required = false) Long expectedVersion,
                               @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId, Caller caller) {
        FlowId id = flowId(flowId);
        return accepted(id, commands.send(new DeleteFlow(id, reason, expectedVersion), caller, correlationId));
    }

    private static FlowAccepted accepted(FlowId flowId, long version) {
        return new FlowAccepted(flowId.toString(), version);
    }

    /** An id that is not a UUID names no flow: answered like any other unknown flow. */
    private static FlowId flowId(String value) {
        try {
            return new FlowId(UUID.fromString(value));
        } catch (IllegalArgumentException notAUuid) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, FlowRejected.notFoundMessage(value));
        }
    }

    private static PhaseName phase(String value) {
        return phase(value, "phase");
    }

    private static PhaseName phase(String value, String field) {
        try {
            return PhaseName.of(value);
        } catch (IllegalArgumentException malformed) {
            throw new InvalidRequest(field, malformed.getMessage());
        }
    }

    private static EngagementId engagement(String value) {
        try {
            return EngagementId.of(value);
        } catch (IllegalArgumentException notAUuid) {
            throw new InvalidRequest("X-Engagement-Id", "header 'X-Engagement-Id' must be a UUID, not '" + value + "'");
        }
    }
}
