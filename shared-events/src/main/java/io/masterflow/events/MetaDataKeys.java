package io.masterflow.events;

/**
 * Metadata every stored event carries. The server stamps them from the caller's token (never from a request
 * body), so read models and auditors can trust them.
 */
public final class MetaDataKeys {

    /** The {@code sub} of the token that caused the event. */
    public static final String USER_ID = "userId";
    /** The tenant owning the flow. */
    public static final String CLIENT_ACCOUNT_ID = "clientAccountId";
    /** The engagement owning the flow. */
    public static final String ENGAGEMENT_ID = "engagementId";
    /** The id shared by every message of one business request, across services. */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";
    /**
     * The API a command came through when it was not the current one (the legacy layer's path families:
     * {@code legacy-discovery}, {@code legacy-crewai}, {@code legacy-orchestration}, {@code legacy-flows}); absent
     * for the current API and for what the system did by itself.
     */
    public static final String VIA = "via";
    /**
     * The fields of the event's payload its flow type marks as personal ({@code input.contactEmail}), as the flow
     * pinned them; they are stored sealed with the account's key (docs/retention.md). Absent when none is marked.
     */
    public static final String PERSONAL_FIELDS = "personalFields";

    private MetaDataKeys() {
    }
}
