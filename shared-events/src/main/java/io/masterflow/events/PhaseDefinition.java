package io.masterflow.events;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One phase of a flow type as a flow pins it at creation: later versions of the flow type never change it.
 *
 * @param timeout    how long one attempt may run; {@code null} for no limit
 * @param validators validator references, run on the phase's input before it starts and on its output before it completes
 * @param handler    name of the in-process handler bean, or {@value #EXTERNAL} when a worker does the phase
 */
public record PhaseDefinition(PhaseName name, boolean required, Duration timeout, RetryPolicy retry,
                              List<ValidatorRef> validators, String handler) {

    public static final String EXTERNAL = "external";

    public PhaseDefinition {
        Objects.requireNonNull(name, "phase name");
        retry = Objects.requireNonNullElse(retry, RetryPolicy.NONE);
        validators = validators == null ? List.of() : List.copyOf(validators);
        handler = handler == null || handler.isBlank() ? EXTERNAL : handler;
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout of phase " + name + " must be positive: " + timeout);
        }
    }
}
