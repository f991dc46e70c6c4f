package io.masterflow.query.live;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.security.EngagementScope;

import java.util.Objects;

/**
 * Whose changes a stream receives: the caller's account and granted engagements always, narrowed to one engagement
 * when asked (null: every granted one).
 */
public record ChangeFilter(ClientAccountId account, EngagementScope scope, EngagementId engagement) {

    public ChangeFilter {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(scope, "engagement scope");
    }

    boolean seesNothing() {
        return scope.grantsNone();
    }
}
