package io.masterflow.query.webhook;

import java.util.Set;
import java.util.UUID;

/**
 * What the webhooks processor needs of an active webhook to decide which events it gets.
 *
 * @param engagements  null for every engagement of its account
 * @param fromPosition the head of the event store when it was created: it gets only events stored after it
 */
public record Subscription(UUID webhookId, UUID account, Set<String> eventTypes, Set<UUID> engagements, long fromPosition) {

    /** An event of the subscription's account: does it get it? */
    public boolean wants(String eventType, UUID engagement, long position) {
        return position > fromPosition && eventTypes.contains(eventType)
                && (engagements == null || (engagement != null && engagements.contains(engagement)));
    }
}
