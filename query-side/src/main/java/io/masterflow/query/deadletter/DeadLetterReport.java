package io.masterflow.query.deadletter;

import java.util.List;
import java.util.Map;

/**
 * What an admin may see of the dead-letter queues: a page of the sequences of the admin's own account, where the next
 * page starts (null after the last), and per processor the number of letters that belong to no readable account
 * (counted, never shown).
 */
public record DeadLetterReport(List<DeadLetterSequence> sequences, Map<String, Long> unownedLetters, DeadLetters.Position next) {

    public DeadLetterReport {
        sequences = List.copyOf(sequences);
        unownedLetters = Map.copyOf(unownedLetters);
    }
}
