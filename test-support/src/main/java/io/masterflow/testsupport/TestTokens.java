package io.masterflow.testsupport;

import io.masterflow.security.TokenIssuer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Bearer tokens for tests, signed with the one secret the applications under test are started with. */
public final class TestTokens {

    public static final String SECRET = "test-secret-of-masterflow-at-least-32-bytes-long";

    private static final TokenIssuer ISSUER = new TokenIssuer(SECRET);

    private TestTokens() {
    }

    public static String token(String user, UUID account, List<String> engagements, String... roles) {
        return ISSUER.issue(user, account, engagements, List.of(roles), Duration.ofHours(1));
    }

    /** A token of the platform's operator, tied to no account. */
    public static String platformOperator(String user) {
        return ISSUER.issuePlatformOperator(user, Duration.ofHours(1));
    }
}
