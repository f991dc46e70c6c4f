package io.masterflow.query.deadletter;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.query.axon.QueryProcessors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The query processors' dead letters, scoped by account. A sequence belongs to the account in the metadata of its
 * first letter (every event of a flow carries its flow's account); a sequence whose first letter has no readable
 * account is "unowned": counted for every admin, shown to none, and retried or evicted only processor-wide.
 *
 * <p>Methods answer empty for a processor that is not a query processor, and for a sequence that does not exist or
 * belongs to another account: the two look the same from outside.
 */
@Component
public class DeadLetters {

    private final EventProcessingConfiguration processing;
    private final TransactionTemplate transactions;

    public DeadLetters(EventProcessingConfiguration processing, TransactionTemplate transactions) {
        this.processing = processing;
        this.transactions = transactions;
    }

    public DeadLetterReport report(ClientAccountId account) {
        List<DeadLetterSequence> sequences = new ArrayList<>();
        Map<String, Long> unowned = new LinkedHashMap<>();
        for (String processor : QueryProcessors.ALL) {
            long unownedLetters = 0;
            for (List<DeadLetter<? extends EventMessage<?>>> sequence : sequences(processor)) {
                Optional<ClientAccountId> owner = owner(sequence.get(0));
                if (owner.isEmpty()) {
                    unownedLetters += sequence.size();
                } else if (owner.get().equals(account)) {
                    sequences.add(new DeadLetterSequence(processor, sequenceOf(sequence.get(0)),
                            sequence.stream().map(DeadLetters::entry).toList()));
                }
            }
            unowned.put(processor, unownedLetters);
        }
        return new DeadLetterReport(sequences, unowned);
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
        return queue(processor).flatMap(queue -> {
            List<DeadLetter<? extends EventMessage<?>>> letters = transactions.execute(status -> {
                List<DeadLetter<? extends EventMessage<?>>> all = new ArrayList<>();
                queue.deadLetterSequence(sequenceIdentifier).forEach(all::add);
                return all;
            });
            boolean owned = !letters.isEmpty() && owner(letters.get(0)).filter(account::equals).isPresent();
            return owned ? Optional.of(letters) : Optional.empty();
        });
    }

    private List<List<DeadLetter<? extends EventMessage<?>>>> unownedSequences(String processor) {
        return sequences(processor).stream().filter(letters -> owner(letters.get(0)).isEmpty()).toList();
    }

    private List<List<DeadLetter<? extends EventMessage<?>>>> sequences(String processor) {
        return queue(processor).map(queue -> transactions.execute(status -> {
            List<List<DeadLetter<? extends EventMessage<?>>>> sequences = new ArrayList<>();
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
                sequence.forEach(letters::add);
                if (!letters.isEmpty()) {
                    sequences.add(letters);
                }
            }
            return sequences;
        })).orElse(List.of());
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String processor) {
        return QueryProcessors.ALL.contains(processor) ? processing.deadLetterQueue(processor) : Optional.empty();
    }

    private static Optional<ClientAccountId> owner(DeadLetter<? extends EventMessage<?>> letter) {
        Object account = letter.message().getMetaData().get(MetaDataKeys.CLIENT_ACCOUNT_ID);
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
        Long globalSequence = message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                ? tracked.trackingToken().position().stream().boxed().findFirst().orElse(null) : null;
        String flowId = null;
        Long flowVersion = null;
        if (message instanceof DomainEventMessage<?> domainEvent) {
            flowId = domainEvent.getAggregateIdentifier();
            flowVersion = domainEvent.getSequenceNumber();
        }
        Optional<Cause> cause = letter.cause();
        return new DeadLetterEntry(message.getIdentifier(), message.getPayloadType().getSimpleName(), globalSequence,
                flowId, flowVersion, cause.map(Cause::type).orElse(null), cause.map(Cause::message).orElse(null),
                letter.enqueuedAt(), letter.lastTouched(), letter.diagnostics());
    }
}
