package io.masterflow.command.support;

import io.masterflow.security.Roles;
import io.masterflow.testsupport.TestTokens;

import java.util.List;
import java.util.UUID;

/** The tests' tenants and their bearer tokens, minted by {@link TestTokens}. */
public final class Tokens {

    public static final String SECRET = TestTokens.SECRET;
    public static final UUID ACCOUNT = UUID.fromString("a1000000-0000-0000-0000-000000000000");
    public static final UUID OTHER_ACCOUNT = UUID.fromString("a2000000-0000-0000-0000-000000000000");
    public static final String ENGAGEMENT = "e1000000-0000-0000-0000-000000000000";
    public static final String OTHER_ENGAGEMENT = "e2000000-0000-0000-0000-000000000000";
    /** Accounts with limits of their own (IntegrationTest sets them), so that a test can go over one quickly. */
    public static final UUID RATE_LIMITED_ACCOUNT = UUID.fromString("a3000000-0000-0000-0000-000000000000");
    public static final UUID SIZE_LIMITED_ACCOUNT = UUID.fromString("a4000000-0000-0000-0000-000000000000");
    public static final UUID CLAIM_LIMITED_ACCOUNT = UUID.fromString("a5000000-0000-0000-0000-000000000000");
    public static final UUID INVENTORY_LIMITED_ACCOUNT = UUID.fromString("a6000000-0000-0000-0000-000000000000");

    private Tokens() {
    }

    public static String operator() {
        return token(ACCOUNT, List.of(ENGAGEMENT), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER);
    }

    public static String token(UUID account, List<String> engagements, String... roles) {
        return tokenOf("user-" + String.join("-", roles), account, engagements, roles);
    }

    /** The platform operator's: no account, no tenant role; reads health's details and the metrics. */
    public static String platformOperator() {
        return TestTokens.platformOperator("ops");
    }

    /** A token of the named user. */
    public static String tokenOf(String user, UUID account, List<String> engagements, String... roles) {
        return TestTokens.token(user, account, engagements, roles);
    }
}
