package io.masterflow.query.support;

import java.util.UUID;

/** A client account and one of its engagements. Each test makes its own, so counts never include another test's flows. */
public record Tenant(UUID account, UUID engagement) {

    public static Tenant fresh() {
        return new Tenant(UUID.randomUUID(), UUID.randomUUID());
    }

    /** Another engagement of the same account. */
    public Tenant otherEngagement() {
        return new Tenant(account, UUID.randomUUID());
    }
}
