package io.masterflow.command.asset.web;

import io.masterflow.command.flow.FlowCommands;
import io.masterflow.command.flow.FlowRejected;
import io.masterflow.command.flow.ValidateAsset;
import io.masterflow.events.AssetValidated;
import io.masterflow.events.FlowId;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.masterflow.web.MultiLine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.Locale;
import java.util.UUID;

/** Someone's judgement of an asset a flow discovered: validated, or rejected (not what the inventory says it is). */
@RestController
@Validated
@SecurityRequirement(name = "bearer")
@Tag(name = "assets")
public class AssetController {

    private final FlowCommands commands;

    public AssetController(FlowCommands commands) {
        this.commands = commands;
    }

    record ValidateAssetRequest(@NotBlank String verdict, @Size(max = 4000) @MultiLine String notes, Long expectedVersion) {
    }

    record AssetJudged(String flowId, String assetId, String verdict, long version) {
    }

    @Operation(operationId = "validateAsset", summary = "Validate or reject an asset the flow discovered (404 for an asset it did not discover)")
    @ProblemAnswer(status = 409, description = "expectedVersion is stale")
    @ProblemAnswer(status = 410, description = ProblemAnswer.GONE)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/api/v1/flows/{flowId}/assets/{assetId}/validate")
    public AssetJudged validate(@PathVariable String flowId, @PathVariable String assetId, @Valid @RequestBody ValidateAssetRequest request,
                                @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId, Caller caller) {
        FlowId id = flowId(flowId);
        AssetValidated.Verdict verdict = verdict(request.verdict());
        long version = commands.send(new ValidateAsset(id, assetId, verdict, request.notes(), request.expectedVersion()), caller, correlationId);
        return new AssetJudged(id.toString(), assetId, verdict.name().toLowerCase(Locale.ROOT), version);
    }

    private static AssetValidated.Verdict verdict(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "validated" -> AssetValidated.Verdict.VALIDATED;
            case "rejected" -> AssetValidated.Verdict.REJECTED;
            default -> throw new InvalidRequest("verdict", "verdict must be 'validated' or 'rejected', not '" + value + "'");
        };
    }

    private static FlowId flowId(String value) {
        try {
            return new FlowId(UUID.fromString(value));
        } catch (IllegalArgumentException notAUuid) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, FlowRejected.notFoundMessage(value));
        }
    }
}
