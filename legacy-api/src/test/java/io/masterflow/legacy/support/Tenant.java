package io.masterflow.legacy.support;

import io.masterflow.security.Roles;
import io.masterflow.testsupport.TestTokens;

import java.util.List;
import java.util.UUID;

/** A client account with one engagement, of its own for each test, and its callers' tokens. */
public record Tenant(UUID account, UUID engagement) {

    public static Tenant fresh() {
        return new Tenant(UUID.randomUUID(), UUID.randomUUID());
    }

    public static Tenant of(String account, String engagement) {
        return new Tenant(UUID.fromString(account), UUID.fromString(engagement));
    }

    /** The legacy clients' everyday token: commands and reads. */
    public String client() {
        return TestTokens.token("legacy-client", account, List.of(engagement.toString()), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER);
    }

    public String auditor() {
        return TestTokens.token("auditor", account, List.of(engagement.toString()), Roles.AUDITOR);
    }

    public String worker() {
        return TestTokens.token("agent", account, List.of("*"), Roles.WORKER);
    }

    /** Same account, another engagement only. */
    public String otherEngagement() {
        return TestTokens.token("outsider", account, List.of(UUID.randomUUID().toString()), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER);
    }
}
