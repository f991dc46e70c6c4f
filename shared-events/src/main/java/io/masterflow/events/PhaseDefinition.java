package io.masterflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One phase of a flow type as a flow pins it at creation: later versions of the flow type never change it.
 *
 * @param timeout    how long one attempt may run; {@code null} for no limit
 * @param validators validator references, run on the phase's input before it starts and on its output before it completes
 * @param handler    name of the in-process handler bean, or {@value #EXTERNAL} when a worker does the phase
 * @param personal   the fields of the phase's input and output that are personal data ({@code input.contactEmail},
 *                   {@code output.owner.email}): stored sealed with the account's key (docs/retention.md), or
 *                   with the key of the user the value names when the field ends in {@value #USER_SUBJECT}; flows
 *                   created before the field existed have none
 */
public record PhaseDefinition(PhaseName name, boolean required, Duration timeout, RetryPolicy retry,
                              List<ValidatorRef> validators, String handler,
                              // left out when empty: the events of flow types that mark nothing read as before
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> personal) {

    public static final String EXTERNAL = "external";
    /** The first part of a personal field: the phase's input, or its output. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    /** The end of a personal field whose value names a user: sealed with that user's key rather than the account's. */
    public static final String USER_SUBJECT = "@user";

    /** A phase without personal fields. */
    public PhaseDefinition(PhaseName name, boolean required, Duration timeout, RetryPolicy retry,
                           List<ValidatorRef> validators, String handler) {
        this(name, required, timeout, retry, validators, handler, List.of());
    }

    public PhaseDefinition {
        Objects.requireNonNull(name, "phase name");
        retry = Objects.requireNonNullElse(retry, RetryPolicy.NONE);
        validators = validators == null ? List.of() : List.copyOf(validators);
        handler = handler == null || handler.isBlank() ? EXTERNAL : handler;
        personal = personal == null ? List.of() : List.copyOf(personal);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout of phase " + name + " must be positive: " + timeout);
        }
    }

    /** The personal fields of one side ({@value #INPUT} or {@value #OUTPUT}), each as the path below it. */
    public List<String> personalFieldsOf(String side) {
        return personal.stream().filter(field -> field.startsWith(side + ".")).map(field -> field.substring(side.length() + 1)).toList();
    }
}
