package io.masterflow.query.axon;

import java.util.List;

/**
 * Where one query processor stands on this node. Positions are global indexes of the event store.
 *
 * @param error          a segment of it (or its coordinator) is in error, or a batch of it failed lately
 *                       (see {@link ProcessorFailures}); it rolls back and retries
 * @param errorType      the exception's class, never its message (which may quote a tenant's data); null without error
 * @param segments       the segments this node has claimed; the others are another node's
 * @param position       the lowest token position among them; null when it claims none
 * @param head           the last event in the store; null for an empty store
 * @param lag            events between the head and the position; null when either is unknown
 * @param deadLetters    letters in its dead-letter queue, of every account
 */
public record ProcessorState(String processor, boolean running, boolean error, String errorType, List<Integer> segments,
                             Long position, Long head, Long lag, long deadLetters) {

    public ProcessorState {
        segments = List.copyOf(segments);
    }
}
