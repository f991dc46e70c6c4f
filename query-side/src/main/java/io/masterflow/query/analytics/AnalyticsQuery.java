package io.masterflow.query.analytics;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.security.EngagementScope;

import java.time.Instant;
import java.util.Objects;

/**
 * Which flows the figures are about: always the caller's account and engagements; every other filter is optional
 * (null). The period is [from, to): flows created in it, attempts and completions that finished in it.
 */
public record AnalyticsQuery(ClientAccountId account, EngagementScope scope, EngagementId engagement, String flowType,
                             Instant from, Instant to) {

    public AnalyticsQuery {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(scope, "engagement scope");
    }
}
