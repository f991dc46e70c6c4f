package io.masterflow.batch;

/** What a batch's command takes: a reason for any, the phase for a rewind. */
public record BatchArguments(String reason, String toPhase) {

    public static final BatchArguments NONE = new BatchArguments(null, null);
}
