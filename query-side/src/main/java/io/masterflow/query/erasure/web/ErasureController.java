package io.masterflow.query.erasure.web;

import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.query.erasure.ErasureOutcome;
import io.masterflow.query.erasure.ErasureScope;
import io.masterflow.query.erasure.Erasures;
import io.masterflow.security.Roles;
import io.masterflow.security.TokenClaims;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.UUID;

/**
 * Erasure of personal data by crypto-shredding (docs/retention.md). The platform operator erases a user in every
 * account, or a whole account; an account's admin erases a user within its own account only (docs/security.md).
 */
@RestController
@RequestMapping("/api/v1/admin/erasure")
@SecurityRequirement(name = "bearer")
@Tag(name = "admin")
public class ErasureController {

    /** A token's {@code sub} is at most this long wherever masterflow stores one. */
    private static final int MAX_USER_ID = 255;

    private final Erasures erasures;

    public ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    @Operation(operationId = "erasePersonalData", summary = "Erase a user's or an account's personal data in every event and read model",
            description = "Destroys the keys the subject's personal data in events is sealed with: from then on history, "
                    + "past states, the audit trail, its export and rebuilt projections show '[erased]' where the user "
                    + "was. Body {userId} or {accountId}. Erasing again is harmless (keysDestroyed 0). Another node "
                    + "may show the data for masterflow.personal-data.key-cache (one minute) longer.")
    @ProblemAnswer(status = 403, description = "An account's admin asked for another account, or for a whole account")
    @PostMapping
    public ErasureOutcome erase(@RequestBody(required = false) @Nullable ErasureRequest request,
                                JwtAuthenticationToken authentication) {
        ErasureScope scope = scope(request, authentication);
        return erasures.erase(scope, authentication.getToken().getSubject());
    }

    private static ErasureScope scope(@Nullable ErasureRequest request, JwtAuthenticationToken authentication) {
        boolean user = request != null && request.userId() != null;
        boolean account = request != null && request.accountId() != null;
        if (user == account) {
            throw new InvalidRequest(user ? "accountId" : "userId",
                    "the body names whom to erase: {\"userId\": \"<sub>\"} or {\"accountId\": \"<uuid>\"}, one of the two");
        }
        boolean platformOperator = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(Roles.PLATFORM_OPERATOR::equals);
        if (user) {
            String userId = request.userId();
            if (userId.isBlank() || userId.length() > MAX_USER_ID) {
                throw new InvalidRequest("userId", "'userId' is the sub of the user's tokens: 1 to " + MAX_USER_ID + " characters");
            }
            // an account's admin reaches its own account's data only
            return ErasureScope.user(userId, platformOperator ? null : ownAccount(authentication));
        }
        UUID erasedAccount;
        try {
            erasedAccount = UUID.fromString(request.accountId().strip());
        } catch (IllegalArgumentException notAUuid) {
            throw new InvalidRequest("accountId", "'accountId' must be an account's id (a UUID), not '" + request.accountId() + "'");
        }
        if (!platformOperator) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "erasing a whole account is the platform operator's; an account's admin erases its users one by one");
        }
        return ErasureScope.account(erasedAccount);
    }

    private static UUID ownAccount(JwtAuthenticationToken authentication) {
        return UUID.fromString(authentication.getToken().getClaimAsString(TokenClaims.CLIENT_ACCOUNT_ID));
    }
}
