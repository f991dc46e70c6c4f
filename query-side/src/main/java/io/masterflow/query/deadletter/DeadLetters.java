package io.masterflow.query.deadletter;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.query.axon.QueryProcessors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The query processors' dead letters, scoped by account. A sequence belongs to the account in the metadata of its
 * first letter (every event of a flow carries its flow's account); a sequence whose first letter has no readable
 * account is "unowned": no admin sees it; the platform operator counts, retries and evicts those processor-wide.
 *
 * <p>Methods answer empty for a processor that is not a query processor, and for a sequence that does not exist or
 * belongs to another account: the two look the same from outside.
 */
@Component
public class DeadLetters {

    private final EventProcessingConfiguration processing;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public DeadLetters(EventProcessingConfiguration processing, TransactionTemplate transactions, JdbcTemplate jdbc,
                       @Qualifier("eventSerializer") Serializer serializer) {
        this.processing = processing;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * A page of the account's sequences, ordered by processor (as in {@link QueryProcessors#ALL}) and then by sequence
     * identifier, starting after {@code after} (null: from the first). Only the page's letters are read: each processor
     * holds at most {@code masterflow.dead-letters.max-sequences} sequences, whose first letters decide who owns them.
     */
    public DeadLetterReport report(ClientAccountId account, List<String> processors, Position after, int limit) {
        List<Position> owned = new ArrayList<>();
        for (String processor : processors) {
            for (SequenceHead head : heads(processor)) {
                if (head.owner().filter(account::equals).isPresent() && (after == null || head.position().isAfter(after))) {
                    owned.add(head.position());
                }
            }
        }
        List<Position> page = owned.stream().sorted().limit(limit).toList();
        // one transaction for the page's reads, which each join it
        List<DeadLetterSequence> sequences = transactions.execute(status -> page.stream()
                .map(position -> new DeadLetterSequence(position.processor(), position.sequenceIdentifier(),
                        letters(position.processor(), position.sequenceIdentifier()).stream().map(DeadLetters::entry).toList()))
                .filter(sequence -> !sequence.letters().isEmpty())
                .toList());
        Position next = owned.size() > limit ? page.get(page.size() - 1) : null;
        return new DeadLetterReport(sequences, next);
    }

    /** How many letters of no readable account each query processor holds. */
    public Map<String, Long> unownedLetters() {
        Map<String, Long> unowned = new LinkedHashMap<>();
        for (String processor : QueryProcessors.ALL) {
            unowned.put(processor, heads(processor).stream().filter(head -> head.owner().isEmpty())
                    .mapToLong(SequenceHead::letters).sum());
        }
        return unowned;
    }

    /** Where a sequence stands in the list of every processor's sequences. */
    public record Position(String processor, String sequenceIdentifier) implements Comparable<Position> {

        private static final Comparator<Position> ORDER = Comparator
                .comparingInt((Position position) -> QueryProcessors.ALL.indexOf(position.processor()))
                .thenComparing(Position::sequenceIdentifier);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }

        boolean isAfter(Position other) {
            return compareTo(other) > 0;
        }
    }

    /** A sequence as its first letter and its size tell it, without reading its letters. */
    private record SequenceHead(Position position, long letters, Optional<ClientAccountId> owner) {
    }

    /** Handles the sequence's letters again, in order, through the processor's handlers; stops at the first refused. */
    public Optional<RetryOutcome> retry(String processor, String sequenceIdentifier, ClientAccountId account) {
        return ownedSequence(processor, sequenceIdentifier, account)
                .map(letters -> retry(processor, List.of(sequenceIdentifier)));
    }

    /** Removes the sequence's letters for good, or only the one of {@code eventId}; answers how many were removed. */
    public Optional<Integer> evict(String processor, String sequenceIdentifier, String eventId, ClientAccountId account) {
        return ownedSequence(processor, sequenceIdentifier, account).map(letters -> evict(processor,
                letters.stream().filter(letter -> eventId == null || letter.message().getIdentifier().equals(eventId)).toList()));
    }

    public Optional<RetryOutcome> retryUnowned(String processor) {
        return queue(processor).map(queue -> retry(processor, unownedSequences(processor).stream()
                .map(letters -> sequenceOf(letters.get(0))).toList()));
    }

    public Optional<Integer> evictUnowned(String processor) {
        return queue(processor).map(queue -> evict(processor,
                unownedSequences(processor).stream().flatMap(List::stream).toList()));
    }

    private RetryOutcome retry(String processor, List<String> sequenceIdentifiers) {
        SequencedDeadLetterProcessor<EventMessage<?>> letters = processing.sequencedDeadLetterProcessor(processor).orElseThrow();
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor).orElseThrow();
        int cleared = 0;
        long remaining = 0;
        for (String sequenceIdentifier : sequenceIdentifiers) {
            // each sequence in a unit of work and transaction of its own, as Axon's processor runs it
            Predicate<DeadLetter<? extends EventMessage<?>>> thisSequence = head -> sequenceIdentifier.equals(sequenceOf(head));
            if (letters.process(thisSequence)) {
                cleared++;
            }
            remaining += transactions.execute(status -> queue.sequenceSize(sequenceIdentifier));
        }
        return new RetryOutcome(cleared, remaining);
    }

    private int evict(String processor, List<DeadLetter<? extends EventMessage<?>>> letters) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor).orElseThrow();
        transactions.executeWithoutResult(status -> letters.forEach(queue::evict));
        return letters.size();
    }

    private Optional<List<DeadLetter<? extends EventMessage<?>>>> ownedSequence(String processor, String sequenceIdentifier,
                                                                              ClientAccountId account) {
        List<DeadLetter<? extends EventMessage<?>>> letters = letters(processor, sequenceIdentifier);
        boolean owned = !letters.isEmpty() && owner(letters.get(0).message().getMetaData()).filter(account::equals).isPresent();
        return owned ? Optional.of(letters) : Optional.empty();
    }

    private List<DeadLetter<? extends EventMessage<?>>> letters(String processor, String sequenceIdentifier) {
        return queue(processor).map(queue -> transactions.execute(status -> {
            List<DeadLetter<? extends EventMessage<?>>> all = new ArrayList<>();
            queue.deadLetterSequence(sequenceIdentifier).forEach(all::add);
            return all;
        })).orElse(List.of());
    }

    private List<List<DeadLetter<? extends EventMessage<?>>>> unownedSequences(String processor) {
        return heads(processor).stream().filter(head -> head.owner().isEmpty())
                .map(head -> letters(processor, head.position().sequenceIdentifier()))
                .filter(letters -> !letters.isEmpty())
                .toList();
    }

    /** Every sequence of the processor, with its size and the metadata of its first letter, in one query. */
    private List<SequenceHead> heads(String processor) {
        if (queue(processor).isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT sequence_identifier, count(*), (array_agg(meta_data ORDER BY sequence_index))[1] FROM "
                        + DeadLetterQueues.TABLE + " WHERE processing_group = ? GROUP BY sequence_identifier",
                (row, i) -> new SequenceHead(new Position(processor, row.getString(1)), row.getLong(2), owner(row.getBytes(3))),
                processor);
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String processor) {
        return QueryProcessors.ALL.contains(processor) ? processing.deadLetterQueue(processor) : Optional.empty();
    }

    private Optional<ClientAccountId> owner(byte[] metaData) {
        return metaData == null ? Optional.empty()
                : owner(serializer.<byte[], MetaData>deserialize(new SimpleSerializedObject<>(metaData, byte[].class, MetaData.class.getName(), null)));
    }

    private static Optional<ClientAccountId> owner(MetaData metaData) {
        Object account = metaData.get(MetaDataKeys.CLIENT_ACCOUNT_ID);
        if (account == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClientAccountId(UUID.fromString(account.toString())));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
        if (letter instanceof JdbcDeadLetter<?> stored) {
            return stored.getSequenceIdentifier();
        }
        throw new IllegalStateException("a query processor's dead letter comes from its JDBC queue, not " + letter.getClass());
    }

    private static DeadLetterEntry entry(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        String flowId = null;
        Long flowVersion = null;
        if (message instanceof DomainEventMessage<?> domainEvent) {
            flowId = domainEvent.getAggregateIdentifier();
            flowVersion = domainEvent.getSequenceNumber();
        }
        Optional<Cause> cause = letter.cause();
        return new DeadLetterEntry(message.getIdentifier(), message.getPayloadType().getSimpleName(),
                flowId, flowVersion, cause.map(Cause::type).orElse(null), cause.map(Cause::message).orElse(null),
                letter.enqueuedAt(), letter.lastTouched(), letter.diagnostics());
    }
}
