package io.masterflow.query.deadletter;

import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * One dead-lettered event as an admin sees it: which event, why it was refused, since when. The payload is not
 * shown: the event's history endpoint shows it to those allowed to read it. Nor is the event's global position in the
 * store: the gaps between an account's positions would count the other accounts' events.
 *
 * @param flowVersion the event's sequence number in its flow
 * @param diagnostics what the queue recorded about the letter, such as the number of failed attempts
 */
public record DeadLetterEntry(String eventId, String eventType, @Nullable String flowId, @Nullable Long flowVersion,
                              @Nullable String causeType, @Nullable String causeMessage, Instant enqueuedAt, Instant lastTouched,
                              Map<String, Object> diagnostics) {

    public DeadLetterEntry {
        diagnostics = Map.copyOf(diagnostics);
    }
}
