package io.masterflow.query.deadletter;

/**
 * What a retry did: how many sequences were handled through to the end (their letters are gone, their events
 * projected) and how many letters are still queued in the sequences it tried (refused again, or claimed by another
 * node's retry at the same time).
 */
public record RetryOutcome(int sequencesCleared, long lettersRemaining) {
}
