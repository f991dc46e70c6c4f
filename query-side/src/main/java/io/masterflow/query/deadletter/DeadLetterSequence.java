package io.masterflow.query.deadletter;

import java.util.List;

/**
 * The dead letters of one sequence of a processor, oldest first: the refused event, then the later events of the
 * same flow that wait behind it. The sequence identifier is the flow id (Axon sequences events per aggregate).
 */
public record DeadLetterSequence(String processor, String sequenceIdentifier, List<DeadLetterEntry> letters) {

    public DeadLetterSequence {
        letters = List.copyOf(letters);
    }
}
