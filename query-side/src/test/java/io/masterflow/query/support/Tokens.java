package io.masterflow.query.support;

import io.masterflow.security.Roles;
import io.masterflow.security.TokenIssuer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Bearer tokens for the tests' tenants, signed with the test secret. */
public final class Tokens {

    public static final String SECRET = "test-secret-of-masterflow-at-least-32-bytes-long";

    private static final TokenIssuer ISSUER = new TokenIssuer(SECRET);

    private Tokens() {
    }

    public static String viewer(Tenant tenant) {
        return token(tenant.account(), List.of(tenant.engagement().toString()), Roles.FLOW_VIEWER);
    }

    public static String auditor(Tenant tenant) {
        return token(tenant.account(), List.of(tenant.engagement().toString()), Roles.AUDITOR);
    }

    /** An admin of the tenant's account, every engagement of it. */
    public static String admin(Tenant tenant) {
        return token(tenant.account(), List.of("*"), Roles.ADMIN);
    }

    /** The platform's operator: tied to no account. */
    public static String platformOperator() {
        return ISSUER.issuePlatformOperator("platform-ops", Duration.ofHours(1));
    }

    public static String token(UUID account, List<String> engagements, String... roles) {
        return ISSUER.issue("user-" + String.join("-", roles), account, engagements, List.of(roles), Duration.ofHours(1));
    }
}
