package io.masterflow.security;

/** The claims masterflow reads from a bearer token, besides {@code sub}. */
public final class TokenClaims {

    public static final String CLIENT_ACCOUNT_ID = "client_account_id";
    public static final String ENGAGEMENT_IDS = "engagement_ids";
    public static final String ROLES = "roles";

    private TokenClaims() {
    }
}
