package io.masterflow.command.archive.web;

import io.masterflow.command.archive.ArchivedFlowRestores;
import io.masterflow.command.archive.RestoredFlow;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.security.Roles;
import io.masterflow.security.TokenClaims;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * Restoring an archived flow (docs/retention.md): the platform operator restores any account's, an account's admin its
 * own account's (docs/security.md). The same restore as {@code masterflow-migrate --restore-archive}, for one flow.
 */
@RestController
@RequestMapping("/api/v1/admin/archived-flows")
@SecurityRequirement(name = "bearer")
@Tag(name = "admin")
public class ArchivedFlowRestoreController {

    private final ArchivedFlowRestores restores;

    public ArchivedFlowRestoreController(ArchivedFlowRestores restores) {
        this.restores = restores;
    }

    @Operation(operationId = "restoreArchivedFlow", summary = "Put an archived flow back into the event store from its archive",
            description = "Reads the archive the flow's archival recorded (a file this server can read, or an s3:// object "
                    + "reached as masterflow.archive.* says) and appends the flow's events back with their own ids, in one "
                    + "transaction: the flow then reads and takes commands as before it was archived (the read models "
                    + "project its events as new ones). A flow that is not archived, or another account's, is 404.")
    @ProblemAnswer(status = 409, description = "The flow has events in the store already: nothing was restored")
    @ProblemAnswer(status = 502, description = "The archive's S3-compatible store failed or does not hold the flow: nothing was restored")
    @ProblemAnswer(status = 503, description = "The archive's file cannot be read by this server, or does not hold the flow: "
            + "nothing was restored")
    @PostMapping("/{flowId}/restore")
    public RestoredFlow restore(@PathVariable String flowId, JwtAuthenticationToken authentication) {
        boolean platformOperator = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(Roles.PLATFORM_OPERATOR::equals);
        // an account's admin reaches its own account's flows only
        UUID account = platformOperator ? null
                : UUID.fromString(authentication.getToken().getClaimAsString(TokenClaims.CLIENT_ACCOUNT_ID));
        return restores.restore(flowId, account);
    }
}
