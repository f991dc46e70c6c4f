package io.masterflow.query.analytics;

/** How a flow, or one attempt of a phase, ended. */
public enum Outcome {
    COMPLETED,
    FAILED
}
