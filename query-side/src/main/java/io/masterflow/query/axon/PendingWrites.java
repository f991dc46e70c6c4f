package io.masterflow.query.axon;

/** What a projection's handlers have left to write in the current batch. */
public interface PendingWrites {

    /**
     * Writes what is pending and forgets it. When the database refuses, what was pending is forgotten all the same,
     * and the refusal is thrown: its event goes to the dead-letter queue.
     */
    void write();
}
