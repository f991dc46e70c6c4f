package io.masterflow.command.approval.web;

import io.masterflow.command.approval.ApprovalHandler;
import io.masterflow.command.flow.CompletePhase;
import io.masterflow.command.flow.FailPhase;
import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.command.flow.FlowRejected;
import io.masterflow.command.task.PhaseTasks;
import io.masterflow.command.task.TaskRecord;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.masterflow.web.MultiLine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Sign-off on a phase whose handler is {@value ApprovalHandler#NAME}: approving completes its waiting attempt (output
 * {@code {approved: true, approvedBy, comment}}), rejecting fails it for good.
 */
@RestController
@RequestMapping("/api/v1/flows/{flowId}/phases/{phase}")
@Validated
@SecurityRequirement(name = "bearer")
@Tag(name = "sign-off")
public class ApprovalController {

    private final PhaseTasks tasks;
    private final FlowCommandSender commands;
    private final JdbcTemplate jdbc;

    public ApprovalController(PhaseTasks tasks, FlowCommandSender commands, JdbcTemplate jdbc) {
        this.tasks = tasks;
        this.commands = commands;
        this.jdbc = jdbc;
    }

    record DecisionRequest(@Size(max = 4000) @MultiLine String comment) {
    }

    record DecisionResponse(String flowId, String phase, int attempt, long version) {
    }

    @Operation(operationId = "approvePhase", summary = "Approve a phase waiting for sign-off: its attempt completes")
    @ProblemAnswer(status = 409, description = "The phase takes no sign-off, or its attempt is not waiting for one")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/approve")
    public DecisionResponse approve(@PathVariable String flowId, @PathVariable String phase,
                                    @Valid @RequestBody(required = false) DecisionRequest request, Caller caller) {
        TaskRecord waiting = waitingForDecision(flowId, phase, caller);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("approved", true);
        output.put("approvedBy", caller.userId());
        output.put("comment", comment(request));
        long version = commands.send(new CompletePhase(FlowId.of(flowId), PhaseName.of(phase), waiting.attempt(), output, null), caller, null);
        return new DecisionResponse(flowId, phase, waiting.attempt(), version);
    }

    @Operation(operationId = "rejectPhase", summary = "Reject a phase waiting for sign-off: its attempt fails and is not retried")
    @ProblemAnswer(status = 409, description = "The phase takes no sign-off, or its attempt is not waiting for one")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/reject")
    public DecisionResponse reject(@PathVariable String flowId, @PathVariable String phase,
                                   @Valid @RequestBody(required = false) DecisionRequest request, Caller caller) {
        TaskRecord waiting = waitingForDecision(flowId, phase, caller);
        String comment = comment(request);
        // who rejected is the event's user (sealed, erased with the user): a failure message is free text, kept as written
        String error = "rejected at sign-off" + (comment.isBlank() ? "" : ": " + comment);
        long version = commands.send(new FailPhase(FlowId.of(flowId), PhaseName.of(phase), waiting.attempt(), error, false, null), caller, null);
        return new DecisionResponse(flowId, phase, waiting.attempt(), version);
    }

    private TaskRecord waitingForDecision(String flowId, String phase, Caller caller) {
        try {
            UUID.fromString(flowId);
            PhaseName.of(phase);
        } catch (IllegalArgumentException malformed) {
            if (malformed.getMessage() != null && malformed.getMessage().startsWith("phase name")) {
                throw new InvalidRequest("phase", malformed.getMessage());
            }
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, FlowRejected.notFoundMessage(flowId));
        }
        if (!visible(flowId, caller)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, FlowRejected.notFoundMessage(flowId));
        }
        TaskRecord task = tasks.awaitingDecision(flowId, phase, caller)
                .filter(candidate -> ApprovalHandler.NAME.equals(candidate.handler()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT,
                        "phase " + phase + " of flow " + flowId + " does not take approvals (its handler is not '" + ApprovalHandler.NAME + "')"));
        if (!task.status().open()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "attempt " + task.attempt() + " of phase " + phase + " of flow "
                    + flowId + " is not waiting for a decision; start the phase again to ask for one");
        }
        return task;
    }

    private boolean visible(String flowId, Caller caller) {
        return jdbc.queryForList("select engagement_id::text from task_flow where flow_id = ? and client_account_id = ?",
                        String.class, flowId, caller.account().value()).stream()
                .anyMatch(engagement -> caller.engagements().includes(io.masterflow.events.EngagementId.of(engagement)));
    }

    private static String comment(DecisionRequest request) {
        return Objects.requireNonNullElse(request == null ? null : request.comment(), "");
    }
}
