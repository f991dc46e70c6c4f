package io.masterflow.security;

import io.masterflow.web.ControlCharacters;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.UUID;

/**
 * A token without a user, a client account or an engagement list cannot be tenant-scoped, so it is refused. A
 * platform operator's token is the one kind without an account: it then grants nothing within any account, so that
 * no single token is both a tenant's and the platform's.
 */
class MasterflowClaimsValidator implements OAuth2TokenValidator<Jwt> {

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            return invalid("the token has no 'sub' (user id)");
        }
        if (ControlCharacters.firstRefused(jwt.getSubject(), false) >= 0) {
            // the user id is stamped on every event the token causes, and shown in every audit entry
            return invalid("the token's 'sub' (user id) holds a control character");
        }
        List<String> roles = claimAsList(jwt, TokenClaims.ROLES);
        if (roles == null) {
            return invalid("the token's '" + TokenClaims.ROLES + "' claim must be a list");
        }
        if (roles.contains(Roles.PLATFORM_OPERATOR)) {
            return platformOperator(jwt, roles);
        }
        if (!isUuid(jwt.getClaimAsString(TokenClaims.CLIENT_ACCOUNT_ID))) {
            return invalid("the token's '" + TokenClaims.CLIENT_ACCOUNT_ID + "' claim must be a UUID");
        }
        List<String> engagements = claimAsList(jwt, TokenClaims.ENGAGEMENT_IDS);
        if (engagements == null || engagements.stream().anyMatch(id -> !"*".equals(id) && !isUuid(id))) {
            return invalid("the token's '" + TokenClaims.ENGAGEMENT_IDS + "' claim must be a list of UUIDs or [\"*\"]");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult platformOperator(Jwt jwt, List<String> roles) {
        if (jwt.hasClaim(TokenClaims.CLIENT_ACCOUNT_ID) || jwt.hasClaim(TokenClaims.ENGAGEMENT_IDS)
                || roles.stream().anyMatch(Roles.TENANT_ROLES::contains)) {
            return invalid("a '" + Roles.PLATFORM_OPERATOR + "' token is tied to no account: it carries no '"
                    + TokenClaims.CLIENT_ACCOUNT_ID + "', no '" + TokenClaims.ENGAGEMENT_IDS + "' and no account role");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static List<String> claimAsList(Jwt jwt, String claim) {
        try {
            return jwt.getClaimAsStringList(claim);
        } catch (RuntimeException notAList) {
            return null;
        }
    }

    private static boolean isUuid(String value) {
        if (value == null) {
            return false;
        }
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
