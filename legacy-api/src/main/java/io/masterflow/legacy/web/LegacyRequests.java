package io.masterflow.legacy.web;

import io.masterflow.events.EngagementId;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** What every legacy call reads the same way: who the tenant is, which engagement, which path family, which fields. */
public final class LegacyRequests {

    public static final String ENGAGEMENT_HEADER = "X-Engagement-Id";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    private LegacyRequests() {
    }

    /**
     * The engagement a call names: the {@code X-Engagement-Id} header, else {@code engagement_id} from the body or
     * query; it must be one the token grants (403 otherwise, as on the current API). Null when neither names one.
     */
    public static EngagementId engagement(String header, String engagementId, Caller caller) {
        String named = header != null && !header.isBlank() ? header : engagementId;
        if (named == null || named.isBlank()) {
            return null;
        }
        String field = header != null && !header.isBlank() ? ENGAGEMENT_HEADER : "engagement_id";
        EngagementId engagement;
        try {
            engagement = EngagementId.of(named.strip());
        } catch (IllegalArgumentException notAUuid) {
            throw new InvalidRequest(field, "'" + field + "' must be a UUID, not '" + named + "'");
        }
        if (!caller.engagements().includes(engagement)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the token does not grant engagement " + engagement);
        }
        return engagement;
    }

    /** As {@link #engagement}, for a call that must name one. */
    public static EngagementId requiredEngagement(String header, String engagementId, Caller caller) {
        EngagementId engagement = engagement(header, engagementId, caller);
        if (engagement == null) {
            throw new InvalidRequest("engagement_id", "an engagement is required: the X-Engagement-Id header or engagement_id");
        }
        return engagement;
    }

    /** The account is always the token's: a body naming another one is refused as a foreign engagement is. */
    public static void sameAccount(String clientAccountId, Caller caller) {
        if (clientAccountId != null && !clientAccountId.strip().equalsIgnoreCase(caller.account().toString())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the token does not grant client account " + clientAccountId);
        }
    }

    public static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequest(field, "'" + field + "' is required");
        }
        if (value.length() > maxLength) {
            throw new InvalidRequest(field, "'" + field + "' must be at most " + maxLength + " characters");
        }
        return value.strip();
    }

    /** The path family the call came through (set by {@link LegacyPathFilter}). */
    public static String family(HttpServletRequest request) {
        Object family = request.getAttribute(LegacyPathFilter.FAMILY);
        if (family == null) {
            throw new IllegalStateException("a legacy call that did not pass the legacy path filter: " + request.getRequestURI());
        }
        return family.toString();
    }
}
