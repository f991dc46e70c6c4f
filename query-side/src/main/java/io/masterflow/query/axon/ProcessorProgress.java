package io.masterflow.query.axon;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads where each projection (and the webhooks processor) stands: running, in error, its segments, its position and lag, its dead letters. */
@Component
public class ProcessorProgress {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ProcessorFailures failures;

    public ProcessorProgress(EventProcessingConfiguration processing, EventStore eventStore, ProcessorFailures failures) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.failures = failures;
    }

    public List<ProcessorState> all() {
        Long head = head();
        return QueryProcessors.WITH_WEBHOOKS.stream().map(processor -> state(processor, head)).toList();
    }

    public ProcessorState state(String processor) {
        return state(processor, head());
    }

    /** Events between the head of the store and the processor's lowest segment here; null when either is unknown. */
    public Long lag(String processor) {
        return streaming(processor)
                .map(streaming -> lag(head(), position(streaming.processingStatus().values())))
                .orElse(null);
    }

    /** The position of each segment this node claims, by segment id; a segment without one (nothing handled yet) is absent. */
    public Map<Integer, Long> positions(String processor) {
        Map<Integer, Long> positions = new HashMap<>();
        streaming(processor).ifPresent(streaming -> streaming.processingStatus()
                .forEach((segment, status) -> status.getCurrentPosition().ifPresent(position -> positions.put(segment, position))));
        return positions;
    }

    public long deadLetters(String processor) {
        return processing.deadLetterQueue(processor).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    private ProcessorState state(String processor, Long head) {
        long deadLetters = deadLetters(processor);
        StreamingEventProcessor streaming = streaming(processor).orElse(null);
        if (streaming == null) {
            return new ProcessorState(processor, false, false, null, List.of(), null, head, null, deadLetters);
        }
        Collection<EventTrackerStatus> segments = streaming.processingStatus().values();
        String errorType = errorType(processor, segments);
        boolean error = streaming.isError() || errorType != null;
        Long position = position(segments);
        return new ProcessorState(processor, streaming.isRunning(), error,
                errorType,
                segments.stream().map(status -> status.getSegment().getSegmentId()).sorted().toList(),
                position, head, lag(head, position), deadLetters);
    }

    /** Whether the processor is in error, without reading the head of the store or counting dead letters. */
    public boolean error(String processor) {
        return streaming(processor)
                .map(streaming -> streaming.isError() || errorType(processor, streaming.processingStatus().values()) != null)
                .orElse(false);
    }

    /** The failure of a segment in error here, else of the processor's last failed batch (its segment is released between attempts). */
    private String errorType(String processor, Collection<EventTrackerStatus> segments) {
        return segments.stream().filter(EventTrackerStatus::isErrorState)
                .map(EventTrackerStatus::getError).filter(Objects::nonNull).map(failure -> failure.getClass().getName())
                .findFirst().orElse(failures.recent(QueryProcessors.processorOf(processor)).map(ProcessorFailures.Failure::type).orElse(null));
    }

    /** The processor that carries a projection (or the webhooks' own). */
    private Optional<StreamingEventProcessor> streaming(String projection) {
        return processing.eventProcessor(QueryProcessors.processorOf(projection), StreamingEventProcessor.class);
    }

    private static Long position(Collection<EventTrackerStatus> segments) {
        OptionalLong lowest = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min();
        return lowest.isPresent() ? lowest.getAsLong() : null;
    }

    private static Long lag(Long head, Long position) {
        return head != null && position != null ? Math.max(0, head - position) : null;
    }

    private Long head() {
        OptionalLong position = headPosition(eventStore);
        return position.isPresent() ? position.getAsLong() : null;
    }

    /** The position of the newest event in {@code source}; empty while it holds none. */
    public static OptionalLong headPosition(StreamableMessageSource<?> source) {
        TrackingToken head = source.createHeadToken();
        return head == null ? OptionalLong.empty() : head.position();
    }
}
