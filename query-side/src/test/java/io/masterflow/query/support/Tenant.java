package io.masterflow.query.support;

import java.util.UUID;

/** A client account and one of its engagements. Each test makes its own, so counts never include another test's flows. */
public record Tenant(UUID account, UUID engagement) {

    /** Accounts with limits of their own (IntegrationTest sets them), so that a test can go over one quickly. */
    public static final String STREAM_LIMITED = "a6000000-0000-0000-0000-000000000000";
    public static final String WAIT_LIMITED = "a7000000-0000-0000-0000-000000000000";
    public static final String EXPORT_LIMITED = "a8000000-0000-0000-0000-000000000000";
    public static final String READ_LIMITED = "a9000000-0000-0000-0000-000000000000";

    /** An engagement of its own in one of the accounts above. */
    public static Tenant of(String account) {
        return new Tenant(UUID.fromString(account), UUID.randomUUID());
    }

    public static Tenant fresh() {
        return new Tenant(UUID.randomUUID(), UUID.randomUUID());
    }

    /** Another engagement of the same account. */
    public Tenant otherEngagement() {
        return new Tenant(account, UUID.randomUUID());
    }
}
