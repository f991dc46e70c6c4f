package io.masterflow.security;

import io.masterflow.events.ClientAccountId;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Optional;

/** The account the current request's verified token names, for what runs before any controller (the limits). */
public final class TokenAccount {

    private TokenAccount() {
    }

    /** Empty without a verified token, and for a token of no account (the platform operator's). */
    public static Optional<ClientAccountId> current() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken authentication) {
            String account = authentication.getToken().getClaimAsString(TokenClaims.CLIENT_ACCOUNT_ID);
            return account == null ? Optional.empty() : Optional.of(ClientAccountId.of(account));
        }
        return Optional.empty();
    }
}
