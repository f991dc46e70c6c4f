package io.masterflow.query.deadletter;

import java.util.List;

/**
 * What an admin may see of the dead-letter queues: a page of the sequences of the admin's own account, and where the
 * next page starts (null after the last).
 */
public record DeadLetterReport(List<DeadLetterSequence> sequences, DeadLetters.Position next) {

    public DeadLetterReport {
        sequences = List.copyOf(sequences);
    }
}
