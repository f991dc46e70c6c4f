package io.masterflow.query.axon;

/**
 * An event whose read-model rows the database refuses for their data (see {@link DatabaseRefusal}). It goes to the
 * dead-letter queue like any event a projection cannot place; the database's exception is not its cause, so the
 * dead-letter policy does not take it for a database that failed.
 */
public class UnstorableEvent extends RuntimeException {

    UnstorableEvent(String processor, Throwable refusal) {
        super("the database refused the rows of " + processor + " for this event: " + DatabaseRefusal.message(refusal));
    }
}
