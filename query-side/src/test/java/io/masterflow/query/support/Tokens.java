package io.masterflow.query.support;

import io.masterflow.security.Roles;
import io.masterflow.testsupport.TestTokens;

import java.util.List;
import java.util.UUID;

/** Bearer tokens for the tests' tenants, minted by {@link TestTokens}. */
public final class Tokens {

    public static final String SECRET = TestTokens.SECRET;

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
        return TestTokens.platformOperator("platform-ops");
    }

    public static String token(UUID account, List<String> engagements, String... roles) {
        return TestTokens.token("user-" + String.join("-", roles), account, engagements, roles);
    }
}
